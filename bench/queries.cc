#include "bench/queries.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace meridian::bench {
namespace {

uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

constexpr int kEnglishB2 = 4;
constexpr int32_t kAvailableWithinDays = 28;

}  // namespace

QueryMix::QueryMix(const SkillVocabulary& vocabulary, uint64_t seed, uint64_t stream)
    : vocabulary_(vocabulary), state_(Mix(seed ^ 0x71756572795f6d69ULL) ^ Mix(stream + 1)) {}

uint64_t QueryMix::NextRandom() {
  state_ += 0x9e3779b97f4a7c15ULL;
  return Mix(state_);
}

int QueryMix::Uniform(int lo, int hi) {
  return lo + static_cast<int>(NextRandom() % static_cast<uint64_t>(hi - lo + 1));
}

BenchQuery QueryMix::Next() {
  const int ticket = Uniform(0, 99);
  return Next(ticket < 60   ? QueryClass::kSelective
              : ticket < 90 ? QueryClass::kMid
                            : QueryClass::kUnselective);
}

BenchQuery QueryMix::Next(QueryClass query_class) {
  BenchQuery query;
  query.query_class = query_class;
  query.client = Uniform(0, static_cast<int>(kClientWindows.size()) - 1);
  switch (query_class) {
    case QueryClass::kSelective: {
      // Two siblings of a family in the less popular three quarters of the tail.
      const int families = vocabulary_.families();
      const int family = Uniform(families / 4, families - 1);
      const int first = Uniform(0, SkillVocabulary::kFamilySize - 1);
      int second = Uniform(0, SkillVocabulary::kFamilySize - 2);
      if (second >= first) ++second;
      query.required = {{vocabulary_.tail(family, first), 2},
                        {vocabulary_.tail(family, second), 2}};
      query.min_overlap_hours = 2;
      break;
    }
    case QueryClass::kMid: {
      query.required = {{Uniform(9, 24), 3}};
      query.min_overlap_hours = 4;
      if (Uniform(0, 1) == 0) {
        if (query.client == 0) {
          query.budget_units = 7000;
          query.budget_currency = "USD";
          query.budget_usd = 7000.0 * 1.0;
        } else {
          query.budget_units = 6000;
          query.budget_currency = "EUR";
          query.budget_usd = 6000.0 * 1.08;
        }
      } else {
        query.min_english = kEnglishB2;
        query.available_by_day = static_cast<int32_t>(ReferenceDay() - absl::CivilDay(1970, 1, 1)) +
                                 kAvailableWithinDays;
        query.excluded_countries = {"IN"};
      }
      break;
    }
    case QueryClass::kUnselective:
      query.required = {{Uniform(0, 3), 1}};
      query.min_overlap_hours = 0;
      break;
  }
  return query;
}

talent::v1::SearchCandidatesRequest ToSearchRequest(const BenchQuery& query,
                                                    const SkillVocabulary& vocabulary,
                                                    int page_size) {
  talent::v1::SearchCandidatesRequest request;
  talent::v1::SearchCriteria& criteria = *request.mutable_criteria();
  for (const BenchQuery::Need& need : query.required) {
    auto* skill = criteria.add_required_skills();
    skill->set_skill(vocabulary.ids[static_cast<size_t>(need.skill)]);
    skill->set_min_level(need.min_level);
  }
  auto* hours = criteria.mutable_working_hours();
  hours->set_time_zone(kClientWindows[static_cast<size_t>(query.client)].zone);
  hours->set_start("09:00");
  hours->set_end("17:00");
  criteria.set_min_overlap_hours(query.min_overlap_hours);
  if (query.budget_units) {
    criteria.mutable_monthly_budget()->set_currency_code(query.budget_currency);
    criteria.mutable_monthly_budget()->set_units(*query.budget_units);
  }
  if (query.min_english > 0) {
    criteria.set_min_english_level(static_cast<talent::v1::EnglishLevel>(query.min_english));
  }
  if (query.available_by_day) {
    const absl::CivilDay day = absl::CivilDay(1970, 1, 1) + *query.available_by_day;
    criteria.mutable_available_by()->set_year(static_cast<int32_t>(day.year()));
    criteria.mutable_available_by()->set_month(day.month());
    criteria.mutable_available_by()->set_day(day.day());
  }
  for (const std::string& country : query.excluded_countries)
    criteria.add_excluded_countries(country);
  const absl::CivilDay reference = ReferenceDay();
  request.mutable_reference_date()->set_year(static_cast<int32_t>(reference.year()));
  request.mutable_reference_date()->set_month(reference.month());
  request.mutable_reference_date()->set_day(reference.day());
  request.set_page_size(page_size);
  return request;
}

std::string ToSql(const BenchQuery& query, bool count_only) {
  std::vector<std::string> codes;
  for (const BenchQuery::Need& need : query.required) {
    codes.push_back(absl::StrCat(SkillLevelCode(need.skill, need.min_level)));
  }
  std::string sql = count_only ? "SELECT count(*) FROM bench.candidates_sql WHERE "
                               : "SELECT id, score FROM bench.candidates_sql WHERE ";
  absl::StrAppend(&sql, "skills @> '{", absl::StrJoin(codes, ","), "}'::int[] AND state IN (1, 2)");
  if (query.min_overlap_hours > 0) {
    // Whole minutes on both sides: the column holds the minimum daily overlap in minutes.
    absl::StrAppend(&sql, " AND overlap_", kClientWindows[static_cast<size_t>(query.client)].name,
                    " >= ", static_cast<int>(query.min_overlap_hours * 60 + 0.5));
  }
  if (query.budget_units) {
    // As search compares: the rate in US dollars within the budget (plus 1e-9 for rounding).
    absl::StrAppend(&sql, " AND rate_usd <= ", absl::StrFormat("%.17g", query.budget_usd),
                    " + 1e-9");
  }
  if (query.min_english > 0) absl::StrAppend(&sql, " AND english >= ", query.min_english);
  if (query.available_by_day) {
    absl::StrAppend(&sql, " AND available_day <= ", *query.available_by_day);
  }
  if (!query.excluded_countries.empty()) {
    std::vector<std::string> quoted;
    for (const std::string& country : query.excluded_countries) {
      quoted.push_back(absl::StrCat("'", country, "'"));
    }
    absl::StrAppend(&sql, " AND country NOT IN (", absl::StrJoin(quoted, ", "), ")");
  }
  if (!count_only) absl::StrAppend(&sql, " ORDER BY score DESC LIMIT 50");
  return sql;
}

}  // namespace meridian::bench
