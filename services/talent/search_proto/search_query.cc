#include "services/talent/search_proto/search_query.h"

#include <cmath>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/api/time_rules.h"
#include "common/errors/errors.h"
#include "common/money/money.h"
#include "services/talent/domain/countries.h"

namespace meridian::talent {
namespace {

constexpr int kMaxPageSize = 200;
constexpr int kDefaultPageSize = 50;
constexpr int kDefaultHorizonDays = 56;

void ResolveSkills(const google::protobuf::RepeatedPtrField<common::v1::SkillRequirement>& needs,
                   const std::string& field, const SkillCatalog& catalog,
                   std::vector<SkillNeed>& out, FieldViolations& violations) {
  if (needs.size() > 50) {
    violations.Add(field, "must have at most 50 skills");
    return;
  }
  for (int i = 0; i < needs.size(); ++i) {
    const auto& need = needs[i];
    const std::string at = absl::StrCat(field, "[", i, "]");
    std::optional<std::string> id;
    if (need.skill().size() <= 100) id = catalog.Resolve(need.skill());
    if (!id) {
      violations.Add(absl::StrCat(at, ".skill"),
                     absl::StrCat(Quote(need.skill()), " is not a known skill",
                                  catalog.DidYouMean(need.skill().substr(0, 100))));
      continue;
    }
    const int level = need.min_level() == 0 ? 1 : need.min_level();
    if (level < 1 || level > 5) violations.Add(absl::StrCat(at, ".min_level"), "must be 1 to 5");
    if (need.min_years() < 0 || need.min_years() > 50) {
      violations.Add(absl::StrCat(at, ".min_years"), "must be between 0 and 50");
    }
    out.push_back({*id, level, need.min_years()});
  }
}

std::optional<absl::CivilDay> ToDay(const google::type::Date& date) {
  std::optional<absl::CivilDay> day = CalendarDay(date);
  if (!day || day->year() < 2000 || day->year() > 2100) return std::nullopt;
  return day;
}

}  // namespace

absl::StatusOr<SearchQuery> PrepareQuery(const v1::SearchCriteria& criteria,
                                         const SearchOptions& options, absl::string_view field,
                                         const SkillCatalog& catalog,
                                         std::unordered_map<std::string, double> usd_per_unit,
                                         absl::Time now) {
  FieldViolations violations;
  const auto at = [&](absl::string_view name) { return absl::StrCat(field, ".", name); };
  // Every wrong field is reported at once: bad working hours are noted and the rest checked
  // against a stand-in (the query is never run then).
  absl::StatusOr<WeeklyHours> hours =
      criteria.has_working_hours()
          ? WeeklyHours::From(criteria.working_hours(), at("working_hours"))
          : absl::StatusOr<WeeklyHours>(absl::InvalidArgumentError("missing"));
  if (!criteria.has_working_hours()) {
    violations.Add(at("working_hours"), "is required: overlap is computed against it");
  } else if (!hours.ok()) {
    if (auto details = GetBadRequest(hours.status())) {
      for (const auto& v : details->field_violations()) violations.Add(v.field(), v.description());
    } else {
      violations.Add(at("working_hours"), hours.status().message());
    }
  }
  if (!hours.ok()) {
    common::v1::WorkingHours stand_in;
    stand_in.set_time_zone("UTC");
    stand_in.set_start("09:00");
    stand_in.set_end("17:00");
    hours = WeeklyHours::From(stand_in);
  }
  SearchQuery query(*hours);
  ResolveSkills(criteria.required_skills(), at("required_skills"), catalog, query.required,
                violations);
  ResolveSkills(criteria.nice_to_have_skills(), at("nice_to_have_skills"), catalog, query.nice,
                violations);
  // A nice-to-have may be met at a discount through a skill that implies it (Django for
  // Python). The heaviest relations only: each is a lookup for a candidate who lacks the skill.
  constexpr size_t kMaxRelatedPerNeed = 32;
  for (SkillNeed& need : query.nice) {
    for (const SkillRelation& relation : catalog.Implying(need.skill)) {
      if (need.related.size() == kMaxRelatedPerNeed) break;
      need.related.push_back({relation.skill, relation.weight});
    }
  }
  if (criteria.has_min_overlap_hours()) {
    query.min_overlap_hours = criteria.min_overlap_hours();
    if (!std::isfinite(query.min_overlap_hours) || query.min_overlap_hours < 0 ||
        query.min_overlap_hours > 24) {
      violations.Add(at("min_overlap_hours"), "must be between 0 and 24");
    }
  }
  if (criteria.has_monthly_budget()) {
    ValidateMoney(criteria.monthly_budget(), at("monthly_budget"), violations);
    if (criteria.monthly_budget().units() == 0) {
      violations.Add(at("monthly_budget.units"),
                     "must be positive (leave the budget out for none)");
    }
    query.budget_units = criteria.monthly_budget().units();
    query.budget_currency = criteria.monthly_budget().currency_code();
    auto rate = usd_per_unit.find(criteria.monthly_budget().currency_code());
    if (rate == usd_per_unit.end()) {
      if (IsIsoCurrencyCode(criteria.monthly_budget().currency_code())) {
        violations.Add(at("monthly_budget.currency_code"),
                       "has no exchange rate; add one with UpdateExchangeRate");
      }
    } else {
      query.budget_usd = static_cast<double>(criteria.monthly_budget().units()) * rate->second;
    }
  }
  if (!std::isfinite(options.budget_tolerance_percent) || options.budget_tolerance_percent < 0 ||
      options.budget_tolerance_percent > 100) {
    violations.Add("budget_tolerance_percent", "must be between 0 and 100");
  }
  query.budget_tolerance = options.budget_tolerance_percent / 100.0;
  if (!common::v1::Seniority_IsValid(criteria.seniority())) {
    violations.Add(at("seniority"), "is not a known seniority");
  }
  query.seniority = criteria.seniority();
  for (int i = 0; i < criteria.kinds_size(); ++i) {
    const int kind = criteria.kinds(i);
    if (kind <= 0 || !common::v1::RoleKind_IsValid(kind)) {
      violations.Add(absl::StrCat(at("kinds"), "[", i, "]"), "is not a known role kind");
    } else {
      query.kinds_mask |= 1u << kind;
    }
  }
  if (criteria.has_available_by()) {
    query.available_by = ToDay(criteria.available_by());
    if (!query.available_by) violations.Add(at("available_by"), "must be a real date");
  }
  for (const std::string& country : criteria.countries()) {
    if (!IsIsoCountryCode(country)) {
      violations.Add(at("countries"), absl::StrCat(Quote(country), " is not an ISO 3166 code"));
    }
    query.countries.insert(country);
  }
  for (const std::string& country : criteria.excluded_countries()) {
    if (!IsIsoCountryCode(country)) {
      violations.Add(at("excluded_countries"),
                     absl::StrCat(Quote(country), " is not an ISO 3166 code"));
    }
    query.excluded_countries.insert(country);
  }
  if (!v1::EnglishLevel_IsValid(criteria.min_english_level())) {
    violations.Add(at("min_english_level"), "must be A1 to C2");
  }
  query.min_english = criteria.min_english_level();
  for (const std::string& soft : criteria.soft_skills()) {
    query.soft_skills.push_back(absl::AsciiStrToLower(absl::StripAsciiWhitespace(soft)));
  }
  if (options.horizon_days < 0 || options.horizon_days > 366) {
    violations.Add("horizon_days", "must be between 1 and 366 (0 means 56)");
  }
  query.horizon_days = options.horizon_days == 0 ? kDefaultHorizonDays : options.horizon_days;
  query.reference_date =
      options.reference_date.value_or(absl::ToCivilDay(now, query.client_hours.zone()));
  if (options.page_size < 0 || options.page_size > kMaxPageSize) {
    violations.Add("page_size", absl::StrCat("must be between 0 and ", kMaxPageSize));
  }
  query.page_size = options.page_size == 0 ? kDefaultPageSize : options.page_size;
  for (const std::string& name : options.excluded_candidates) {
    if (name.rfind("candidates/", 0) != 0) {
      violations.Add("excluded_candidates", "must hold names like \"candidates/{candidate}\"");
      break;
    }
    query.excluded_ids.insert(name.substr(strlen("candidates/")));
  }
  if (!violations.empty()) return violations.ToStatus();
  query.usd_per_unit = std::move(usd_per_unit);
  return query;
}

}  // namespace meridian::talent
