// Tests of the index's layout as Base::Finish builds it: the slots in working-hours group order
// with each record's own skills, the id order, the posting lists and the cells. Finish runs
// on two threads and reorders three arrays; a search that reads a record's skills through the
// wrong offset, or a cell that loses a holder, would still answer, wrongly.

#include "services/talent/search/index_layout.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace meridian::talent::index {
namespace {

// The best of a cell's hot fields, field by field over all its holders.
CellBest BestOf(const std::vector<HotFields>& hot, const uint32_t* slots, uint32_t count) {
  CellBest best{};
  best.available_day = INT32_MAX;
  best.english = 0;
  best.seniorities = 0;
  best.currency = hot[slots[0]].currency;
  int64_t lowest = INT64_MAX;
  for (uint32_t i = 0; i < count; ++i) {
    const HotFields& fields = hot[slots[i]];
    best.available_day = std::min(best.available_day, fields.available_day);
    best.english = std::max(best.english, fields.english);
    best.seniorities |= static_cast<uint8_t>(1u << std::min<int>(fields.seniority, 7));
    if (fields.currency != best.currency) best.currency = kMixedCurrencies;
    lowest = std::min(lowest, fields.rate_units());
  }
  if (best.currency != kMixedCurrencies) {
    best.rate_units_low = static_cast<uint32_t>(lowest);
    best.rate_units_high = static_cast<uint8_t>(lowest >> 32);
  }
  return best;
}

// The cells as PostingCells::Of built them before it counted: one sort of (cell, slot) keys.
PostingCells CellsBySorting(const std::vector<Posting>& postings, uint8_t years_cap,
                            const std::vector<HotFields>& hot) {
  years_cap = std::min(years_cap, kMaxCellYearsCap);
  std::vector<uint64_t> keys;
  for (const Posting& posting : postings) {
    if (posting.group == kNoGroup) return {};
    const uint32_t cell = uint32_t{posting.group} << 8 | std::min<uint32_t>(posting.level, 7) << 5 |
                          std::min<uint32_t>(posting.years, years_cap);
    keys.push_back(uint64_t{cell} << 32 | posting.slot);
  }
  std::sort(keys.begin(), keys.end());
  PostingCells out;
  out.years_cap = years_cap;
  for (size_t i = 0; i < keys.size(); ++i) {
    const auto cell = static_cast<uint32_t>(keys[i] >> 32);
    out.slots.push_back(static_cast<uint32_t>(keys[i]));
    if (i == 0 || cell != static_cast<uint32_t>(keys[i - 1] >> 32)) {
      out.cells.push_back({static_cast<uint32_t>(i), 0, static_cast<uint16_t>(cell >> 8),
                           static_cast<uint8_t>(cell >> 5 & 7), static_cast<uint8_t>(cell & 31)});
    }
    ++out.cells.back().count;
  }
  for (uint32_t c = 0; c < out.cells.size(); ++c) {
    if (c == 0 || out.cells[c].group != out.cells[c - 1].group) out.group_starts.push_back(c);
    out.best.push_back(BestOf(hot, out.SlotsOf(out.cells[c]), out.cells[c].count));
  }
  out.group_starts.push_back(static_cast<uint32_t>(out.cells.size()));
  return out;
}

void ExpectSameBest(const CellBest& a, const CellBest& e, size_t cell) {
  EXPECT_EQ(std::tie(a.available_day, a.english, a.seniorities, a.currency),
            std::tie(e.available_day, e.english, e.seniorities, e.currency))
      << "cell " << cell;
  // A rate in mixed currencies says nothing, and is not read.
  if (e.currency != kMixedCurrencies) {
    EXPECT_EQ(a.rate_units(), e.rate_units()) << "cell " << cell;
  }
}

void ExpectSameCells(const PostingCells& actual, const PostingCells& expected) {
  EXPECT_EQ(actual.years_cap, expected.years_cap);
  EXPECT_EQ(actual.slots, expected.slots);
  EXPECT_EQ(actual.group_starts, expected.group_starts);
  ASSERT_EQ(actual.cells.size(), expected.cells.size());
  for (size_t i = 0; i < actual.cells.size(); ++i) {
    const PostingCell& a = actual.cells[i];
    const PostingCell& e = expected.cells[i];
    EXPECT_EQ(std::tie(a.begin, a.count, a.group, a.level, a.years),
              std::tie(e.begin, e.count, e.group, e.level, e.years))
        << "cell " << i;
  }
  ASSERT_EQ(actual.best.size(), expected.best.size());
  for (size_t i = 0; i < actual.best.size(); ++i)
    ExpectSameBest(actual.best[i], expected.best[i], i);
}

// Hot fields for slots up to `slots`: a few currencies, so that some cells share one and some
// do not, rates past 32 bits, seniorities past 7, and candidates available now.
std::vector<HotFields> RandomHotFields(std::mt19937& random, size_t slots) {
  std::vector<HotFields> hot(slots);
  for (HotFields& fields : hot) {
    fields.currency = static_cast<uint16_t>(random() % 8 == 0 ? random() % 3 : 0);
    fields.set_rate_units(static_cast<int64_t>(random() % 1000) << (random() % 2 ? 0 : 33));
    fields.available_day = random() % 10 == 0 ? INT32_MIN : static_cast<int32_t>(random() % 400);
    fields.english = static_cast<uint8_t>(random() % 7);
    fields.seniority = static_cast<uint8_t>(random() % 10);
  }
  return hot;
}

// A posting list as Finish builds one: ascending slots, so groups that never go down.
std::vector<Posting> PostingList(std::mt19937& random, size_t holders, uint16_t groups) {
  std::vector<uint16_t> group_of(holders);
  for (uint16_t& group : group_of) group = static_cast<uint16_t>(random() % groups);
  std::sort(group_of.begin(), group_of.end());
  std::vector<Posting> postings;
  uint32_t slot = 0;
  for (const uint16_t group : group_of) {
    slot += 1 + static_cast<uint32_t>(random() % 3);
    postings.push_back({slot, group, static_cast<uint8_t>(random() % 9),  // levels past 7 too
                        static_cast<uint8_t>(random() % 51)});
  }
  return postings;
}

TEST(PostingCellsTest, CountingGivesTheCellsSlotsAndBestFieldsThatSortingGave) {
  std::mt19937 random(7);
  for (const uint8_t years_cap : {uint8_t{0}, uint8_t{5}, uint8_t{15}, uint8_t{31}, uint8_t{60}}) {
    // Many holders in few groups (long runs), and few in many (runs of one or two).
    for (const auto& [holders, groups] :
         {std::pair<size_t, uint16_t>{20000, 3}, {5000, 4000}, {1, 1}, {0, 1}}) {
      SCOPED_TRACE(
          absl::StrCat("years cap ", years_cap, ", ", holders, " holders in ", groups, " groups"));
      const std::vector<Posting> postings = PostingList(random, holders, groups);
      const std::vector<HotFields> hot = RandomHotFields(random, 3 * holders + 1);
      ExpectSameCells(PostingCells::Of(postings, years_cap, hot),
                      CellsBySorting(postings, years_cap, hot));
    }
  }
}

TEST(PostingCellsTest, AHolderWhoseGroupDoesNotFitACellLeavesTheSkillWithoutCells) {
  std::vector<Posting> postings = {{1, 0, 3, 4}, {2, 5, 3, 4}, {3, kNoGroup, 1, 1}};
  EXPECT_TRUE(PostingCells::Of(postings, 15, std::vector<HotFields>(4)).empty());
}

// A random candidate: its group, skills and soft skills say which one it is.
IndexedCandidate Candidate(std::mt19937& random, int number, uint32_t groups, uint16_t skills) {
  IndexedCandidate candidate;
  // Ids that share long prefixes and are prefixes of each other, in no particular order.
  candidate.id = absl::StrCat("c", number % 7, "-", number * 7919 % 10007, number % 3 ? "x" : "");
  candidate.display_name = absl::StrCat("Name ", number);
  candidate.hours_group = static_cast<uint32_t>(random() % groups);
  candidate.rate_units = number;
  // The fields the cells' best are made of, different from neighbour to neighbour.
  candidate.english = static_cast<uint8_t>(number % 7);
  candidate.seniority = static_cast<uint8_t>(number * 5 % 9);
  candidate.available_day = number * 13 % 90;
  std::set<uint16_t> held;
  const int count = static_cast<int>(random() % 9);  // none to eight
  while (static_cast<int>(held.size()) < count) {
    // Half from ten popular skills, half from the rest: some lists long, most short.
    held.insert(static_cast<uint16_t>(random() % 2 ? random() % 10 : random() % skills));
  }
  for (const uint16_t skill : held) {
    candidate.skills.push_back(
        {skill, static_cast<uint8_t>(1 + random() % 5), static_cast<uint8_t>(random() % 20)});
  }
  for (int i = 0; i < number % 4; ++i) candidate.soft_skills.push_back(number % 11 + i);
  return candidate;
}

TEST(BaseFinishTest, EachSlotKeepsItsOwnCandidateAndEveryListFindsItsHolders) {
  constexpr uint16_t kSkills = 400;
  constexpr uint32_t kGroups = 50;
  Dictionaries dictionaries;
  for (uint16_t skill = 0; skill < kSkills; ++skill) {
    dictionaries.skill_ids.emplace(absl::StrCat("skill-", skill), skill);
    dictionaries.skill_names.push_back(absl::StrCat("skill-", skill));
  }
  dictionaries.currencies.push_back("USD");
  std::mt19937 random(11);
  std::map<std::string, IndexedCandidate> appended;
  Base base;
  for (int number = 0; number < 20000; ++number) {
    IndexedCandidate candidate = Candidate(random, number, kGroups, kSkills);
    if (!appended.emplace(candidate.id, candidate).second) continue;  // ids must be unique
    base.Append(candidate, dictionaries);
  }
  // Cells for skills held by 300 or more, and only cells from 450: some lists kept, some not.
  base.Finish(/*cells_from=*/300, /*cells_only_from=*/450, /*cell_years_cap=*/15);

  ASSERT_EQ(base.records.size(), appended.size());
  ASSERT_EQ(base.hot.size(), appended.size());
  std::map<uint16_t, std::set<uint32_t>> holders;  // by skill, the slots holding it
  for (uint32_t slot = 0; slot < base.records.size(); ++slot) {
    const CompactRecord& record = base.records[slot];
    if (slot > 0) {
      ASSERT_LE(base.records[slot - 1].hours_group, record.hours_group) << "slots by group";
    }
    const auto it = appended.find(std::string(base.IdOf(record)));
    ASSERT_NE(it, appended.end()) << base.IdOf(record);
    const IndexedCandidate& expected = it->second;
    const IndexedCandidate actual = base.Materialize(slot, dictionaries);
    EXPECT_EQ(actual.display_name, expected.display_name);
    EXPECT_EQ(actual.hours_group, expected.hours_group);
    EXPECT_EQ(actual.rate_units, expected.rate_units);
    EXPECT_EQ(actual.soft_skills, expected.soft_skills);
    ASSERT_EQ(actual.skills.size(), expected.skills.size()) << expected.id;
    for (size_t i = 0; i < actual.skills.size(); ++i) {
      EXPECT_EQ(
          std::tie(actual.skills[i].skill, actual.skills[i].level, actual.skills[i].years),
          std::tie(expected.skills[i].skill, expected.skills[i].level, expected.skills[i].years))
          << expected.id;
      holders[actual.skills[i].skill].insert(slot);
    }
  }
  // The id order finds every candidate at its slot.
  ASSERT_EQ(base.by_id.size(), appended.size());
  for (const auto& [id, candidate] : appended) {
    const std::optional<uint32_t> slot = base.SlotOf(id);
    ASSERT_TRUE(slot.has_value()) << id;
    EXPECT_EQ(base.IdOf(base.records[*slot]), id);
  }
  EXPECT_FALSE(base.SlotOf("c1-").has_value());
  // Each skill's holders, in its posting list or its cells (or both), and nobody else.
  bool some_cells_only = false;
  bool some_lists_only = false;
  for (uint16_t skill = 0; skill < kSkills; ++skill) {
    SCOPED_TRACE(absl::StrCat("skill ", skill));
    const std::vector<Posting>& postings = base.postings[skill];
    const PostingCells& cells = base.cells[skill];
    some_cells_only = some_cells_only || (postings.empty() && !cells.empty());
    some_lists_only = some_lists_only || (!postings.empty() && cells.empty());
    if (!postings.empty()) {
      std::vector<uint32_t> slots;
      for (const Posting& posting : postings) {
        slots.push_back(posting.slot);
        EXPECT_EQ(posting.group, base.records[posting.slot].hours_group);
      }
      EXPECT_TRUE(std::is_sorted(slots.begin(), slots.end()));
      EXPECT_EQ(std::set<uint32_t>(slots.begin(), slots.end()), holders[skill]);
      EXPECT_EQ(slots.size(), holders[skill].size());
    }
    if (!cells.empty()) {
      EXPECT_EQ(std::set<uint32_t>(cells.slots.begin(), cells.slots.end()), holders[skill]);
      EXPECT_EQ(cells.slots.size(), holders[skill].size());
      // Each cell's best from its holders' hot fields in their final slots.
      ASSERT_EQ(cells.best.size(), cells.cells.size());
      for (size_t c = 0; c < cells.cells.size(); ++c) {
        ExpectSameBest(cells.best[c],
                       BestOf(base.hot, cells.SlotsOf(cells.cells[c]), cells.cells[c].count), c);
      }
    }
    if (postings.empty() && cells.empty()) {
      EXPECT_TRUE(holders[skill].empty());
    }
  }
  EXPECT_TRUE(some_cells_only) << "the pool should give skills with only cells";
  EXPECT_TRUE(some_lists_only) << "the pool should give skills with only a posting list";
}

TEST(HeldBytesTest, CountsAndShrinksCapacityUnlessMallocMappedTheBuffer) {
  std::vector<uint32_t> small;
  small.reserve(1000);
  small.push_back(1);
  EXPECT_EQ(HeldBytes(small), 1000 * sizeof(uint32_t));
  std::vector<char> mapped;
  mapped.reserve(kMappedBufferBytes);
  mapped.resize(100);
  EXPECT_EQ(HeldBytes(mapped), 100u);
  ShrinkWhereItHoldsMemory(small);
  EXPECT_EQ(small.capacity(), 1u);
  ShrinkWhereItHoldsMemory(mapped);
  EXPECT_EQ(mapped.capacity(), kMappedBufferBytes);
}

}  // namespace
}  // namespace meridian::talent::index
