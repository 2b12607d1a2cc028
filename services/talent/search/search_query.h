// A search, prepared once per request: criteria resolved to canonical skills, the client's
// hours loaded, the budget converted to US dollars, and the page cursor decoded.
//
//   absl::StatusOr<SearchQuery> query = PrepareQuery(criteria, options, catalog, rates);
//   SearchResult result = index.Search(*query);
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/skills/skill_catalog.h"
#include "meridian/talent/v1/talent.pb.h"
#include "services/talent/domain/overlap.h"

namespace meridian::talent {

// Where a page ends in the ranking: score descending, then display name, then id.
struct SearchCursor {
  double score = 0;
  std::string display_name;
  std::string id;
};

// True when a match with these keys ranks before the cursor's (or is the cursor itself).
bool RanksBefore(double score, const std::string& display_name, const std::string& id,
                 const SearchCursor& other);

struct SkillNeed {
  std::string skill;  // canonical id
  int min_level = 1;
  int min_years = 0;
};

struct SearchQuery {
  explicit SearchQuery(WeeklyHours hours) : client_hours(std::move(hours)) {}

  std::vector<SkillNeed> required;
  std::vector<SkillNeed> nice;
  WeeklyHours client_hours;
  double min_overlap_hours = 4;
  // Budget in US dollars per month, and as given (for the explanation).
  std::optional<double> budget_usd;
  common::v1::Money budget;
  double budget_tolerance = 0;  // a fraction: 0.1 is 10%
  int seniority = 0;            // common::v1::Seniority, 0 when any
  uint32_t kinds_mask = 0;      // bit per common::v1::RoleKind; 0 when any
  std::optional<absl::CivilDay> available_by;
  std::unordered_set<std::string> countries;
  std::unordered_set<std::string> excluded_countries;
  int min_english = 0;
  std::vector<std::string> soft_skills;  // lower case
  absl::CivilDay reference_date;
  int horizon_days = 56;
  std::unordered_set<std::string> excluded_ids;
  // When set, only this candidate is considered (to score one candidate against a role).
  std::optional<std::string> only_id;
  // US dollars per unit of each currency.
  std::unordered_map<std::string, double> usd_per_unit;
  size_t page_size = 50;
  std::optional<SearchCursor> after;
};

struct SearchOptions {
  double budget_tolerance_percent = 0;
  std::optional<absl::CivilDay> reference_date;  // default: today in the client's zone
  int horizon_days = 0;                          // 0 means 56
  std::vector<std::string> excluded_candidates;  // "candidates/{id}"
  int page_size = 0;                             // 0 means 50
};

// Validates and prepares `criteria`; INVALID_ARGUMENT names fields under `field`.
absl::StatusOr<SearchQuery> PrepareQuery(const v1::SearchCriteria& criteria,
                                         const SearchOptions& options, absl::string_view field,
                                         const SkillCatalog& catalog,
                                         std::unordered_map<std::string, double> usd_per_unit,
                                         absl::Time now);

}  // namespace meridian::talent
