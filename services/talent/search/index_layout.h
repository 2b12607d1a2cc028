// The in-memory layout of the search index: its records, postings, dictionaries, and the
// base/delta split, and the per-window overlap table a search reads. Internal to
// services/talent/search (search_index.cc builds it, search_run.cc reads it); nothing outside
// that folder should include it.
//
//   index::Dictionaries dictionaries;
//   index::Base base;
//   if (auto record = index::ToRecord(input, dictionaries)) base.Append(*record, dictionaries);
//   base.Finish(/*cells_from=*/4096, /*cells_only_from=*/base.records.size() / 16,
//               /*cell_years_cap=*/15);
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "services/talent/domain/overlap.h"
#include "services/talent/search/indexed_candidate.h"

namespace meridian::talent::index {

// An entry of a skill's posting list: the record's slot and, so that the level, years and
// working-hours filters need not touch the record, its level and years in that skill and its
// working-hours group (kNoGroup when the group number does not fit).
struct Posting {
  uint32_t slot;
  uint16_t group;
  uint8_t level;
  uint8_t years;
};
constexpr uint16_t kNoGroup = UINT16_MAX;

// A base candidate: fixed size, its variable parts in the base's arenas, and the fields the
// record filters read in HotFields, apart.
struct CompactRecord {
  uint32_t id_offset;
  uint32_t name_offset;
  uint32_t skills_offset;
  uint32_t soft_offset;
  uint32_t hours_group;
  uint16_t kinds_mask;
  uint8_t id_length;
  uint8_t name_length;
  uint8_t skill_count;
  uint8_t soft_count;
};

// What the record filters and the cheap score factors read of a base candidate, in an array
// of its own: 16 bytes a candidate, so that a million of them (16 MB) stay in the processor's
// cache while a search checks tens of thousands at random.
struct HotFields {
  // The monthly rate in units of `currency`: 40 bits, low 32 here and the high 8 in
  // rate_units_high (the byte that would otherwise be padding), so that every amount the API
  // accepts (kMaxMoneyUnits, 1e12) is held exactly.
  uint32_t rate_units_low;
  int32_t available_day;
  uint16_t currency;
  std::array<char, 2> country;
  uint8_t state;
  uint8_t seniority;
  uint8_t english;
  uint8_t rate_units_high;

  int64_t rate_units() const { return (int64_t{rate_units_high} << 32) | rate_units_low; }
  void set_rate_units(int64_t units) {
    rate_units_low = static_cast<uint32_t>(units);
    rate_units_high = static_cast<uint8_t>(units >> 32);
  }
};
static_assert(sizeof(HotFields) == 16);

// The holders of a skill that many candidates hold, grouped by what a search's bound reads of
// them: their working-hours group, level and years (capped at `years_cap`). A search
// computes one bound per cell and reads the cells from the highest bound down, so it reads
// only the holders that could still reach its page (SearchRun::CollectByCells): an
// unselective search reads thousands of holders rather than every one of them. The skills
// held most widely keep cells only, no posting list (which costs twice the memory): a search
// that needs one beside a rarer skill checks it in the candidates' own skills.
//
//   for (const PostingCell& cell : base.cells[skill].cells)
//     for (uint32_t i = 0; i < cell.count; ++i) base.cells[skill].SlotsOf(cell)[i] ...
struct PostingCell {
  uint32_t begin;  // into PostingCells::slots
  uint32_t count;
  uint16_t group;  // the holders' working-hours group
  uint8_t level;
  uint8_t years;  // below PostingCells::years_cap exactly; at it, that many or more
};
// The most a cell's years can say (5 bits of the key PostingCells::Of sorts by).
constexpr uint8_t kMaxCellYearsCap = 31;

// The best a cell's holders have in the factors their hot fields decide (rate, seniority,
// availability, English): a search bounds a cell by these rather than by those factors'
// maximum. Bounded by their key alone, the cells the benchmark's mid class read at 1M held
// 28 times the holders whose own bound could reach its page.
struct CellBest {
  int32_t available_day;    // the earliest
  uint32_t rate_units_low;  // the lowest rate, in `currency` (low 32 bits, as HotFields)
  uint16_t currency;        // the holders' currency, kMixedCurrencies when not all share one
  uint8_t rate_units_high;
  uint8_t english;      // the highest
  uint8_t seniorities;  // a bit per seniority held (1 << value), bit 7 for 7 and above

