#include "services/talent/search/index_layout.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <climits>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "common/logging/log.h"
#include "services/talent/search/dcheck.h"

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

CellBest CellBest::Of(const HotFields& fields) {
  CellBest best{};
  best.available_day = fields.available_day;
  best.rate_units_low = fields.rate_units_low;
  best.rate_units_high = fields.rate_units_high;
  best.currency = fields.currency;
  best.english = fields.english;
  best.seniorities = static_cast<uint8_t>(1u << std::min<unsigned>(fields.seniority, 7));
  return best;
}

void CellBest::Add(const HotFields& fields) {
  available_day = std::min(available_day, fields.available_day);
  if (currency != fields.currency) {
    currency = kMixedCurrencies;  // rates in two currencies do not compare
  } else if (fields.rate_units() < rate_units()) {
    rate_units_low = fields.rate_units_low;
    rate_units_high = fields.rate_units_high;
  }
  english = std::max(english, fields.english);
  seniorities |= static_cast<uint8_t>(1u << std::min<unsigned>(fields.seniority, 7));
}

PostingCells PostingCells::Of(const std::vector<Posting>& postings, uint8_t years_cap,
                              const std::vector<HotFields>& hot) {
  years_cap = std::min(years_cap, kMaxCellYearsCap);
  // The holders come by slot, so by group: each group's run is ordered by its cells (level,
  // then years) with a counting sort over the cells the run has, stable, so that each cell's
  // slots stay ascending. (A sort of (cell, slot) keys did the same in 4 s of a 10M load.)
  const auto cell_in_group = [years_cap](const Posting& posting) {
    return std::min<uint32_t>(posting.level, 7) << 5 | std::min<uint32_t>(posting.years, years_cap);
  };
  PostingCells out;
  out.years_cap = years_cap;
  out.slots.resize(postings.size());
  std::array<uint32_t, 8 * 32> next{};  // by cell in the group: its holders, then its next place
  std::vector<uint32_t> used;           // the cells the group's run has
  for (size_t begin = 0; begin < postings.size();) {
    const uint16_t group = postings[begin].group;
    if (group == kNoGroup) return {};  // a group number past what a cell holds
    size_t end = begin;
    for (; end < postings.size() && postings[end].group == group; ++end) {
      const uint32_t cell = cell_in_group(postings[end]);
      if (next[cell]++ == 0) used.push_back(cell);
    }
    MERIDIAN_DCHECK(end == postings.size() || postings[end].group > group,
                    "a posting list's groups ascend with its slots");
    std::sort(used.begin(), used.end());
    out.group_starts.push_back(static_cast<uint32_t>(out.cells.size()));
    auto at = static_cast<uint32_t>(begin);
    for (const uint32_t cell : used) {
      out.cells.push_back({at, next[cell], group, static_cast<uint8_t>(cell >> 5),
                           static_cast<uint8_t>(cell & 31)});
      at += std::exchange(next[cell], at);
    }
    for (size_t i = begin; i < end; ++i) {
      out.slots[next[cell_in_group(postings[i])]++] = postings[i].slot;
    }
    // The group's slots ascend, so its holders' hot fields are read in order.
    for (size_t c = out.group_starts.back(); c < out.cells.size(); ++c) {
      const uint32_t* slots = out.SlotsOf(out.cells[c]);
      CellBest best = CellBest::Of(hot[slots[0]]);
      for (uint32_t i = 1; i < out.cells[c].count; ++i) best.Add(hot[slots[i]]);
      out.best.push_back(best);
    }
    for (const uint32_t cell : used) next[cell] = 0;
    used.clear();
    begin = end;
  }
  out.group_starts.push_back(static_cast<uint32_t>(out.cells.size()));
  out.cells.shrink_to_fit();
  out.best.shrink_to_fit();
  out.group_starts.shrink_to_fit();
  return out;
}

// The last, single-threaded seconds of a load were this: at 10M, the reorder by group and
// the posting lists 9.5 s, the id sort 4 s after them, copying the arenas to fit 5 s. Now the
// id sort runs beside the reorder (it reads only the ids, which stay where they are), the
// posting lists are built by two threads from records and skills read in order, and only
// vectors whose spare capacity can be resident are copied to fit.
void Base::Finish(size_t cells_from, size_t cells_only_from, uint8_t cell_years_cap) {
  std::vector<uint32_t> appended_by_id;
  GroupOrder order;
  {
    std::jthread sorter([&] { appended_by_id = AppendedSlotsById(); });
    order = OrderByGroup();
  }
  records.swap(order.records);
  for (uint32_t& slot : appended_by_id) slot = order.new_slot[slot];
  by_id.swap(appended_by_id);
  order = {};
  BuildPostings();
  // `records`, `hot`, `skills` and `by_id` were built at their size.
  ShrinkWhereItHoldsMemory(names);
  ShrinkWhereItHoldsMemory(soft);
  // Each skill's cells share nothing with another's: both threads take skills.
  cells.assign(postings.size(), {});
  std::atomic<size_t> next_skill{0};
  const auto finish_skills = [&] {
    for (size_t skill = next_skill++; skill < postings.size(); skill = next_skill++) {
      FinishSkill(skill, cells_from, cells_only_from, cell_years_cap);
    }
  };
  std::jthread helper(finish_skills);
  finish_skills();
}

