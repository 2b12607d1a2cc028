#include "services/intake/domain/validation.h"

#include <cmath>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/api/contact_rules.h"
#include "common/api/text_rules.h"
#include "common/errors/errors.h"
#include "common/money/money.h"
#include "common/time/working_hours.h"
#include "services/intake/domain/role_kind_advisor.h"

namespace meridian::intake {
namespace {

constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxMissionLength = 4000;
constexpr size_t kMaxNotesLength = 20000;
constexpr size_t kMaxShortText = 100;
constexpr int kMaxListItems = 50;
constexpr int kMaxTeamSize = 5'000'000;
constexpr double kDefaultMinOverlapHours = 4.0;
// A new match is worth an alert from this score up, unless the role says otherwise.
constexpr int kDefaultAlertMinScore = 80;

std::string Trimmed(const std::string& text) {
  return std::string(absl::StripAsciiWhitespace(text));
}

void CheckRequiredText(std::string& text, absl::string_view field, size_t max_length,
                       FieldViolations& violations) {
  text = Trimmed(text);
  if (text.empty()) {
    violations.Add(field, "is required");
  } else if (text.size() > max_length) {
    violations.Add(field, absl::StrCat("must be at most ", max_length, " characters"));
  }
}

void CheckOptionalText(const std::string& text, absl::string_view field, size_t max_length,
                       FieldViolations& violations) {
  if (text.size() > max_length) {
    violations.Add(field, absl::StrCat("must be at most ", max_length, " characters"));
  }
}

void CheckShortTextList(google::protobuf::RepeatedPtrField<std::string>& items,
                        absl::string_view field, FieldViolations& violations) {
  if (items.size() > kMaxListItems) {
    violations.Add(field, absl::StrCat("must have at most ", kMaxListItems, " items"));
    return;
  }
  for (int i = 0; i < items.size(); ++i) {
    CheckRequiredText(*items.Mutable(i), absl::StrCat(field, "[", i, "]"), kMaxShortText,
                      violations);
  }
}

bool LooksLikeWebsite(absl::string_view url) {
  for (absl::string_view scheme : {"https://", "http://"}) {
    if (absl::StartsWithIgnoreCase(url, scheme)) {
      const absl::string_view rest = url.substr(scheme.size());
      const absl::string_view host = rest.substr(0, rest.find('/'));
      return !host.empty() && absl::StrContains(host, '.') && !absl::StrContains(url, ' ') &&
             url.size() <= 2000;
    }
  }
  return false;
}

void CheckSkills(google::protobuf::RepeatedPtrField<common::v1::SkillRequirement>& skills,
                 absl::string_view field, const SkillCatalog& catalog, std::set<std::string>& seen,
                 FieldViolations& violations) {
  if (skills.size() > kMaxListItems) {
    violations.Add(field, absl::StrCat("must have at most ", kMaxListItems, " skills"));
    return;
  }
  for (int i = 0; i < skills.size(); ++i) {
    common::v1::SkillRequirement& skill = *skills.Mutable(i);
    const std::string at = absl::StrCat(field, "[", i, "]");
    if (Trimmed(skill.skill()).empty()) {
      violations.Add(absl::StrCat(at, ".skill"), "is required");
    } else if (skill.skill().size() > kMaxShortText) {
      violations.Add(absl::StrCat(at, ".skill"),
                     absl::StrCat("must be at most ", kMaxShortText, " characters"));
    } else if (std::optional<std::string> id = catalog.Resolve(skill.skill()); !id.has_value()) {
      violations.Add(absl::StrCat(at, ".skill"),
                     absl::StrCat(Quote(skill.skill()), " is not a known skill",
                                  catalog.DidYouMean(skill.skill())));
    } else if (!seen.insert(*id).second) {
      violations.Add(absl::StrCat(at, ".skill"), absl::StrCat(*id, " is listed more than once"));
    } else {
      skill.set_skill(*id);
    }
    if (skill.min_level() == 0) skill.set_min_level(1);
    if (skill.min_level() < 1 || skill.min_level() > 5) {
      violations.Add(absl::StrCat(at, ".min_level"), "must be between 1 and 5");
    }
    if (skill.min_years() < 0 || skill.min_years() > 50) {
      violations.Add(absl::StrCat(at, ".min_years"), "must be between 0 and 50");
    }
  }
}

}  // namespace

void ClearOutputOnlyFields(v1::Client& client) {
  client.clear_name();
  client.clear_create_time();
  client.clear_update_time();
  client.clear_etag();
}

void ClearOutputOnlyFields(v1::Role& role) {
  role.clear_name();
  role.clear_create_time();
  role.clear_update_time();
  role.clear_etag();
  role.clear_kind_recommendation();
  role.clear_client_display_name();
}

absl::Status ValidateClient(v1::Client& client, absl::string_view field) {
  FieldViolations violations;
  const auto at = [&](absl::string_view name) { return absl::StrCat(field, ".", name); };
  CheckTextFields(client, field, violations);
  CheckRequiredText(*client.mutable_display_name(), at("display_name"), kMaxNameLength, violations);
  CheckOptionalText(client.mission(), at("mission"), kMaxMissionLength, violations);
  CheckOptionalText(client.notes(), at("notes"), kMaxNotesLength, violations);
  CheckShortTextList(*client.mutable_culture_values(), at("culture_values"), violations);
  if (!client.website().empty() && !LooksLikeWebsite(client.website())) {
    violations.Add(at("website"), "must be an http:// or https:// URL with a host name");
  }
  // The largest employers have about two million people; anything far above is a typo.
  if (client.team_size() < 0 || client.team_size() > kMaxTeamSize) {
    violations.Add(at("team_size"), absl::StrCat("must be between 0 and ", kMaxTeamSize));
  }
  if (!client.has_working_hours()) {
    violations.Add(at("working_hours"), "is required (time zone and core hours)");
  } else {
    ValidateWorkingHours(client.working_hours(), at("working_hours"), violations);
    NormalizeWorkingHours(*client.mutable_working_hours());
  }
  if (client.contacts_size() > kMaxListItems) {
    violations.Add(at("contacts"), absl::StrCat("must have at most ", kMaxListItems, " items"));
  } else {
    for (int i = 0; i < client.contacts_size(); ++i) {
      v1::Contact& contact = *client.mutable_contacts(i);
      const std::string contact_at = absl::StrCat(at("contacts"), "[", i, "]");
      CheckRequiredText(*contact.mutable_display_name(), absl::StrCat(contact_at, ".display_name"),
                        kMaxNameLength, violations);
      CheckOptionalText(contact.title(), absl::StrCat(contact_at, ".title"), kMaxNameLength,
                        violations);
      if (!contact.email().empty() && !LooksLikeEmail(contact.email())) {
        violations.Add(absl::StrCat(contact_at, ".email"), "must be an email address");
      }
      if (!contact.phone().empty() && !LooksLikePhone(contact.phone())) {
        violations.Add(absl::StrCat(contact_at, ".phone"),
                       "must be a phone number: 5-20 digits with spaces - . ( ) and at most one + "
                       "at the start");
      }
    }
  }
  return violations.ToStatus();
}

absl::Status PrepareRole(v1::Role& role, absl::string_view field, const SkillCatalog& catalog,
                         const v1::Client& client) {
  FieldViolations violations;
  const auto at = [&](absl::string_view name) { return absl::StrCat(field, ".", name); };
  CheckTextFields(role, field, violations);
  CheckRequiredText(*role.mutable_title(), at("title"), kMaxNameLength, violations);

  if (!common::v1::RoleKind_IsValid(role.kind())) {
    violations.Add(at("kind"), "is not a known role kind");
  }
  role.clear_kind_recommendation();
  if (HasAnyAnswer(role.kind_answers())) {
    absl::StatusOr<v1::RoleKindRecommendation> recommendation =
        RecommendRoleKind(role.kind_answers(), at("kind_answers"));
    if (recommendation.ok()) {
      *role.mutable_kind_recommendation() = *recommendation;
      if (role.kind() == common::v1::ROLE_KIND_UNSPECIFIED) role.set_kind(recommendation->kind());
    } else if (auto details = GetBadRequest(recommendation.status())) {
      for (const auto& violation : details->field_violations()) {
        violations.Add(violation.field(), violation.description());
      }
    }
  } else if (role.kind() == common::v1::ROLE_KIND_UNSPECIFIED) {
    violations.Add(at("kind"), "is required unless kind_answers are given");
  }
  if (!common::v1::Seniority_IsValid(role.seniority())) {
    violations.Add(at("seniority"), "is not a known seniority");
  }

  std::set<std::string> seen_skills;
  CheckSkills(*role.mutable_required_skills(), at("required_skills"), catalog, seen_skills,
              violations);
  CheckSkills(*role.mutable_nice_to_have_skills(), at("nice_to_have_skills"), catalog, seen_skills,
              violations);
  CheckShortTextList(*role.mutable_soft_skills(), at("soft_skills"), violations);

  if (!role.has_working_hours()) *role.mutable_working_hours() = client.working_hours();
  ValidateWorkingHours(role.working_hours(), at("working_hours"), violations);
  NormalizeWorkingHours(*role.mutable_working_hours());

  if (!role.has_min_overlap_hours()) role.set_min_overlap_hours(kDefaultMinOverlapHours);
  if (!std::isfinite(role.min_overlap_hours()) || role.min_overlap_hours() < 0 ||
      role.min_overlap_hours() > 24) {
    violations.Add(at("min_overlap_hours"), "must be between 0 and 24");
  }
  if (role.has_monthly_budget())
    ValidateMoney(role.monthly_budget(), at("monthly_budget"), violations);
  if (role.headcount() == 0) role.set_headcount(1);
  if (role.headcount() < 1 || role.headcount() > 100) {
    violations.Add(at("headcount"), "must be between 1 and 100");
  }
  if (role.alert_min_score() == 0) role.set_alert_min_score(kDefaultAlertMinScore);
  if (role.alert_min_score() < 1 || role.alert_min_score() > 100) {
    violations.Add(at("alert_min_score"), "must be between 1 and 100");
  }
  if (role.has_start_by()) {
    const google::type::Date& date = role.start_by();
    const absl::CivilDay day(date.year(), date.month(), date.day());
    if (date.year() < 2000 || date.year() > 2100 || day.year() != date.year() ||
        day.month() != date.month() || day.day() != date.day()) {
      violations.Add(at("start_by"), "must be a real calendar date between 2000 and 2100");
    }
  }
  if (!v1::Role::State_IsValid(role.state())) {
    violations.Add(at("state"), "is not a known state");
  }
  return violations.ToStatus();
}

}  // namespace meridian::intake