  int64_t rate_units() const { return (int64_t{rate_units_high} << 32) | rate_units_low; }
  // The best of this cell's holders so far and `fields`.
  void Add(const HotFields& fields);
  static CellBest Of(const HotFields& fields);
};
static_assert(sizeof(CellBest) == 16);
constexpr uint16_t kMixedCurrencies = UINT16_MAX;

struct PostingCells {
  std::vector<PostingCell> cells;  // by group, level, then years
  std::vector<CellBest> best;      // by cell
  std::vector<uint32_t> slots;     // cell by cell, each cell's ascending
  // Where each group's cells start, then cells.size(): a search skips the groups whose overlap
  // fails as a whole instead of cell by cell (at 10M a popular skill has tens of thousands of
  // cells).
  std::vector<uint32_t> group_starts;
  // Holders with this many years or more share a cell: fewer cells, and exact for every ask
  // of up to years_cap - 5 years (where the score's years margin stops growing).
  uint8_t years_cap = 0;

  bool empty() const { return cells.empty(); }
  const uint32_t* SlotsOf(const PostingCell& cell) const { return slots.data() + cell.begin; }
  size_t Bytes() const {
    return cells.capacity() * sizeof(PostingCell) + best.capacity() * sizeof(CellBest) +
           (slots.capacity() + group_starts.capacity()) * sizeof(uint32_t);
  }
  // From a posting list (ascending by slot) and the hot fields by slot; empty when a
  // holder's group does not fit a cell.
  static PostingCells Of(const std::vector<Posting>& postings, uint8_t years_cap,
                         const std::vector<HotFields>& hot);
};

using GroupKey = std::tuple<std::string, std::string, std::string, uint32_t>;
// A group key as views of its text: what a lookup builds (no strings).
using GroupKeyView = std::tuple<std::string_view, std::string_view, std::string_view, uint32_t>;

// Orders group keys and finds them by GroupKeyView; compares views either way, so that the
// order is the same whichever side a key is on.
struct GroupKeyLess {
  using is_transparent = void;
  static GroupKeyView View(const GroupKey& key) {
    return {std::get<0>(key), std::get<1>(key), std::get<2>(key), std::get<3>(key)};
  }
  static const GroupKeyView& View(const GroupKeyView& key) { return key; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return View(a) < View(b);
  }
};

// A number for a new numbering of groups (see Dictionaries::numbering).
uint64_t NextNumbering();

// Names the records refer to by number. Only ever grows; a writer copies it to add to it.
struct Dictionaries {
  // Numbering of groups (and everything else) is kept by Apply and restarted by Load: a
  // cache keyed by group number must know which numbering it belongs to.
  uint64_t numbering = NextNumbering();
  std::unordered_map<std::string, uint32_t> skill_ids;
  std::vector<std::string> skill_names;
  std::unordered_map<std::string, uint32_t> soft_ids;
  std::vector<std::string> soft_names;
  std::unordered_map<std::string, uint16_t> currency_ids;
  std::vector<std::string> currencies;
  std::map<GroupKey, uint32_t, GroupKeyLess> group_ids;  // found by views too
  std::vector<WeeklyHours> groups;
  std::vector<WorkingHoursSpec> group_hours;  // by group, as the first candidate gave them
};

// From this size glibc's malloc maps every buffer fresh (its largest mmap threshold on 64-bit):
// the pages of a vector past its size() are then never touched, and cost address space only.
constexpr size_t kMappedBufferBytes = size_t{32} << 20;

// The memory a vector holds: its capacity, or its size when malloc mapped its buffer.
template <typename T>
size_t HeldBytes(const std::vector<T>& values) {
  const size_t capacity = values.capacity() * sizeof(T);
  return capacity >= kMappedBufferBytes ? values.size() * sizeof(T) : capacity;
}

// Copies a vector to fit only where its spare capacity can hold memory (see HeldBytes): a
// mapped one would be copied (seconds at 10M) to give back address space only.
template <typename T>
void ShrinkWhereItHoldsMemory(std::vector<T>& values) {
  if (values.capacity() * sizeof(T) < kMappedBufferBytes) values.shrink_to_fit();
}

// The bulk of the index: immutable once built.
struct Base {
  std::vector<CompactRecord> records;
  std::vector<HotFields> hot;  // by slot, as records
  std::vector<char> names;     // display names and ids, back to back
  std::vector<IndexedSkill> skills;
  std::vector<uint32_t> soft;
  std::vector<uint32_t> by_id;  // slots sorted by id
  // Per skill, its posting list (by slot, ascending) and, for a skill held by `cells_from`
  // candidates or more, its cells; a skill held by `cells_only_from` or more keeps only its
  // cells, its posting list left empty (Finish).
  std::vector<std::vector<Posting>> postings;
  std::vector<PostingCells> cells;

