// What a search asks, in the engine's own terms: canonical skill ids, the client's hours
// loaded, the budget in US dollars, the filters and the page. Built by the service from a
// request (search_proto/search_query.h, PrepareQuery); the engine reads nothing else.
//
//   SearchQuery query(client_hours);
//   query.required.push_back({"go", 3, 0});
//   query.reference_date = absl::CivilDay(2027, 6, 7);
//   SearchResult result = index.Search(query);
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "absl/time/civil_time.h"
#include "services/talent/domain/overlap.h"

namespace meridian::talent {

// A date as the index stores it: days since 1970-01-01.
inline int32_t DaysSinceEpoch(absl::CivilDay day) {
  return static_cast<int32_t>(day - absl::CivilDay(1970, 1, 1));
}

// Where a page ends in the ranking: score descending, then display name, then id.
struct SearchCursor {
  double score = 0;
  std::string display_name;
  std::string id;
};

// True when a match with these keys ranks before the cursor's (or is the cursor itself).
inline bool RanksBefore(double score, const std::string& display_name, const std::string& id,
                        const SearchCursor& other) {
  if (score != other.score) return score > other.score;
  if (display_name != other.display_name) return display_name < other.display_name;
  return id <= other.id;
}

// A skill that counts toward a need at a discount: whoever has Django has some Python (the
// skill catalog's relations, SkillCatalog::Implying).
struct RelatedSkill {
  std::string skill;  // canonical id
  double weight = 0;  // (0, 1]: the share of its level and years that counts, and of the need
};

struct SkillNeed {
  std::string skill;  // canonical id
  int min_level = 1;
  int min_years = 0;
  // Nice-to-haves only: the skills that count toward this one at a discount, heaviest first.
  // Required skills stay a hard filter on the skill itself.
  std::vector<RelatedSkill> related = {};
};

struct SearchQuery {
  explicit SearchQuery(WeeklyHours hours) : client_hours(std::move(hours)) {}

  std::vector<SkillNeed> required;
  std::vector<SkillNeed> nice;
  WeeklyHours client_hours;
  double min_overlap_hours = 4;
  // Budget in US dollars per month, and as given (for the explanation).
  std::optional<double> budget_usd;
  int64_t budget_units = 0;
  std::string budget_currency;  // ISO 4217
  double budget_tolerance = 0;  // a fraction: 0.1 is 10%
  int seniority = 0;            // common.v1.Seniority's number, 0 when any
  uint32_t kinds_mask = 0;      // bit per common.v1.RoleKind number; 0 when any
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
  // False when the caller shows only the ranking (the API's BASIC view): each match then
  // carries its record's id and state, its score, parts and overlap, and none of the values
  // explanations are written from (no skills copied, no needs looked up), which a FULL page
  // spends most of its engine time on.
  bool explain = true;
};

}  // namespace meridian::talent
