// What a PARTNER may see and set of the contract's resources, as pure rules over the messages:
// its agency's candidates (Candidate.owner) with only its own agency's external id, the
// submissions its agency made without what weighs the client's budget or names the client, and
// OPEN roles without the budget or the client's name. Staff (ADMIN, RECRUITER) and the services see
// and set everything. The cores apply these after reading and before answering (another tenant's
// resource is NOT_FOUND), and the event feed applies the same to the resources its events carry.
//
//   std::optional<StoredCandidate> stored = FindCandidate(tx, id, false);
//   if (!stored || stored->erased || !MaySee(call.caller, stored->candidate)) {
//     return NotFound(name);
//   }
//   ShowTo(call.caller, stored->candidate);
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "common/auth/caller.h"
#include "common/errors/errors.h"
#include "meridian/intake/v1/intake.pb.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian {

// Candidate.external_ids may hold at most this many agencies' ids.
inline constexpr int kMaxExternalIds = 20;
// An external id is 1-128 printable characters.
inline constexpr size_t kMaxExternalIdLength = 128;

// The owner a candidate gets from the caller that creates it: the PARTNER's agency, or none
// (the agency's own sourcers' pool) for anyone else.
std::string OwnerFor(const Caller& caller);

// True when `caller` may see `candidate`: a PARTNER only its agency's, everyone else all.
bool MaySee(const Caller& caller, const talent::v1::Candidate& candidate);

// Removes from a candidate the caller may see what it still may not: for a PARTNER, the other
// agencies' external ids.
void ShowTo(const Caller& caller, talent::v1::Candidate& candidate);

// Checks `candidate.external_ids` (under `field`, "candidate") as `caller` may set them:
// agency keys "agencies/{agency}", values of 1-128 printable characters, at most 20 entries;
// a PARTNER names only its own agency.
void CheckExternalIds(const Caller& caller, const talent::v1::Candidate& candidate,
                      absl::string_view field, FieldViolations& violations);

// A PARTNER's update replaces only its own agency's external id: the other agencies' entries
// of `stored` (which it never saw) are carried into `updated`.
void KeepOtherAgenciesIds(const Caller& caller, const talent::v1::Candidate& stored,
                          talent::v1::Candidate& updated);

// "agencies/{agency}" when the caller's agency or staff put the submission forward, as
// Submission.submitted_by records it.
std::string SubmitterFor(const Caller& caller);

// True when `caller` may see `submission`: a PARTNER only the ones its agency made.
bool MaySee(const Caller& caller, const talent::v1::Submission& submission);

// For a PARTNER: no match_score or match_factors (they weigh the client's budget), no
// client_display_name (partners never see clients), and no actor, on_behalf_of or note on the
// moves another key made.
void ShowTo(const Caller& caller, talent::v1::Submission& submission);

// True when `caller` may see `role`: a PARTNER only OPEN roles, everyone else all.
bool MaySee(const Caller& caller, const intake::v1::Role& role);

// For a PARTNER: clears monthly_budget, kind_answers and kind_recommendation (what the client
// told the agency alone), and client_display_name (partners never see clients).
void ShowTo(const Caller& caller, intake::v1::Role& role);

}  // namespace meridian
