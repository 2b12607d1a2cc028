// How a candidate who passed the hard filters is scored, factor by factor (numbers only: the
// sentences a recruiter reads are written from these by search_proto/explain.h).
//
// The factors and their weights (100 in all, kFactorWeights in factor_weights.h): skills 35,
// nice-to-haves 15, overlap 15, rate against budget 10, seniority 10, availability 5, English
// 5, soft skills 5. A factor the search does not ask about gives its full points, so scores
// stay comparable.
//
//   ScoreParts parts = Score(candidate, query, overlap, skill_names);
//   parts.ByFactor()[static_cast<size_t>(Factor::kRate)] == parts.rate
#pragma once

#include <array>
#include <string>
#include <vector>

#include "services/talent/domain/overlap.h"
#include "services/talent/search/factor_weights.h"
#include "services/talent/search/indexed_candidate.h"
#include "services/talent/search/query.h"

namespace meridian::talent {

// Skill lookups the scorer needs: each need's interned skill (or -1 when no candidate has
// ever had it).
struct ResolvedNeeds {
  // A related skill as the index numbers it (query.nice[i].related).
  struct Related {
    int skill = -1;
    double weight = 0;
  };
  std::vector<int> required;
  std::vector<int> nice;
  // By query.nice, the related skills some candidate holds, heaviest first; empty when no
  // nice-to-have has any (the scorer then reads nothing more than without relations).
  std::vector<std::vector<Related>> nice_related;
  std::vector<int> soft_skills;  // interned query.soft_skills, -1 when unknown to the index
};

// How much of one nice-to-have a candidate meets: all of it when they hold it at the level and
// years asked; else the weight of the heaviest related skill they hold at level and years that
// still meet the ask once multiplied by that weight (Django 5 at 0.8 is Python 4); else none.
struct NiceCredit {
  double credit = 0;  // 0, a related skill's weight, or 1
  int through = -1;   // the related skill (interned) when it gave the credit
};
NiceCredit CreditNice(const CandidateView& candidate, const ResolvedNeeds& needs,
                      const SkillNeed& need, size_t index);

struct ScoreParts {
  double skills = 0;
  double nice = 0;
  double overlap = 0;
  double rate = 0;
  double seniority = 0;
  double availability = 0;
  double english = 0;
  double soft_skills = 0;
  double total() const {
    return skills + nice + overlap + rate + seniority + availability + english + soft_skills;
  }
  // The points by factor, in kFactorWeights' order.
  std::array<double, kFactorCount> ByFactor() const {
    return {skills, nice, overlap, rate, seniority, availability, english, soft_skills};
  }
};

// US dollars per unit of the candidate's currency under the query's exchange rates, or -1.
double UsdPerUnit(const IndexedCandidate& candidate, const SearchQuery& query);

// The level and years the candidate has in `skill` (interned), or nullptr.
const IndexedSkill* FindSkill(const CandidateView& candidate, int skill);
// Whether a held skill (nullptr: not held) meets the level and years a need asks.
bool MeetsNeed(const IndexedSkill* has, const SkillNeed& need);
// Whether the candidate lists `soft_skill` (interned; negative: unknown to the index).
bool HasSoftSkill(const CandidateView& candidate, int soft_skill);

// A monthly rate in US dollars from its units and the dollars per unit of its currency
// (negative, as the result, when the currency has no exchange rate).
inline double RateUsd(int64_t rate_units, double usd_per_unit) {
  return usd_per_unit < 0 ? -1 : static_cast<double>(rate_units) * usd_per_unit;
}

// The view of a full record, given the US dollars per unit of its currency (negative when
// there is no exchange rate).
CandidateView ViewOf(const IndexedCandidate& candidate, double usd_per_unit);

// How far a held skill goes beyond the need, from 0.7 (just meets it) to 1.0; the skills
// factor is its mean over the required skills.
double RequiredSkillMargin(const SkillNeed& need, int level, int years);
// The skills factor for a sum of margins over `required_count` required skills.
double SkillsPoints(double margin_sum, size_t required_count);
// The overlap factor for a candidate with this overlap.
double OverlapPoints(const SearchQuery& query, const Overlap& overlap);

// The most this candidate can score: the cheap factors exactly, the skills factor as given
// (its maximum when unknown) and the nice-to-have and soft-skill factors at their maximum. A
// candidate whose bound is below the worst score on a full page cannot enter it.
double ScoreUpperBound(const CandidateView& candidate, const SearchQuery& query,
                       const Overlap& overlap, double skills_points = MaxPoints(Factor::kSkills));

// An upper bound, in tenths, on the factors a candidate's compact fields decide (rate,
// seniority, availability and English), from tables built once per query: for the tens of
// thousands of candidates a search bounds before it scores any.
//
//   CheapFactorBound cheap(query);
//   int most = skills_tenths + overlap_tenths + cheap.Tenths(view) + nice_and_soft_tenths;
//   int group_most = cheap.BestTenths(best_of_group, seniorities_bits);
class CheapFactorBound final {
 public:
  explicit CheapFactorBound(const SearchQuery& query);
  int Tenths(const CandidateView& candidate) const;
  // The same for any of a group of candidates, from the best each factor sees among them:
  // `best` holds the highest English, the earliest available day and the lowest rate in
  // dollars (negative when it cannot be told, which scores as the best rate), and
  // `seniorities` a bit per seniority value held (1 << value, bit 7 for 7 and above). Each
  // factor never falls as its field gets better, seniority's maximum over the values held.
  int BestTenths(const CandidateView& best, uint8_t seniorities) const;

 private:
  static constexpr int kLastTabledValue = 7;
  // Rate, availability and English.
  int TenthsBesideSeniority(const CandidateView& candidate) const;
  const SearchQuery& query_;
  int32_t reference_day_;
  std::vector<int16_t> seniority_;             // by seniority value, up to kLastTabledValue
  std::vector<int16_t> english_;               // by English level, up to kLastTabledValue
  std::vector<int16_t> availability_;          // by days waited, the last for that many or more
  std::array<int16_t, 256> best_seniority_{};  // by `seniorities` bits
};

// Numbers only: cheap enough for every candidate that passes the filters.
ScoreParts Score(const CandidateView& candidate, const SearchQuery& query,
                 const ResolvedNeeds& needs, const Overlap& overlap);
inline ScoreParts Score(const IndexedCandidate& candidate, const SearchQuery& query,
                        const ResolvedNeeds& needs, const Overlap& overlap) {
  return Score(ViewOf(candidate, UsdPerUnit(candidate, query)), query, needs, overlap);
}

}  // namespace meridian::talent