// The slots as appended, in id order. Each slot is sorted with its id's first 8 bytes as a
// number (their order is the ids' order), and the ids themselves are compared only when those
// are equal: comparing ids directly reads two records and two names at random for every
// comparison (9 s of a 10M load). Reads `records` and `names` only: OrderByGroup runs
// meanwhile.
std::vector<uint32_t> Base::AppendedSlotsById() const {
  std::vector<std::pair<uint64_t, uint32_t>> keyed(records.size());
  for (uint32_t slot = 0; slot < keyed.size(); ++slot) {
    const std::string_view id = IdOf(records[slot]);
    uint64_t prefix = 0;
    for (size_t b = 0; b < 8; ++b) {
      prefix = (prefix << 8) | (b < id.size() ? static_cast<unsigned char>(id[b]) : 0u);
    }
    keyed[slot] = {prefix, slot};
  }
  std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return IdOf(records[a.second]) < IdOf(records[b.second]);
  });
  std::vector<uint32_t> sorted(keyed.size());
  for (size_t i = 0; i < keyed.size(); ++i) sorted[i] = keyed[i].second;
  return sorted;
}

// Renumbers the slots in working-hours group order (then in the order appended), and moves
// `hot` and each record's skills to that order: the candidates a search reads together (a
// cell's holders, or a group's) then sit together, and reading them touches a region of a few
// hundred kilobytes rather than the whole array. Leaves `records` as it is, for
// AppendedSlotsById reads it meanwhile: returns the records in their new order instead.
Base::GroupOrder Base::OrderByGroup() {
  const size_t n = records.size();
  uint32_t groups = 0;
  for (const CompactRecord& record : records) groups = std::max(groups, record.hours_group + 1);
  // Per group, its first slot and its first skill, then the next free ones.
  std::vector<uint32_t> next(groups + 1, 0);
  std::vector<uint32_t> next_skill(groups + 1, 0);
  for (const CompactRecord& record : records) {
    ++next[record.hours_group + 1];
    next_skill[record.hours_group + 1] += record.skill_count;
  }
  for (size_t g = 1; g < next.size(); ++g) {
    next[g] += next[g - 1];
    next_skill[g] += next_skill[g - 1];
  }
  GroupOrder order{std::vector<CompactRecord>(n), std::vector<uint32_t>(n)};
  std::vector<HotFields> ordered_hot(n);
  std::vector<IndexedSkill> ordered_skills(skills.size());
  for (size_t slot = 0; slot < n; ++slot) {
    const CompactRecord& record = records[slot];
    const uint32_t to = next[record.hours_group]++;
    order.new_slot[slot] = to;
    CompactRecord& moved = order.records[to] = record;
    moved.skills_offset = next_skill[record.hours_group];
    next_skill[record.hours_group] += record.skill_count;
    std::copy_n(skills.begin() + record.skills_offset, record.skill_count,
                ordered_skills.begin() + moved.skills_offset);
    ordered_hot[to] = hot[slot];
  }
  hot.swap(ordered_hot);
  skills.swap(ordered_skills);
  return order;
}

// The posting lists, each at its final size first (grown by doubling, the long ones were
// copied a few times over and their pages touched twice). Two threads each read every record
// and its skills, in order, and fill half of the lists: the skills split so that each half
// holds about as many postings.
void Base::BuildPostings() {
  std::vector<size_t> holders(postings.size(), 0);
  for (const IndexedSkill& skill : skills) ++holders[skill.skill];
  for (size_t skill = 0; skill < postings.size(); ++skill) {
    postings[skill].reserve(postings[skill].size() + holders[skill]);
  }
  std::vector<uint32_t> by_holders(postings.size());
  for (uint32_t skill = 0; skill < by_holders.size(); ++skill) by_holders[skill] = skill;
  std::sort(by_holders.begin(), by_holders.end(),
            [&](uint32_t a, uint32_t b) { return holders[a] > holders[b]; });
  std::vector<uint8_t> half_of(postings.size(), 0);
  std::array<size_t, 2> half_postings{0, 0};
  for (const uint32_t skill : by_holders) {
    const uint8_t half = half_postings[0] <= half_postings[1] ? 0 : 1;
    half_of[skill] = half;
    half_postings[half] += holders[skill];
  }
  const auto build = [&](uint8_t half) {
    for (uint32_t slot = 0; slot < records.size(); ++slot) {
      const CompactRecord& record = records[slot];
      const auto group = static_cast<uint16_t>(std::min<uint32_t>(record.hours_group, kNoGroup));
      for (uint32_t i = 0; i < record.skill_count; ++i) {
        const IndexedSkill& skill = skills[record.skills_offset + i];
        if (half_of[skill.skill] != half) continue;
        postings[skill.skill].push_back({slot, group, skill.level, skill.years});
      }
    }
  };
  std::jthread helper([&] { build(1); });
  build(0);
}

// Builds the skill's cells when it is held by `cells_from` or more, and keeps only those when
// it is held by `cells_only_from` or more.
void Base::FinishSkill(size_t skill, size_t cells_from, size_t cells_only_from,
                       uint8_t cell_years_cap) {
  std::vector<Posting>& posting = postings[skill];
  MERIDIAN_DCHECK(
      std::is_sorted(posting.begin(), posting.end(),
                     [](const Posting& a, const Posting& b) { return a.slot < b.slot; }),
      "a posting list ascends by slot");
  if (posting.size() >= cells_from) cells[skill] = PostingCells::Of(posting, cell_years_cap, hot);
  if (!cells[skill].empty() && posting.size() >= cells_only_from) {
    std::vector<Posting>().swap(posting);
  } else {
    posting.shrink_to_fit();
  }
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
