// The hard filters a candidate's own fields decide (state, ids, countries, English, role kinds,
// availability and budget), prepared once per search as sorted arrays and plain numbers, so
// that the tens of thousands of hits an unselective search checks cost a few compares each.
//
//   const RecordFilters filters(query);
//   if (!filters.CanMatch()) return;   // nobody can pass
//   if (filters.Passes(id, state, country, english, kinds, available_day, rate_usd)) ...
#pragma once

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "services/talent/search/indexed_candidate.h"
#include "services/talent/search/query.h"

namespace meridian::talent::search {

// A two-letter country code as one number.
inline uint16_t CountryCode(std::array<char, 2> country) {
  return static_cast<uint16_t>(static_cast<uint8_t>(country[0]) << 8 |
                               static_cast<uint8_t>(country[1]));
}

class RecordFilters final {
 public:
  explicit RecordFilters(const SearchQuery& query)
      : query_(query),
        excluded_(query.excluded_ids.begin(), query.excluded_ids.end()),
        countries_(CodesOf(query.countries)),
        excluded_countries_(CodesOf(query.excluded_countries)),
        available_by_(query.available_by ? DaysSinceEpoch(*query.available_by) : 0),
        budget_limit_(query.budget_usd ? *query.budget_usd * (1 + query.budget_tolerance) + 1e-9
                                       : 0) {
    std::sort(excluded_.begin(), excluded_.end());
    any_ = !excluded_.empty() || !countries_.empty() || !excluded_countries_.empty() ||
           query.min_english > 0 || query.kinds_mask != 0 || query.available_by.has_value() ||
           query.budget_usd.has_value();
  }

  // False when nobody can pass: an include list whose codes are all malformed.
  bool CanMatch() const { return query_.countries.empty() || !countries_.empty(); }
  // Whether any filter beyond the state applies (if not, records need not be read).
  bool any() const { return any_; }
  // Whether a filter reads what only the full record holds (the id and the role kinds).
  bool ReadsRecord() const { return !excluded_.empty() || query_.kinds_mask != 0; }

  bool Passes(std::string_view id, uint8_t state, std::array<char, 2> country, uint8_t english,
              uint32_t kinds, int32_t available_day, double rate_usd) const {
    if (!IsSearchableState(state)) return false;
    if (!any_) return true;
    if (!excluded_.empty() && std::binary_search(excluded_.begin(), excluded_.end(), id)) {
      return false;
    }
    if (!countries_.empty() || !excluded_countries_.empty()) {
      const uint16_t code = CountryCode(country);
      if (!countries_.empty() && !std::binary_search(countries_.begin(), countries_.end(), code)) {
        return false;
      }
      if (std::binary_search(excluded_countries_.begin(), excluded_countries_.end(), code)) {
        return false;
      }
    }
    if (query_.min_english > 0 && english < query_.min_english) return false;
    if (query_.kinds_mask != 0 && (kinds & query_.kinds_mask) == 0) return false;
    if (query_.available_by && available_day != INT32_MIN && available_day > available_by_) {
      return false;
    }
    if (query_.budget_usd && (rate_usd < 0 || rate_usd > budget_limit_)) return false;
    return true;
  }

 private:
  static std::vector<uint16_t> CodesOf(const std::unordered_set<std::string>& names) {
    std::vector<uint16_t> codes;
    for (const std::string& name : names) {
      if (name.size() == 2) codes.push_back(CountryCode({name[0], name[1]}));
    }
    std::sort(codes.begin(), codes.end());
    return codes;
  }

  const SearchQuery& query_;
  std::vector<std::string_view> excluded_;
  std::vector<uint16_t> countries_;
  std::vector<uint16_t> excluded_countries_;
  int32_t available_by_;
  double budget_limit_;
  bool any_ = false;
};

}  // namespace meridian::talent::search