  std::string_view IdOf(const CompactRecord& record) const {
    return std::string_view(names.data() + record.id_offset, record.id_length);
  }

  std::optional<uint32_t> SlotOf(std::string_view id) const {
    auto it = std::lower_bound(
        by_id.begin(), by_id.end(), id,
        [&](uint32_t slot, std::string_view wanted) { return IdOf(records[slot]) < wanted; });
    if (it == by_id.end() || IdOf(records[*it]) != id) return std::nullopt;
    return *it;
  }

  std::string_view NameOf(const CompactRecord& record) const {
    return std::string_view(names.data() + record.name_offset, record.name_length);
  }

  // The record at `slot` as a search's match holds it: views into this base.
  MatchedRecord View(uint32_t slot, const Dictionaries& d) const {
    const CompactRecord& record = records[slot];
    const HotFields& fields = hot[slot];
    MatchedRecord view;
    view.id = IdOf(record);
    view.display_name = NameOf(record);
    view.country = fields.country;
    const std::string& currency = d.currencies[fields.currency];
    std::copy_n(currency.begin(), 3, view.currency.begin());
    view.currency_id = fields.currency;
    view.state = fields.state;
    view.seniority = fields.seniority;
    view.english = fields.english;
    view.kinds_mask = record.kinds_mask;
    view.available_day = fields.available_day;
    view.rate_units = fields.rate_units();
    view.hours_group = record.hours_group;
    view.skills =
        std::span<const IndexedSkill>(skills.data() + record.skills_offset, record.skill_count);
    view.soft_skills =
        std::span<const uint32_t>(soft.data() + record.soft_offset, record.soft_count);
    return view;
  }

  IndexedCandidate Materialize(uint32_t slot, const Dictionaries& d) const {
    const CompactRecord& record = records[slot];
    const HotFields& fields = hot[slot];
    IndexedCandidate full;
    full.id = std::string(IdOf(record));
    full.display_name = std::string(NameOf(record));
    full.country = fields.country;
    const std::string& currency = d.currencies[fields.currency];
    std::copy_n(currency.begin(), 3, full.currency.begin());
    full.currency_id = fields.currency;
    full.state = fields.state;
    full.seniority = fields.seniority;
    full.english = fields.english;
    full.kinds_mask = record.kinds_mask;
    full.available_day = fields.available_day;
    full.rate_units = fields.rate_units();
    full.hours_group = record.hours_group;
    full.skills.assign(skills.begin() + record.skills_offset,
                       skills.begin() + record.skills_offset + record.skill_count);
    full.soft_skills.assign(soft.begin() + record.soft_offset,
                            soft.begin() + record.soft_offset + record.soft_count);
    return full;
  }

  void Append(const IndexedCandidate& record, const Dictionaries& d) {
    CompactRecord compact{};
    compact.id_offset = static_cast<uint32_t>(names.size());
    compact.id_length = static_cast<uint8_t>(std::min<size_t>(record.id.size(), 255));
    names.insert(names.end(), record.id.begin(), record.id.begin() + compact.id_length);
    compact.name_offset = static_cast<uint32_t>(names.size());
    compact.name_length = static_cast<uint8_t>(std::min<size_t>(record.display_name.size(), 255));
    names.insert(names.end(), record.display_name.begin(),
                 record.display_name.begin() + compact.name_length);
    compact.skills_offset = static_cast<uint32_t>(skills.size());
    compact.skill_count = static_cast<uint8_t>(std::min<size_t>(record.skills.size(), 255));
    skills.insert(skills.end(), record.skills.begin(), record.skills.begin() + compact.skill_count);
    compact.soft_offset = static_cast<uint32_t>(soft.size());
    compact.soft_count = static_cast<uint8_t>(std::min<size_t>(record.soft_skills.size(), 255));
    soft.insert(soft.end(), record.soft_skills.begin(),
                record.soft_skills.begin() + compact.soft_count);
    compact.hours_group = record.hours_group;
    compact.kinds_mask = static_cast<uint16_t>(record.kinds_mask);
    records.push_back(compact);
    HotFields fields{};
    fields.available_day = record.available_day;
    fields.set_rate_units(record.rate_units);
    fields.currency = record.currency_id;
    fields.country = record.country;
    fields.state = record.state;
    fields.seniority = record.seniority;
    fields.english = record.english;
    hot.push_back(fields);
    // The posting lists are built once, by Finish, in the slots' final order.
    if (postings.size() < d.skill_names.size()) postings.resize(d.skill_names.size());
  }

