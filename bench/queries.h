// The query mix, and each query as a SearchCandidates request and as the SQL baseline's
// statement, so that both sides answer the same questions in the same order.
//
//   QueryMix mix(pool.vocabulary(), seed, /*stream=*/thread_index);
//   BenchQuery query = mix.Next();  // 60% selective, 30% mid, 10% unselective
//   talent::v1::SearchCandidatesRequest request = ToSearchRequest(query, pool.vocabulary());
//   std::string sql = ToSql(query);
//
// The classes:
// - selective: two rare skills (siblings from one tail family) at level 2+, a New York or
//   Berlin client, at least 2 hours of overlap;
// - mid: one mid-popularity canonical skill (popularity ranks 10-25) at level 3+, a New York
//   or Berlin client with the default 4 hours of overlap, and either a budget (7,000 USD in
//   New York, 6,000 EUR in Berlin) or English B2+, availability within 4 weeks and India
//   excluded;
// - unselective: one of the four most popular skills at any level, a New York or Berlin
//   client, no minimum overlap, nothing else.
// Every search has page_size 50 and reference_date ReferenceDay() (56-day horizon).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/pool.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian::bench {

enum class QueryClass { kSelective = 0, kMid = 1, kUnselective = 2 };
inline constexpr int kQueryClasses = 3;
inline constexpr std::array<const char*, kQueryClasses> kQueryClassNames = {"selective", "mid",
                                                                            "unselective"};

// The clients whose working hours the searches use (Monday to Friday, 09:00-17:00).
struct ClientWindow {
  const char* name;  // also the SQL baseline's column suffix: overlap_<name>
  const char* zone;
};
inline constexpr std::array<ClientWindow, 2> kClientWindows = {
    ClientWindow{"new_york", "America/New_York"}, ClientWindow{"berlin", "Europe/Berlin"}};

struct BenchQuery {
  QueryClass query_class = QueryClass::kSelective;
  struct Need {
    int skill;  // vocabulary code
    int min_level;
  };
  std::vector<Need> required;
  int client = 0;  // index into kClientWindows
  double min_overlap_hours = 4;
  // Budget, when any: whole units of a currency, and the same in US dollars as search
  // converts it (units times the seeded exchange rate).
  std::optional<int64_t> budget_units;
  std::string budget_currency;
  double budget_usd = 0;
  int min_english = 0;                      // talent.v1.EnglishLevel, 0 for any
  std::optional<int32_t> available_by_day;  // days since 1970-01-01
  std::vector<std::string> excluded_countries;
};

class QueryMix final {
 public:
  // `stream` separates threads: each gets its own sequence, the same in every phase.
  QueryMix(const SkillVocabulary& vocabulary, uint64_t seed, uint64_t stream);
  BenchQuery Next();
  // A query of the given class (for checks outside the timed phases).
  BenchQuery Next(QueryClass query_class);

 private:
  uint64_t NextRandom();
  int Uniform(int lo, int hi);

  const SkillVocabulary& vocabulary_;
  uint64_t state_;
};

talent::v1::SearchCandidatesRequest ToSearchRequest(const BenchQuery& query,
                                                    const SkillVocabulary& vocabulary,
                                                    int page_size = 50);

// The baseline's statement: SELECT id, score FROM bench.candidates_sql WHERE <the hard filters
// above> ORDER BY score DESC LIMIT 50 (or, with count_only, SELECT count(*) with the same
// filters). Values are numbers and country codes the mix generated: no user input.
std::string ToSql(const BenchQuery& query, bool count_only = false);

// A skill at a level, as the baseline's int[] holds it: (skill, level) is skill * 8 + level,
// and a candidate's array holds every level up to theirs, so "level >= n" is one element.
inline int SkillLevelCode(int skill, int level) { return skill * 8 + level; }

}  // namespace meridian::bench
