// The score's factors and their weights, in one table: the scorer, the score bounds and the
// explanations all read their maximum points from here, so that a weight changes in one place.
//
//   const double most = MaxPoints(Factor::kSkills);           // 35
//   const int tenths = MaxTenths(Factor::kNiceToHave);        // 150
//   for (const FactorWeight& factor : kFactorWeights) ...     // in the documented order
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace meridian::talent {

// The factors, in the order a match lists them.
enum class Factor : size_t {
  kSkills,
  kNiceToHave,
  kOverlap,
  kRate,
  kSeniority,
  kAvailability,
  kEnglish,
  kSoftSkills,
};
inline constexpr size_t kFactorCount = 8;

struct FactorWeight {
  Factor factor;
  std::string_view name;  // as a match reports it ("nice_to_have")
  double max_points;      // what the factor gives at most; it gives all of it when not asked
};

inline constexpr std::array<FactorWeight, kFactorCount> kFactorWeights = {{
    {Factor::kSkills, "skills", 35},
    {Factor::kNiceToHave, "nice_to_have", 15},
    {Factor::kOverlap, "overlap", 15},
    {Factor::kRate, "rate", 10},
    {Factor::kSeniority, "seniority", 10},
    {Factor::kAvailability, "availability", 5},
    {Factor::kEnglish, "english", 5},
    {Factor::kSoftSkills, "soft_skills", 5},
}};

constexpr double MaxPoints(Factor factor) {
  return kFactorWeights[static_cast<size_t>(factor)].max_points;
}
// The same in tenths of a point, the unit the score bounds count in.
constexpr int MaxTenths(Factor factor) { return static_cast<int>(MaxPoints(factor) * 10); }
constexpr std::string_view NameOf(Factor factor) {
  return kFactorWeights[static_cast<size_t>(factor)].name;
}

constexpr double TotalPoints() {
  double total = 0;
  for (const FactorWeight& weight : kFactorWeights) total += weight.max_points;
  return total;
}

// What the factors other than skills and overlap give at most, in all (what a bound from the
// postings alone must allow for them); of that, what the nice-to-have and soft-skill factors
// give (which a bound from the hot fields cannot tell); and the rest.
inline constexpr double kPointsBeyondSkillsAndOverlap =
    TotalPoints() - MaxPoints(Factor::kSkills) - MaxPoints(Factor::kOverlap);
inline constexpr double kNiceAndSoftSkillPoints =
    MaxPoints(Factor::kNiceToHave) + MaxPoints(Factor::kSoftSkills);
// What the factors the hot fields decide (rate, seniority, availability and English) give at
// most, in all.
inline constexpr double kCheapFactorPoints =
    kPointsBeyondSkillsAndOverlap - kNiceAndSoftSkillPoints;

namespace detail {
constexpr bool InTableOrder() {
  for (size_t i = 0; i < kFactorCount; ++i) {
    if (static_cast<size_t>(kFactorWeights[i].factor) != i) return false;
  }
  return true;
}
}  // namespace detail
static_assert(detail::InTableOrder(), "kFactorWeights lists the factors in enum order");
static_assert(TotalPoints() == 100, "a score is out of 100");

}  // namespace meridian::talent
