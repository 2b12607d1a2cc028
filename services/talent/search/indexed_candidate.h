// The compact form of a candidate that the search index keeps in memory: the fields the
// hard filters and the score read, interned so that a million candidates fit in a few
// hundred megabytes, and nothing personal beyond the display name.
#pragma once

#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "services/talent/domain/overlap.h"

namespace meridian::talent {

// The numbers of talent.v1.Candidate.State that a search may return (the proto adapter checks
// that they agree with the proto's).
inline constexpr uint8_t kStateAvailable = 1;
inline constexpr uint8_t kStateInterviewing = 2;
inline bool IsSearchableState(int state) {
  return state == kStateAvailable || state == kStateInterviewing;
}

// The largest monthly rate (in units of its currency) the index holds: 40 bits. A candidate
// with a larger one is refused (never narrowed) and is not searchable.
inline constexpr int64_t kMaxIndexedRateUnits = (int64_t{1} << 40) - 1;

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
  uint8_t state = 0;         // talent.v1.Candidate.State's number
  uint8_t seniority = 0;     // common::v1::Seniority
  uint8_t english = 0;       // talent::v1::EnglishLevel
  uint32_t kinds_mask = 0;
  int32_t available_day = 0;  // days since 1970-01-01; INT32_MIN for "now"
  int64_t rate_units = 0;
  uint32_t hours_group = 0;           // index into the index's working-hours groups
  std::vector<IndexedSkill> skills;   // sorted by skill
  std::vector<uint32_t> soft_skills;  // interned, lower case
};

// A matched candidate as the index holds it: an IndexedCandidate's fields, with its texts and
// lists viewed where the index keeps them (the result keeps that snapshot), so that a page's
// matches copy and allocate nothing for them.
struct MatchedRecord {
  std::string_view id;  // the {candidate} part of the name
  std::string_view display_name;
  std::array<char, 2> country{};
  std::array<char, 3> currency{};
  uint16_t currency_id = 0;  // the currency's index in the index's currency dictionary
  uint8_t state = 0;         // talent.v1.Candidate.State's number
  uint8_t seniority = 0;     // common::v1::Seniority
  uint8_t english = 0;       // talent::v1::EnglishLevel
  uint32_t kinds_mask = 0;
  int32_t available_day = 0;  // days since 1970-01-01; INT32_MIN for "now"
  int64_t rate_units = 0;
  uint32_t hours_group = 0;               // index into the index's working-hours groups
  std::span<const IndexedSkill> skills;   // sorted by skill
  std::span<const uint32_t> soft_skills;  // interned, lower case

  // The view of a record the index keeps whole (the delta's).
  static MatchedRecord Of(const IndexedCandidate& record);
};

// Working hours as a candidate gave them (talent.v1 WorkingHours' fields): what a match's
// summary shows, kept once per working-hours group.
struct WorkingHoursSpec {
  std::string time_zone;
  std::string start;
  std::string end;
  std::vector<int> days;  // common.v1.Weekday numbers, as given; empty means Monday to Friday
};

// A candidate as the index takes it in (SearchIndex::Builder::Add, SearchIndex::Apply),
// without owning anything: the strings are read during the call only. The proto adapter
// (search_proto/candidate_input.h) fills it from a talent.v1 Candidate.
struct CandidateInput {
  struct Skill {
    std::string_view skill;  // canonical id
    int level = 0;
    int years = 0;
  };
  struct Hours {
    std::string_view time_zone;
    std::string_view start;
    std::string_view end;
    const int* days = nullptr;  // common.v1.Weekday numbers
    size_t day_count = 0;
  };

  std::string_view id;  // the {candidate} part of the name
  std::string_view display_name;
  std::string_view country;           // ISO 3166 alpha-2 (anything else is kept as none)
  std::string_view currency_code;     // ISO 4217 (anything else is kept as none)
  int64_t rate_units = 0;             // the monthly rate, in units of the currency
  int state = 0;                      // talent.v1.Candidate.State's number
  int seniority = 0;                  // common.v1.Seniority's number
  int english = 0;                    // talent.v1.EnglishLevel's number
  uint32_t kinds_mask = 0;            // bit per common.v1.RoleKind number
  int32_t available_day = INT32_MIN;  // days since 1970-01-01; INT32_MIN for "now"
  Hours hours;
  // The weekly hours for `hours`, or nullopt when they do not load (an unknown zone): asked
  // only for hours the index has not seen, for the engine cannot read the proto they come from.
  std::optional<WeeklyHours> (*load_hours)(const Hours& hours) = nullptr;
  std::vector<Skill> skills;
  std::vector<std::string_view> soft_skills;  // as given; the index folds them to lower case
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
