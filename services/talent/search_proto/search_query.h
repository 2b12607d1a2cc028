// A search request's criteria as the engine's SearchQuery (services/talent/search/query.h),
// prepared once per request: criteria resolved to canonical skills, the client's hours loaded,
// the budget converted to US dollars, every wrong field reported at once.
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
#include "services/talent/search/query.h"

namespace meridian::talent {

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