  // Renumbers the slots in working-hours group order and builds `by_id`, the posting lists
  // and the cells (see `postings` and SearchTuning). Runs a second thread beside the caller's.
  void Finish(size_t cells_from, size_t cells_only_from, uint8_t cell_years_cap);

 private:
  struct GroupOrder {
    std::vector<CompactRecord> records;  // by new slot
    std::vector<uint32_t> new_slot;      // by appended slot
  };
  GroupOrder OrderByGroup();
  std::vector<uint32_t> AppendedSlotsById() const;
  void BuildPostings();
  void FinishSkill(size_t skill, size_t cells_from, size_t cells_only_from, uint8_t cell_years_cap);
};

// The changes since the base was built: small, copied for each published version.
struct Delta {
  // A record, or nullopt for a removed candidate.
  std::unordered_map<std::string, std::optional<IndexedCandidate>> changes;
  std::vector<uint64_t> overridden;  // a bit per base slot that `changes` replaces or removes
  size_t overridden_count = 0;
  size_t present = 0;  // records in `changes`
  // The present records of `changes`, and per skill the ones holding it (indexes into
  // `records`): a search reads only the delta records that hold its rarest required skill,
  // for the delta grows to thousands of records between compactions.
  std::vector<std::pair<std::string_view, const IndexedCandidate*>> records;
  std::vector<std::vector<uint32_t>> by_skill;

  // Rebuilds `records`, `by_skill` and `present` from `changes`: after any change to them.
  void Reindex() {
    records.clear();
    by_skill.clear();
    for (const auto& [id, record] : changes) {
      if (!record) continue;
      const auto index = static_cast<uint32_t>(records.size());
      records.emplace_back(id, &*record);
      for (const IndexedSkill& skill : record->skills) {
        if (by_skill.size() <= skill.skill) by_skill.resize(skill.skill + 1u);
        by_skill[skill.skill].push_back(index);
      }
    }
    present = records.size();
  }

  bool IsOverridden(uint32_t slot) const { return (overridden[slot >> 6] >> (slot & 63)) & 1; }
  void Override(uint32_t slot) {
    uint64_t& word = overridden[slot >> 6];
    const uint64_t bit = uint64_t{1} << (slot & 63);
    if (!(word & bit)) ++overridden_count;
    word |= bit;
  }
};

// What one search reads from start to end, whatever writers publish meanwhile.
struct Snapshot {
  std::shared_ptr<const Dictionaries> dictionaries;
  std::shared_ptr<const Base> base;
  std::shared_ptr<const Delta> delta;
};

// The overlap of every working-hours group with a client window over a horizon, its sentence
// and its factor points, shared by the searches that ask the same (most ask for a few client
// windows): computing them costs more than scanning a million records.
struct WindowOverlaps {
  std::vector<Overlap> overlaps;        // by group
  std::vector<std::string> sentences;   // by group
  std::vector<double> min_hours;        // by group: what the overlap filter reads
  std::vector<uint16_t> points_tenths;  // by group: the overlap factor, in tenths
};

// The searchable record for a candidate, interned into `dictionaries`; nullopt when the
// candidate is not searchable (or its stored data does not load).
std::optional<IndexedCandidate> ToRecord(const CandidateInput& candidate,
                                         Dictionaries& dictionaries);

// A new base from the old one (less what the delta overrides) and the delta's records, finished
// as Base::Finish does.
std::shared_ptr<const Base> Compact(const Base& base, const Delta& delta,
                                    const Dictionaries& dictionaries, size_t cells_from,
                                    size_t cells_only_from, uint8_t cell_years_cap);

}  // namespace meridian::talent::index
