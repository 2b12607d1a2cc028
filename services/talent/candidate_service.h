// The talent pool's business logic, free of gRPC: candidates, the skill vocabulary and
// exchange rates. Each method is one RPC in one database transaction; every write to a
// candidate also appends to the change feed the search index follows. A PARTNER caller sees
// and changes only its agency's candidates; any other reads as NOT_FOUND. Every change to a
// candidate appends its event (candidate.created, .updated, .erased) to the event feed.
//
//   db::ConnectionPool pool({.url = url});
//   CandidateService candidates(pool);
//   absl::StatusOr<v1::Candidate> created = candidates.CreateCandidate(request, call);
#pragma once

#include <functional>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/call_context.h"
#include "common/db/pool.h"
#include "google/protobuf/empty.pb.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian::talent {

class CandidateService final {
 public:
  // `now` is the clock DraftCandidate counts "to present" with (tests give their own).
  explicit CandidateService(
      db::ConnectionPool& pool, std::function<absl::Time()> now = [] { return absl::Now(); })
      : pool_(pool), now_(std::move(now)) {}

  // These five apply the caller's tenancy (services/talent/domain/candidate_tenancy.h).
  absl::StatusOr<v1::Candidate> CreateCandidate(const v1::CreateCandidateRequest& request,
                                                const CallContext& call);
  absl::StatusOr<v1::Candidate> GetCandidate(const v1::GetCandidateRequest& request,
                                             const CallContext& call);
  absl::StatusOr<v1::ListCandidatesResponse> ListCandidates(
      const v1::ListCandidatesRequest& request, const CallContext& call);
  absl::StatusOr<v1::Candidate> LookupCandidate(const v1::LookupCandidateRequest& request,
                                                const CallContext& call);
  absl::StatusOr<v1::Candidate> UpdateCandidate(const v1::UpdateCandidateRequest& request,
                                                const CallContext& call);
  absl::StatusOr<google::protobuf::Empty> DeleteCandidate(const v1::DeleteCandidateRequest& request,
                                                          const CallContext& call);
  absl::StatusOr<v1::Candidate> ReleaseCandidate(const v1::ReleaseCandidateRequest& request,
                                                 const CallContext& call);
  absl::StatusOr<v1::ListCandidateErasuresResponse> ListCandidateErasures(
      const v1::ListCandidateErasuresRequest& request, absl::Time deadline);

  // Drafts a candidate from a CV (domain/candidate_draft.h) and saves nothing; the catalog is
  // read in a transaction of its own. Never logs the text or the draft.
  absl::StatusOr<v1::CandidateDraft> DraftCandidate(const v1::DraftCandidateRequest& request,
                                                    absl::Time deadline);

  absl::StatusOr<v1::ListSkillsResponse> ListSkills(const v1::ListSkillsRequest& request,
                                                    absl::Time deadline);
  absl::StatusOr<v1::Skill> CreateSkill(const v1::CreateSkillRequest& request, absl::Time deadline);

  absl::StatusOr<v1::ListExchangeRatesResponse> ListExchangeRates(
      const v1::ListExchangeRatesRequest& request, absl::Time deadline);
  absl::StatusOr<v1::ExchangeRate> UpdateExchangeRate(const v1::UpdateExchangeRateRequest& request,
                                                      absl::Time deadline);

 private:
  db::ConnectionPool& pool_;
  std::function<absl::Time()> now_;
};

// "candidates/{candidate}" -> id, or INVALID_ARGUMENT on `field`.
absl::StatusOr<std::string> ParseCandidateName(absl::string_view name, absl::string_view field);

}  // namespace meridian::talent
