#include "services/talent/search/index_layout.h"

#include <algorithm>
#include <atomic>
#include <climits>

#include "absl/strings/ascii.h"
#include "common/logging/log.h"

namespace meridian::talent::index {
namespace {

uint32_t Intern(std::unordered_map<std::string, uint32_t>& ids, std::vector<std::string>& names,
                const std::string& value) {
  // Found first: emplace would build a node (a malloc and a copy) for every value it already
  // holds, which at a load is nearly all of them.
  if (auto it = ids.find(value); it != ids.end()) return it->second;
  const auto id = static_cast<uint32_t>(names.size());
  ids.emplace(value, id);
  names.push_back(value);
  return id;
}

uint32_t DayBits(const CandidateInput::Hours& hours) {
  uint32_t bits = 0;
  for (size_t i = 0; i < hours.day_count; ++i) bits |= 1u << hours.days[i];
  return bits == 0 ? 0b111110 : bits;  // Monday to Friday
}

}  // namespace

uint64_t NextNumbering() {
  static std::atomic<uint64_t> next{1};
  return next++;
}

// The searchable record for a candidate, interned into `dictionaries`; nullopt when the
// candidate is not searchable (or its stored data does not load).
std::optional<IndexedCandidate> ToRecord(const CandidateInput& candidate,
                                         Dictionaries& dictionaries) {
  if (!IsSearchableState(candidate.state)) return std::nullopt;
  const CandidateInput::Hours& hours = candidate.hours;
  // Looked up by views (no strings built for the groups already known, nearly every one).
  const GroupKeyView wanted{hours.time_zone, hours.start, hours.end, DayBits(hours)};
  uint32_t group;
  if (auto it = dictionaries.group_ids.find(wanted); it != dictionaries.group_ids.end()) {
    group = it->second;
  } else {
    GroupKey key{std::string(hours.time_zone), std::string(hours.start), std::string(hours.end),
                 std::get<3>(wanted)};
    std::optional<WeeklyHours> weekly =
        candidate.load_hours == nullptr ? std::nullopt : candidate.load_hours(hours);
    if (!weekly) return std::nullopt;
    group = static_cast<uint32_t>(dictionaries.groups.size());
    dictionaries.groups.push_back(*std::move(weekly));
    dictionaries.group_hours.push_back(
        {std::string(hours.time_zone), std::string(hours.start), std::string(hours.end),
         std::vector<int>(hours.days, hours.days + hours.day_count)});
    dictionaries.group_ids.emplace(std::move(key), group);
  }
  IndexedCandidate record;
  record.id = std::string(candidate.id);
  record.display_name = std::string(candidate.display_name.substr(0, 255));
  if (candidate.country.size() == 2) {
    std::copy_n(candidate.country.begin(), 2, record.country.begin());
  }
  if (candidate.currency_code.size() == 3) {
    std::copy_n(candidate.currency_code.begin(), 3, record.currency.begin());
  }
  record.state = static_cast<uint8_t>(candidate.state);
  record.seniority = static_cast<uint8_t>(candidate.seniority);
  record.english = static_cast<uint8_t>(candidate.english);
  record.kinds_mask = candidate.kinds_mask;
  record.available_day = candidate.available_day;
  // The API bounds rates (kMaxMoneyUnits); a stored one beyond what a record holds (a row
  // written before that bound) is refused loudly rather than cut to a wrong, cheaper rate.
  if (candidate.rate_units < 0 || candidate.rate_units > kMaxIndexedRateUnits) {
    log::Warning("candidate not searchable: its monthly rate is out of range; update it",
                 {{"candidate", "candidates/" + std::string(candidate.id)}});
    return std::nullopt;
  }
  record.rate_units = candidate.rate_units;
  record.hours_group = group;
  for (const CandidateInput::Skill& skill : candidate.skills) {
    record.skills.push_back(
        {static_cast<uint16_t>(
             Intern(dictionaries.skill_ids, dictionaries.skill_names, std::string(skill.skill))),
         static_cast<uint8_t>(skill.level), static_cast<uint8_t>(skill.years)});
  }
  std::sort(record.skills.begin(), record.skills.end(),
            [](const IndexedSkill& a, const IndexedSkill& b) { return a.skill < b.skill; });
  std::string lowered;  // one buffer for every soft skill of the candidate
  for (const std::string_view soft : candidate.soft_skills) {
    lowered.assign(soft);
    absl::AsciiStrToLower(&lowered);
    record.soft_skills.push_back(Intern(dictionaries.soft_ids, dictionaries.soft_names, lowered));
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

PostingCells PostingCells::Of(const std::vector<Posting>& postings, uint8_t years_cap) {
  years_cap = std::min(years_cap, kMaxCellYearsCap);
  // One 64-bit key per holder, the cell in the high half (group, level, years) and the slot
  // in the low, so that one sort orders the cells and each cell's slots.
  std::vector<uint64_t> keys;
  keys.reserve(postings.size());
  for (const Posting& posting : postings) {
    if (posting.group == kNoGroup) return {};  // a group number past what a cell holds
    const uint32_t cell = uint32_t{posting.group} << 8 | std::min<uint32_t>(posting.level, 7) << 5 |
                          std::min<uint32_t>(posting.years, years_cap);
    keys.push_back(uint64_t{cell} << 32 | posting.slot);
  }
  std::sort(keys.begin(), keys.end());
  PostingCells out;
  out.years_cap = years_cap;
  out.slots.resize(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const auto cell = static_cast<uint32_t>(keys[i] >> 32);
    out.slots[i] = static_cast<uint32_t>(keys[i]);
    if (i == 0 || cell != static_cast<uint32_t>(keys[i - 1] >> 32)) {
      out.cells.push_back({static_cast<uint32_t>(i), 0, static_cast<uint16_t>(cell >> 8),
                           static_cast<uint8_t>(cell >> 5 & 7), static_cast<uint8_t>(cell & 31)});
    }
    ++out.cells.back().count;
  }
  out.cells.shrink_to_fit();
  return out;
}

std::shared_ptr<const Base> Compact(const Base& base, const Delta& delta,
                                    const Dictionaries& dictionaries, size_t cells_from,
                                    size_t cells_only_from, uint8_t cell_years_cap) {
  auto next = std::make_shared<Base>();
  next->records.reserve(base.records.size() - delta.overridden_count + delta.present);
  for (uint32_t slot = 0; slot < base.records.size(); ++slot) {
    if (delta.IsOverridden(slot)) continue;
    next->Append(base.Materialize(slot, dictionaries), dictionaries);
  }
  for (const auto& [id, record] : delta.changes) {
    if (record) next->Append(*record, dictionaries);
  }
  next->Finish(cells_from, cells_only_from, cell_years_cap);
  return next;
}

}  // namespace meridian::talent::index
