#include "common/tenancy/partner_view.h"

#include "absl/strings/str_cat.h"
#include "common/api/resource_names.h"
#include "common/api/text_rules.h"

namespace meridian {

std::string OwnerFor(const Caller& caller) {
  return caller.is_partner() ? caller.agency : std::string();
}

bool MaySee(const Caller& caller, const talent::v1::Candidate& candidate) {
  return !caller.is_partner() || (!caller.agency.empty() && candidate.owner() == caller.agency);
}

void ShowTo(const Caller& caller, talent::v1::Candidate& candidate) {
  if (!caller.is_partner()) return;
  auto& ids = *candidate.mutable_external_ids();
  for (auto it = ids.begin(); it != ids.end();) {
    if (it->first == caller.agency) {
      ++it;
    } else {
      it = ids.erase(it);
    }
  }
}

void CheckExternalIds(const Caller& caller, const talent::v1::Candidate& candidate,
                      absl::string_view field, FieldViolations& violations) {
  const std::string at = absl::StrCat(field, ".external_ids");
  if (candidate.external_ids_size() > kMaxExternalIds) {
    violations.Add(at, absl::StrCat("must have at most ", kMaxExternalIds, " entries"));
    return;
  }
  for (const auto& [agency, id] : candidate.external_ids()) {
    const std::string entry = absl::StrCat(at, "[", Quote(agency), "]");
    if (!ParseResourceName(agency, {"agencies"}, entry).ok()) {
      violations.Add(entry, "the key must be an agency's name, \"agencies/{agency}\"");
    } else if (caller.is_partner() && agency != caller.agency) {
      violations.Add(entry, absl::StrCat("a partner agency sets only its own id, under ",
                                         Quote(caller.agency)));
    }
    if (id.empty() || id.size() > kMaxExternalIdLength || HasControlCharacter(id)) {
      violations.Add(entry, "the id must be 1-128 characters without control characters");
    }
  }
}

void KeepOtherAgenciesIds(const Caller& caller, const talent::v1::Candidate& stored,
                          talent::v1::Candidate& updated) {
  if (!caller.is_partner()) return;
  auto& ids = *updated.mutable_external_ids();
  for (auto it = ids.begin(); it != ids.end();) {
    it = it->first == caller.agency ? std::next(it) : ids.erase(it);
  }
  for (const auto& [agency, id] : stored.external_ids()) {
    if (agency != caller.agency) ids[agency] = id;
  }
}

std::string SubmitterFor(const Caller& caller) {
  return caller.is_partner() ? caller.agency : caller.principal;
}

bool MaySee(const Caller& caller, const talent::v1::Submission& submission) {
  return !caller.is_partner() ||
         (!caller.agency.empty() && submission.submitted_by() == caller.agency);
}

void ShowTo(const Caller& caller, talent::v1::Submission& submission) {
  if (!caller.is_partner()) return;
  submission.clear_match_score();
  submission.clear_match_factors();
  submission.clear_client_display_name();  // partners never see clients
  for (talent::v1::Submission::StageChange& change : *submission.mutable_history()) {
    if (change.actor() == caller.principal) continue;
    change.clear_actor();
    change.clear_on_behalf_of();
    change.clear_note();
    change.clear_override_reason();
  }
}

bool MaySee(const Caller& caller, const intake::v1::Role& role) {
  return !caller.is_partner() || role.state() == intake::v1::Role::OPEN;
}

void ShowTo(const Caller& caller, intake::v1::Role& role) {
  if (!caller.is_partner()) return;
  role.clear_monthly_budget();
  role.clear_kind_answers();
  role.clear_kind_recommendation();
  role.clear_client_display_name();
}

}  // namespace meridian
