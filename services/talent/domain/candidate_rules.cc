#include "services/talent/domain/candidate_rules.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/api/contact_rules.h"
#include "common/api/text_rules.h"
#include "common/errors/errors.h"
#include "common/money/money.h"
#include "common/time/working_hours.h"
#include "services/talent/domain/countries.h"

namespace meridian::talent {
namespace {

constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxShortText = 100;
constexpr size_t kMaxNotesLength = 20000;
constexpr int kMaxListItems = 50;

void CheckText(std::string& text, absl::string_view field, bool required, size_t max_length,
               FieldViolations& violations) {
  text = std::string(absl::StripAsciiWhitespace(text));
  if (required && text.empty()) {
    violations.Add(field, "is required");
  } else if (text.size() > max_length) {
    violations.Add(field, absl::StrCat("must be at most ", max_length, " characters"));
  }
}

void CheckSkills(v1::Candidate& candidate, absl::string_view field, const SkillCatalog& catalog,
                 FieldViolations& violations) {
  auto& skills = *candidate.mutable_skills();
  if (skills.empty()) {
    violations.Add(field, "must list at least one skill");
    return;
  }
  if (skills.size() > kMaxListItems) {
    violations.Add(field, absl::StrCat("must have at most ", kMaxListItems, " skills"));
    return;
  }
  std::set<std::string> seen;
  for (int i = 0; i < skills.size(); ++i) {
    v1::CandidateSkill& skill = *skills.Mutable(i);
    const std::string at = absl::StrCat(field, "[", i, "]");
    if (absl::StripAsciiWhitespace(skill.skill()).empty()) {
      violations.Add(absl::StrCat(at, ".skill"), "is required");
    } else if (skill.skill().size() > kMaxShortText) {
      violations.Add(absl::StrCat(at, ".skill"),
                     absl::StrCat("must be at most ", kMaxShortText, " characters"));
    } else if (std::optional<std::string> id = catalog.Resolve(skill.skill()); !id) {
      violations.Add(absl::StrCat(at, ".skill"),
                     absl::StrCat(Quote(skill.skill()), " is not a known skill",
                                  catalog.DidYouMean(skill.skill())));
    } else if (!seen.insert(*id).second) {
      violations.Add(absl::StrCat(at, ".skill"), absl::StrCat(*id, " is listed more than once"));
    } else {
      skill.set_skill(*id);
    }
    if (skill.level() < 1 || skill.level() > 5) {
      violations.Add(absl::StrCat(at, ".level"), "must be between 1 and 5");
    }
    if (skill.years() < 0 || skill.years() > 50) {
      violations.Add(absl::StrCat(at, ".years"), "must be between 0 and 50");
    }
  }
}

}  // namespace

void ClearOutputOnlyFields(v1::Candidate& candidate) {
  candidate.clear_name();
  candidate.clear_create_time();
  candidate.clear_update_time();
  candidate.clear_etag();
  candidate.clear_owner();
}

absl::Status PrepareCandidate(v1::Candidate& candidate, absl::string_view field,
                              const SkillCatalog& catalog) {
  FieldViolations violations;
  const auto at = [&](absl::string_view name) { return absl::StrCat(field, ".", name); };
  CheckTextFields(candidate, field, violations);
  CheckText(*candidate.mutable_display_name(), at("display_name"), true, kMaxNameLength,
            violations);
  candidate.set_email(std::string(absl::StripAsciiWhitespace(candidate.email())));
  if (candidate.email().empty()) {
    violations.Add(at("email"), "is required");
  } else if (!LooksLikeEmail(candidate.email())) {
    violations.Add(at("email"), "must be an email address");
  }
  if (!candidate.phone().empty() && !LooksLikePhone(candidate.phone())) {
    violations.Add(
        at("phone"),
        "must be a phone number: 5-20 digits with spaces - . ( ) and at most one + at the start");
  }
  if (candidate.country().empty()) {
    violations.Add(at("country"), "is required");
  } else if (!IsIsoCountryCode(candidate.country())) {
    violations.Add(at("country"), absl::StrCat("must be an ISO 3166-1 alpha-2 code such as "
                                               "\"PT\"; ",
                                               Quote(candidate.country()), " is not one"));
  }
  if (!candidate.has_working_hours()) {
    violations.Add(at("working_hours"), "is required (time zone and hours)");
  } else {
    ValidateWorkingHours(candidate.working_hours(), at("working_hours"), violations);
    NormalizeWorkingHours(*candidate.mutable_working_hours());
  }
  CheckSkills(candidate, at("skills"), catalog, violations);

  std::set<int> kinds;
  for (int i = 0; i < candidate.kinds_size(); ++i) {
    const int kind = candidate.kinds(i);
    if (kind == common::v1::ROLE_KIND_UNSPECIFIED || !common::v1::RoleKind_IsValid(kind)) {
      violations.Add(absl::StrCat(at("kinds"), "[", i, "]"), "is not a known role kind");
    }
    kinds.insert(kind);
  }
  candidate.clear_kinds();
  for (int kind : kinds) candidate.add_kinds(static_cast<common::v1::RoleKind>(kind));

  if (!common::v1::Seniority_IsValid(candidate.seniority())) {
    violations.Add(at("seniority"), "is not a known seniority");
  }
  if (candidate.soft_skills_size() > kMaxListItems) {
    violations.Add(at("soft_skills"), absl::StrCat("must have at most ", kMaxListItems, " items"));
  } else {
    for (int i = 0; i < candidate.soft_skills_size(); ++i) {
      CheckText(*candidate.mutable_soft_skills(i), absl::StrCat(at("soft_skills"), "[", i, "]"),
                true, kMaxShortText, violations);
    }
  }
  if (!v1::EnglishLevel_IsValid(candidate.english_level())) {
    violations.Add(at("english_level"), "must be A1 to C2");
  }
  if (!candidate.has_monthly_rate()) {
    violations.Add(at("monthly_rate"), "is required");
  } else {
    ValidateMoney(candidate.monthly_rate(), at("monthly_rate"), violations);
  }
  if (candidate.has_available_from()) {
    const google::type::Date& date = candidate.available_from();
    const absl::CivilDay day(date.year(), date.month(), date.day());
    if (date.year() < 2000 || date.year() > 2100 || day.year() != date.year() ||
        day.month() != date.month() || day.day() != date.day()) {
      violations.Add(at("available_from"), "must be a real calendar date between 2000 and 2100");
    }
  }
  if (!v1::Candidate::State_IsValid(candidate.state())) {
    violations.Add(at("state"), "is not a known state");
  }
  CheckText(*candidate.mutable_source(), at("source"), false, kMaxNameLength, violations);
  if (candidate.notes().size() > kMaxNotesLength) {
    violations.Add(at("notes"), absl::StrCat("must be at most ", kMaxNotesLength, " characters"));
  }
  return violations.ToStatus();
}

}  // namespace meridian::talent
