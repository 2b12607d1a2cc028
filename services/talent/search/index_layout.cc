#include "services/talent/search/index_layout.h"

#include <algorithm>
#include <atomic>
#include <climits>

#include "absl/strings/ascii.h"
#include "common/logging/log.h"
#include "common/money/money.h"
#include "services/talent/domain/candidate_rules.h"

namespace meridian::talent::index {
namespace {

static_assert(kMaxMoneyUnits <= kMaxIndexedRateUnits,
              "every rate the API accepts must fit the index's rate field exactly");

uint32_t Intern(std::unordered_map<std::string, uint32_t>& ids, std::vector<std::string>& names,
                const std::string& value) {
  auto [it, inserted] = ids.emplace(value, static_cast<uint32_t>(names.size()));
  if (inserted) names.push_back(value);
  return it->second;
}

uint32_t DayBits(const common::v1::WorkingHours& hours) {
  uint32_t bits = 0;
  for (int day : hours.days()) bits |= 1u << day;
  return bits == 0 ? 0b111110 : bits;  // Monday to Friday
}

}  // namespace

uint64_t NextNumbering() {
  static std::atomic<uint64_t> next{1};
  return next++;
}

// The searchable record for a candidate, interned into `dictionaries`; nullopt when the
// candidate is not searchable (or its stored data does not load).
std::optional<IndexedCandidate> ToRecord(const v1::Candidate& candidate,
                                         Dictionaries& dictionaries) {
  if (!IsSearchable(candidate.state())) return std::nullopt;
  const common::v1::WorkingHours& hours = candidate.working_hours();
  GroupKey key{hours.time_zone(), hours.start(), hours.end(), DayBits(hours)};
  uint32_t group;
  if (auto it = dictionaries.group_ids.find(key); it != dictionaries.group_ids.end()) {
    group = it->second;
  } else {
    absl::StatusOr<WeeklyHours> weekly = WeeklyHours::From(hours);
    if (!weekly.ok()) return std::nullopt;
    group = static_cast<uint32_t>(dictionaries.groups.size());
    dictionaries.groups.push_back(*weekly);
    dictionaries.group_hours.push_back(hours);
    dictionaries.group_ids.emplace(key, group);
  }
  IndexedCandidate record;
  record.id = candidate.name().substr(candidate.name().rfind('/') + 1);
  record.display_name = candidate.display_name().substr(0, 255);
  if (candidate.country().size() == 2) {
    std::copy_n(candidate.country().begin(), 2, record.country.begin());
  }
  if (candidate.monthly_rate().currency_code().size() == 3) {
    std::copy_n(candidate.monthly_rate().currency_code().begin(), 3, record.currency.begin());
  }
  record.state = static_cast<uint8_t>(candidate.state());
  record.seniority = static_cast<uint8_t>(candidate.seniority());
  record.english = static_cast<uint8_t>(candidate.english_level());
  for (int kind : candidate.kinds()) record.kinds_mask |= 1u << kind;
  record.available_day =
      candidate.has_available_from()
          ? static_cast<int32_t>(absl::CivilDay(candidate.available_from().year(),
                                                candidate.available_from().month(),
                                                candidate.available_from().day()) -
                                 absl::CivilDay(1970, 1, 1))
          : INT32_MIN;
  // The API bounds rates (kMaxMoneyUnits); a stored one beyond what a record holds (a row
  // written before that bound) is refused loudly rather than cut to a wrong, cheaper rate.
  if (candidate.monthly_rate().units() < 0 ||
      candidate.monthly_rate().units() > kMaxIndexedRateUnits) {
    log::Warning("candidate not searchable: its monthly rate is out of range; update it",
                 {{"candidate", candidate.name()}});
    return std::nullopt;
  }
  record.rate_units = candidate.monthly_rate().units();
  record.hours_group = group;
  for (const auto& skill : candidate.skills()) {
    record.skills.push_back({static_cast<uint16_t>(Intern(dictionaries.skill_ids,
                                                          dictionaries.skill_names, skill.skill())),
                             static_cast<uint8_t>(skill.level()),
                             static_cast<uint8_t>(skill.years())});
  }
  std::sort(record.skills.begin(), record.skills.end(),
            [](const IndexedSkill& a, const IndexedSkill& b) { return a.skill < b.skill; });
  for (const std::string& soft : candidate.soft_skills()) {
    record.soft_skills.push_back(
        Intern(dictionaries.soft_ids, dictionaries.soft_names, absl::AsciiStrToLower(soft)));
  }
  std::sort(record.soft_skills.begin(), record.soft_skills.end());
  const std::string currency(record.currency.data(), 3);
  record.currency_id =
      dictionaries.currency_ids
          .emplace(currency, static_cast<uint16_t>(dictionaries.currency_ids.size()))
          .first->second;
  if (dictionaries.currencies.size() < dictionaries.currency_ids.size()) {
    dictionaries.currencies.push_back(currency);
  }
  return record;
}

// A new base from the old one (less what the delta overrides) and the delta's records.
std::shared_ptr<const Base> Compact(const Base& base, const Delta& delta,
                                    const Dictionaries& dictionaries) {
  auto next = std::make_shared<Base>();
  next->records.reserve(base.records.size() - delta.overridden_count + delta.present);
  for (uint32_t slot = 0; slot < base.records.size(); ++slot) {
    if (delta.IsOverridden(slot)) continue;
    next->Append(base.Materialize(slot, dictionaries), dictionaries);
  }
  for (const auto& [id, record] : delta.changes) {
    if (record) next->Append(*record, dictionaries);
  }
  next->Finish();
  return next;
}

}  // namespace meridian::talent::index
