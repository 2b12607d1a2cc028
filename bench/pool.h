// The benchmark's talent pool: a deterministic generator of realistic candidates (candidate i
// depends only on the seed and i), their rows for talent.candidates (the body the talent
// service stores) and for the SQL baseline's table, and the skill vocabulary they use.
//
//   PoolGenerator pool(/*seed=*/42, /*tail_skills=*/1000);
//   GeneratedCandidate candidate;
//   pool.Generate(7, candidate);
//   std::string body = pool.BodyJson(candidate);  // proto JSON of talent.v1.Candidate
//
// The shape of the pool:
// - skills: Zipf-like popularity over the 39 canonical skills of the shared.skills seed
//   (javascript most common), plus a long tail of `tail_skills` extra skills
//   ("tail-skill-0001", ...) in families of 8 related skills: someone with one tail skill often
//   has a sibling too, so two rare siblings make a selective query that still has hits;
// - regions weighted by where remote engineers live (Latin America, Europe, Africa, South and
//   South-East Asia), 28 time zones, a few dozen working-hour windows (office days and the
//   shifted days people keep for clients elsewhere), some six-day weeks;
// - seniority, levels and years that fit it, English, role kinds, soft skills;
// - monthly rates by region and seniority in USD, EUR, BRL or INR;
// - availability dates (a quarter start later), states (about 90% AVAILABLE).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace meridian::bench {

// Every date in the benchmark is relative to this Monday, also the searches' reference_date,
// so that a run gives the same figures whatever the day: its 56-day horizon spans both the
// US (9 March) and the EU (30 March) daylight-saving changes.
absl::CivilDay ReferenceDay();

// Skill codes: 0..canonical-1 the canonical skills by popularity, then the tail skills, then
// the freshness probes' marker skill.
struct SkillVocabulary {
  std::vector<std::string> ids;
  int canonical_count = 0;
  int tail_count = 0;
  int probe_skill = -1;
  int families() const { return tail_count / kFamilySize; }
  int tail(int family, int member) const { return canonical_count + family * kFamilySize + member; }
  static constexpr int kFamilySize = 8;
};

struct GeneratedSkill {
  int skill;  // code in the vocabulary
  int level;  // 1-5
  int years;  // 1-50
};

struct GeneratedCandidate {
  std::string id;  // UUID-shaped, unique per (seed, index)
  std::string display_name;
  std::string email;
  std::string phone;  // empty for about 40%
  const char* country = "";
  const char* zone = "";
  const char* start = "";
  const char* end = "";
  bool six_days = false;  // Monday to Saturday instead of Monday to Friday
  int hours_group = 0;    // identifies (zone, window, days): same group, same overlap
  std::vector<GeneratedSkill> skills;
  std::vector<int> kinds;  // common.v1.RoleKind values
  int seniority = 0;       // common.v1.Seniority
  int english = 0;         // talent.v1.EnglishLevel
  std::vector<const char*> soft_skills;
  const char* currency = "USD";
  int64_t rate_units = 0;
  double rate_usd = 0;       // rate_units times the seeded exchange rate, as search converts it
  int32_t available_day;     // days since 1970-01-01; kAvailableNow when unset
  const char* state = "";    // talent.v1.Candidate.State name
  double profile_score = 0;  // the SQL baseline's precomputed score, 0-100

  static constexpr int32_t kAvailableNow = INT32_MIN;
};

class PoolGenerator final {
 public:
  PoolGenerator(uint64_t seed, int tail_skills);

  const SkillVocabulary& vocabulary() const { return vocabulary_; }
  uint64_t seed() const { return seed_; }

  // Candidate `index` (0-based) of the pool; `out` is overwritten (its buffers are reused).
  void Generate(int64_t index, GeneratedCandidate& out) const;

  // Freshness probe `k`: a candidate with only the marker skill, a 24/7 window in UTC, and
  // a monthly rate of `rate_usd` US dollars. Its id is outside the pool's id space.
  void GenerateProbe(int k, int64_t rate_usd, GeneratedCandidate& out) const;

  // The proto JSON of talent.v1.Candidate (field names as in the .proto, enums by name), as
  // talent_store writes the `body` column: no name, timestamps or etag.
  std::string BodyJson(const GeneratedCandidate& candidate) const;

  // The working hours of a group, as (zone, start, end, six_days).
  struct HoursGroup {
    const char* zone;
    const char* start;
    const char* end;
    bool six_days;
  };
  HoursGroup Group(int hours_group) const;

 private:
  uint64_t seed_;
  SkillVocabulary vocabulary_;
  std::vector<double> canonical_cdf_;
  std::vector<double> tail_cdf_;
};

// A UUID-shaped id (lower-case hex, version 4 and variant bits set), one-to-one with `index`
// for a given seed.
std::string BenchId(uint64_t seed, uint64_t index);

}  // namespace meridian::bench
