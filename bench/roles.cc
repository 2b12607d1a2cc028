#include "bench/roles.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace meridian::bench {
namespace {

constexpr std::array<const char*, 15> kRoleZones = {
    "America/New_York", "America/Chicago",   "America/Los_Angeles", "America/Toronto",
    "Europe/London",    "Europe/Berlin",     "Europe/Amsterdam",    "Europe/Madrid",
    "Europe/Warsaw",    "Asia/Jerusalem",    "Asia/Dubai",          "Asia/Singapore",
    "Australia/Sydney", "America/Sao_Paulo", "America/Mexico_City"};
constexpr std::array<std::pair<const char*, const char*>, 3> kRoleWindows = {
    std::pair{"08:00", "16:00"}, std::pair{"09:00", "17:00"}, std::pair{"10:00", "18:00"}};
// The canonical skills by popularity: ranks below this are "the most popular".
constexpr int kPopularSkills = 10;

// splitmix64: the roles depend only on the seed.
class Random final {
 public:
  explicit Random(uint64_t seed) : state_(seed ^ 0x726f6c65735f6d69ULL) {}
  int Uniform(int lo, int hi) {
    state_ += 0x9e3779b97f4a7c15ULL;
    uint64_t x = state_;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return lo + static_cast<int>(x % static_cast<uint64_t>(hi - lo + 1));
  }

 private:
  uint64_t state_;
};

BenchQuery Opening(const SkillVocabulary& vocabulary, Random& random) {
  BenchQuery query;
  query.query_class = QueryClass::kMid;  // not a search class: kept out of per-class figures
  query.required.push_back({random.Uniform(0, kPopularSkills - 1), random.Uniform(3, 4)});
  query.required.push_back(
      {random.Uniform(kPopularSkills, vocabulary.canonical_count - 1), random.Uniform(2, 3)});
  if (random.Uniform(0, 1) == 0 && vocabulary.tail_count > 0) {
    query.required.push_back(
        {vocabulary.canonical_count + random.Uniform(0, vocabulary.tail_count - 1), 2});
  }
  query.min_overlap_hours = random.Uniform(3, 4);
  if (random.Uniform(0, 9) < 7) {
    if (random.Uniform(0, 1) == 0) {
      query.budget_units = 5000 + 500 * random.Uniform(0, 8);
      query.budget_currency = "USD";
      query.budget_usd = static_cast<double>(*query.budget_units);
    } else {
      query.budget_units = 4500 + 500 * random.Uniform(0, 7);
      query.budget_currency = "EUR";
      query.budget_usd = static_cast<double>(*query.budget_units) * 1.08;
    }
  }
  return query;
}

}  // namespace

bool ParseRoleShape(const std::string& text, RoleShape* shape) {
  if (text == "openings") {
    *shape = RoleShape::kOpenings;
  } else if (text == "search_mix") {
    *shape = RoleShape::kSearchMix;
  } else {
    return false;
  }
  return true;
}

std::vector<BenchRole> GenerateBenchRoles(const SkillVocabulary& vocabulary, uint64_t seed,
                                          int count, RoleShape shape) {
  QueryMix mix(vocabulary, seed, /*stream=*/2000003);
  Random random(seed);
  std::vector<BenchRole> roles;
  for (int i = 0; i < count; ++i) {
    BenchRole role;
    if (shape == RoleShape::kSearchMix) {
      role.query = mix.Next();
      // What a role cannot say (it has no availability date or excluded countries), and
      // intake's default of 4 hours where the search asked for none.
      role.query.min_english = 0;
      role.query.available_by_day.reset();
      role.query.excluded_countries.clear();
      if (role.query.min_overlap_hours <= 0) role.query.min_overlap_hours = 4;
    } else {
      role.query = Opening(vocabulary, random);
    }
    role.zone = kRoleZones[static_cast<size_t>(i) % kRoleZones.size()];
    const auto& window = kRoleWindows[static_cast<size_t>(i / 15) % kRoleWindows.size()];
    role.start = window.first;
    role.end = window.second;
    roles.push_back(std::move(role));
  }
  return roles;
}

intake::v1::Role ToIntakeRole(const BenchRole& bench_role, const SkillVocabulary& vocabulary,
                              int index) {
  intake::v1::Role role;
  role.set_name(
      absl::StrFormat("clients/00000000-0000-4000-8000-%012x/roles/00000000-0000-4000-9000-%012x",
                      index % 200, index));
  role.set_title(absl::StrCat("Bench role ", index));
  role.set_state(intake::v1::Role::OPEN);
  for (const BenchQuery::Need& need : bench_role.query.required) {
    auto* skill = role.add_required_skills();
    skill->set_skill(vocabulary.ids[static_cast<size_t>(need.skill)]);
    skill->set_min_level(need.min_level);
  }
  auto* hours = role.mutable_working_hours();
  hours->set_time_zone(bench_role.zone);
  hours->set_start(bench_role.start);
  hours->set_end(bench_role.end);
  role.set_min_overlap_hours(bench_role.query.min_overlap_hours);
  if (bench_role.query.budget_units) {
    role.mutable_monthly_budget()->set_currency_code(bench_role.query.budget_currency);
    role.mutable_monthly_budget()->set_units(*bench_role.query.budget_units);
  }
  role.set_headcount(1);
  role.set_alert_min_score(80);
  return role;
}

}  // namespace meridian::bench
