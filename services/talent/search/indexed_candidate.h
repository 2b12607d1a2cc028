// The compact form of a candidate that the search index keeps in memory: the fields the
// hard filters and the score read, interned so that a million candidates fit in a few
// hundred megabytes, and nothing personal beyond the display name.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace meridian::talent {

// The numbers of talent.v1.Candidate.State that a search may return (the proto adapter checks
// that they agree with the proto's).
inline constexpr uint8_t kStateAvailable = 1;
inline constexpr uint8_t kStateInterviewing = 2;
inline bool IsSearchableState(uint8_t state) {
  return state == kStateAvailable || state == kStateInterviewing;
}

// A skill as the index holds it: an interned id and the candidate's level and years.
struct IndexedSkill {
  uint16_t skill;  // index into the index's skill dictionary
  uint8_t level;   // 1-5
  uint8_t years;   // 0-50
};

struct IndexedCandidate {
  std::string id;  // the {candidate} part of the name
  std::string display_name;
  std::array<char, 2> country{};
  std::array<char, 3> currency{};
  uint16_t currency_id = 0;  // the currency's index in the index's currency dictionary
  uint8_t state = 0;         // talent::v1::Candidate::State
  uint8_t seniority = 0;     // common::v1::Seniority
  uint8_t english = 0;       // talent::v1::EnglishLevel
  uint32_t kinds_mask = 0;
  int32_t available_day = 0;  // days since 1970-01-01; INT32_MIN for "now"
  int64_t rate_units = 0;
  uint32_t hours_group = 0;           // index into the index's working-hours groups
  std::vector<IndexedSkill> skills;   // sorted by skill
  std::vector<uint32_t> soft_skills;  // interned, lower case
};

// What the scorer reads of a candidate, without owning it: the index builds one per candidate
// it considers, from its compact arrays, with no allocation.
struct CandidateView {
  const IndexedSkill* skills = nullptr;  // sorted by skill
  size_t skill_count = 0;
  const uint32_t* soft_skills = nullptr;  // sorted
  size_t soft_skill_count = 0;
  uint8_t seniority = 0;
  uint8_t english = 0;
  int32_t available_day = 0;  // INT32_MIN for "now"
  // The monthly rate in US dollars; negative when its currency has no exchange rate.
  double rate_usd = -1;
};

}  // namespace meridian::talent
