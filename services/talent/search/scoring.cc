#include "services/talent/search/scoring.h"

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>

#include "absl/time/civil_time.h"
#include "services/talent/search/factor_weights.h"

namespace meridian::talent {
namespace {

constexpr double kSkillsPoints = MaxPoints(Factor::kSkills);
constexpr double kNicePoints = MaxPoints(Factor::kNiceToHave);
constexpr double kOverlapPoints = MaxPoints(Factor::kOverlap);
constexpr double kRatePoints = MaxPoints(Factor::kRate);
constexpr double kSeniorityPoints = MaxPoints(Factor::kSeniority);
constexpr double kAvailabilityPoints = MaxPoints(Factor::kAvailability);
constexpr double kEnglishPoints = MaxPoints(Factor::kEnglish);
constexpr double kSoftSkillPoints = MaxPoints(Factor::kSoftSkills);

double Clamp01(double x) { return std::max(0.0, std::min(1.0, x)); }

double CountSoftSkills(const CandidateView& candidate, const ResolvedNeeds& needs) {
  double count = 0;
  for (int soft_skill : needs.soft_skills) count += HasSoftSkill(candidate, soft_skill) ? 1 : 0;
  return count;
}

}  // namespace

bool MeetsNeed(const IndexedSkill* has, const SkillNeed& need) {
  return has != nullptr && has->level >= need.min_level && has->years >= need.min_years;
}

bool HasSoftSkill(const CandidateView& candidate, int soft_skill) {
  return soft_skill >= 0 && std::binary_search(candidate.soft_skills,
                                               candidate.soft_skills + candidate.soft_skill_count,
                                               static_cast<uint32_t>(soft_skill));
}

const IndexedSkill* FindSkill(const CandidateView& candidate, int skill) {
  if (skill < 0) return nullptr;
  const IndexedSkill* end = candidate.skills + candidate.skill_count;
  const IndexedSkill* it = std::lower_bound(
      candidate.skills, end, skill,
      [](const IndexedSkill& s, int wanted) { return static_cast<int>(s.skill) < wanted; });
  return it != end && it->skill == skill ? it : nullptr;
}

CandidateView ViewOf(const IndexedCandidate& candidate, double usd_per_unit) {
  CandidateView view;
  view.skills = candidate.skills.data();
  view.skill_count = candidate.skills.size();
  view.soft_skills = candidate.soft_skills.data();
  view.soft_skill_count = candidate.soft_skills.size();
  view.seniority = candidate.seniority;
  view.english = candidate.english;
  view.available_day = candidate.available_day;
  view.rate_usd = RateUsd(candidate.rate_units, usd_per_unit);
  return view;
}

double UsdPerUnit(const IndexedCandidate& candidate, const SearchQuery& query) {
  auto rate = query.usd_per_unit.find(std::string(candidate.currency.data(), 3));
  return rate == query.usd_per_unit.end() ? -1 : rate->second;
}

namespace {

double Tenths(double points) { return std::round(points * 10) / 10; }

// The heaviest related skill the candidate holds at a level and years that, multiplied by its
// weight, still meet the need. Out of line: only a nice-to-have the candidate lacks and that
// has relations comes here, and the loop that scores every nice-to-have stays as it was.
[[gnu::noinline]] NiceCredit CreditRelated(const CandidateView& candidate,
                                           const std::vector<ResolvedNeeds::Related>& related,
                                           const SkillNeed& need) {
  for (const ResolvedNeeds::Related& skill : related) {
    const IndexedSkill* has = FindSkill(candidate, skill.skill);
    if (has != nullptr && has->level * skill.weight + 1e-9 >= need.min_level &&
        has->years * skill.weight + 1e-9 >= need.min_years) {
      return {skill.weight, skill.skill};  // heaviest first: the first that meets it
    }
  }
  return {};
}

// The nice-to-have factor when some nice-to-have has related skills: each counts 1 when held
// as asked, else the credit its related skills give.
[[gnu::noinline]] double NicePointsWithRelated(const CandidateView& candidate,
                                               const SearchQuery& query,
                                               const ResolvedNeeds& needs) {
  double met = 0;
  for (size_t i = 0; i < query.nice.size(); ++i) {
    if (MeetsNeed(FindSkill(candidate, needs.nice[i]), query.nice[i])) {
      met += 1;
    } else if (!needs.nice_related[i].empty()) {
      met += CreditRelated(candidate, needs.nice_related[i], query.nice[i]).credit;
    }
  }
  return Tenths(kNicePoints * met / static_cast<double>(query.nice.size()));
}

// The rate factor before it is rounded to tenths.
double UnroundedRatePoints(const CandidateView& candidate, const SearchQuery& query) {
  if (!query.budget_usd.has_value() || *query.budget_usd <= 0) return kRatePoints;
  const double usd = candidate.rate_usd;
  const double under = (*query.budget_usd - usd) / *query.budget_usd;
  // At budget: 6 of 10; 40% under or more: 10; above budget (within tolerance): 0-3.
  return under >= 0
             ? kRatePoints * (0.6 + Clamp01(under / 0.4) * 0.4)
             : kRatePoints * 0.3 * Clamp01(1 + under / std::max(0.01, query.budget_tolerance));
}

// The factors that cost O(1) per candidate, in tenths: overlap, rate, seniority,
// availability and English.
void ScoreCheapParts(const CandidateView& candidate, const SearchQuery& query,
                     const Overlap& overlap, ScoreParts& parts) {
  parts.overlap = OverlapPoints(query, overlap);
  parts.rate = Tenths(UnroundedRatePoints(candidate, query));
  if (query.seniority == 0) {
    parts.seniority = kSeniorityPoints;
  } else {
    const int distance = std::abs(candidate.seniority - query.seniority);
    parts.seniority = Tenths(candidate.seniority == 0 ? kSeniorityPoints * 0.3
                             : distance == 0          ? kSeniorityPoints
                             : distance == 1          ? kSeniorityPoints * 0.5
                             : distance == 2          ? kSeniorityPoints * 0.2
                                                      : 0);
  }
  const int32_t reference = DaysSinceEpoch(query.reference_date);
  const int32_t waits = candidate.available_day == INT32_MIN
                            ? 0
                            : std::max<int32_t>(0, candidate.available_day - reference);
  parts.availability = Tenths(kAvailabilityPoints * Clamp01(1 - waits / 84.0));
  parts.english = Tenths(kEnglishPoints * Clamp01(candidate.english / 6.0));
}

}  // namespace

double RequiredSkillMargin(const SkillNeed& need, int level, int years) {
  const double level_margin =
      need.min_level >= 5 ? 1 : Clamp01(double(level - need.min_level) / (5 - need.min_level));
  const double years_margin = Clamp01(double(years - need.min_years) / 5.0);
  return 0.7 + 0.2 * level_margin + 0.1 * years_margin;
}

double SkillsPoints(double margin_sum, size_t required_count) {
  return required_count == 0
             ? kSkillsPoints
             : Tenths(kSkillsPoints * margin_sum / static_cast<double>(required_count));
}

double OverlapPoints(const SearchQuery& query, const Overlap& overlap) {
  // The worst day counts: what the client can rely on all year.
  const double window_hours = query.client_hours.length_minutes() / 60.0;
  return Tenths(kOverlapPoints * Clamp01(overlap.min_hours / window_hours));
}

CheapFactorBound::CheapFactorBound(const SearchQuery& query)
    : query_(query), reference_day_(DaysSinceEpoch(query.reference_date)) {
  // Each table entry is the factor ScoreCheapParts gives, so the tables agree with it exactly.
  const auto tenths = [](double points) { return static_cast<int16_t>(std::lround(points * 10)); };
  const Overlap none;
  // Stored seniority and English values stop at 6; a larger one would read the last entry,
  // which is at least what it scores (English is at its maximum there, seniority is distance).
  for (int value = 0; value <= kLastTabledValue; ++value) {
    CandidateView candidate;
    candidate.seniority = static_cast<uint8_t>(value);
    candidate.english = static_cast<uint8_t>(value);
    ScoreParts parts;
    ScoreCheapParts(candidate, query, none, parts);
    seniority_.push_back(tenths(parts.seniority));
    english_.push_back(tenths(parts.english));
  }
  // Built for every search: each set of values from the set less its lowest value, one step.
  for (unsigned bits = 1; bits < best_seniority_.size(); ++bits) {
    best_seniority_[bits] = std::max(best_seniority_[bits & (bits - 1)],
                                     seniority_[static_cast<size_t>(std::countr_zero(bits))]);
  }
  for (int waits = 0; waits <= 84; ++waits) {
    CandidateView candidate;
    candidate.available_day = reference_day_ + waits;
    ScoreParts parts;
    ScoreCheapParts(candidate, query, none, parts);
    availability_.push_back(tenths(parts.availability));
  }
}

int CheapFactorBound::Tenths(const CandidateView& candidate) const {
  return TenthsBesideSeniority(candidate) +
         seniority_[std::min<int>(candidate.seniority, kLastTabledValue)];
}

int CheapFactorBound::BestTenths(const CandidateView& best, uint8_t seniorities) const {
  // No seniority held (an empty group) takes the most any gives, as every bit set does.
  return TenthsBesideSeniority(best) + best_seniority_[seniorities == 0 ? 255 : seniorities];
}

int CheapFactorBound::TenthsBesideSeniority(const CandidateView& candidate) const {
  // At least the rounded tenths ScoreCheapParts gives.
  const int rate = static_cast<int>(UnroundedRatePoints(candidate, query_) * 10) + 1;
  const int32_t waits = candidate.available_day == INT32_MIN
                            ? 0
                            : std::clamp<int32_t>(candidate.available_day - reference_day_, 0, 84);
  return rate + english_[std::min<int>(candidate.english, kLastTabledValue)] +
         availability_[static_cast<size_t>(waits)];
}

double ScoreUpperBound(const CandidateView& candidate, const SearchQuery& query,
                       const Overlap& overlap, double skills_points) {
  ScoreParts parts;
  ScoreCheapParts(candidate, query, overlap, parts);
  parts.skills = skills_points;
  parts.nice = kNicePoints;
  parts.soft_skills = kSoftSkillPoints;
  return parts.total();
}

ScoreParts Score(const CandidateView& candidate, const SearchQuery& query,
                 const ResolvedNeeds& needs, const Overlap& overlap) {
  ScoreParts parts;
  ScoreCheapParts(candidate, query, overlap, parts);
  // Required skills are met (a hard filter); points grow with the margin above the ask.
  double margin_sum = 0;
  for (size_t i = 0; i < query.required.size(); ++i) {
    const IndexedSkill* has = FindSkill(candidate, needs.required[i]);
    margin_sum += RequiredSkillMargin(query.required[i], has->level, has->years);
  }
  parts.skills = SkillsPoints(margin_sum, query.required.size());
  if (query.nice.empty()) {
    parts.nice = kNicePoints;
  } else {
    if (needs.nice_related.empty()) {
      // No relations: as it always was, so the common case keeps its cost.
      int met = 0;
      for (size_t i = 0; i < query.nice.size(); ++i) {
        if (MeetsNeed(FindSkill(candidate, needs.nice[i]), query.nice[i])) ++met;
      }
      parts.nice = Tenths(kNicePoints * met / static_cast<double>(query.nice.size()));
    } else {
      parts.nice = NicePointsWithRelated(candidate, query, needs);
    }
  }
  parts.soft_skills =
      query.soft_skills.empty()
          ? kSoftSkillPoints
          : Tenths(kSoftSkillPoints * CountSoftSkills(candidate, needs) / query.soft_skills.size());
  // Each factor is reported to one decimal, and the score is their sum, exactly.
  return parts;
}

NiceCredit CreditNice(const CandidateView& candidate, const ResolvedNeeds& needs,
                      const SkillNeed& need, size_t index) {
  if (MeetsNeed(FindSkill(candidate, needs.nice[index]), need)) return {1, -1};
  if (index >= needs.nice_related.size()) return {};
  return CreditRelated(candidate, needs.nice_related[index], need);
}

}  // namespace meridian::talent
