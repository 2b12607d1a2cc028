#include "services/talent/search/search_run.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>

#include "services/talent/search/dcheck.h"
#include "services/talent/search/factor_weights.h"
#include "services/talent/search/scan_pool.h"

namespace meridian::talent::search {

using index::CompactRecord;
using index::HotFields;
using index::kNoGroup;
using index::Posting;

namespace {
// The cheap factors' share of a bound from a cell's key, which the best of the cell's hot
// fields replaces (CellCheapTenths). Such a bound is never clamped to kMaxBound, so the
// share is always there to take out.
constexpr int kCheapFactorTenths = static_cast<int>(kCheapFactorPoints * 10);
static_assert(static_cast<int>(TotalPoints() * 10) + 2 < kMaxBound);
}  // namespace

SearchRun::SearchRun(const SearchQuery& query, const index::Snapshot& snapshot,
                     OverlapSource overlaps, const SearchTuning& tuning,
                     std::optional<std::string_view> only)
    : query_(query),
      dictionaries_ptr_(snapshot.dictionaries),
      dictionaries_(*snapshot.dictionaries),
      snapshot_(snapshot),
      base_(*snapshot.base),
      delta_(*snapshot.delta),
      overlap_source_(std::move(overlaps)),
      tuning_(tuning),
      only_(only
                ? only
                : (query.only_id ? std::optional<std::string_view>(*query.only_id) : std::nullopt)),
      filters_(query),
      has_record_filters_(filters_.any()),
      page_size_(std::max<size_t>(query.page_size, 1)),
      keep_(page_size_ + 1),
      page_(keep_, query.after) {}

SearchResult SearchRun::Run() {
  if (!ResolveNeeds()) return std::move(result_);
  overlaps_ = overlap_source_();
  min_hours_ = overlaps_->min_hours.data();
  overlap_tenths_ = overlaps_->points_tenths.data();
  if (!filters_.CanMatch()) return std::move(result_);
  if (only_) {
    ConsiderOnly(*only_);
  } else {
    PrepareLists();
    // By cells for one skill that has them, or when the rarest skill has only cells; else
    // through the posting lists, which intersect by galloping.
    if (!lists_.empty() && lists_[0].cells != nullptr &&
        (lists_.size() == 1 || lists_[0].postings == nullptr)) {
      CollectByCells();
    } else {
      CollectHits();
      ScoreByBound();
    }
    MergeDelta();
  }
  return Page();
}

// Step 1: interned ids of what the query asks for, and the dollars per unit of each currency.
bool SearchRun::ResolveNeeds() {
  const auto lookup = [](const std::unordered_map<std::string, uint32_t>& ids,
                         const std::string& name) {
    auto it = ids.find(name);
    return it == ids.end() ? -1 : static_cast<int>(it->second);
  };
  for (const SkillNeed& need : query_.required) {
    needs_.required.push_back(lookup(dictionaries_.skill_ids, need.skill));
  }
  bool any_related = false;
  for (const SkillNeed& need : query_.nice) {
    needs_.nice.push_back(lookup(dictionaries_.skill_ids, need.skill));
    std::vector<ResolvedNeeds::Related>& related = needs_.nice_related.emplace_back();
    for (const RelatedSkill& skill : need.related) {
      const int id = lookup(dictionaries_.skill_ids, skill.skill);
      if (id >= 0) related.push_back({id, skill.weight});
    }
    any_related = any_related || !related.empty();
  }
  if (!any_related) needs_.nice_related.clear();
  for (const std::string& soft : query_.soft_skills) {
    needs_.soft_skills.push_back(lookup(dictionaries_.soft_ids, soft));
  }
  if (std::find(needs_.required.begin(), needs_.required.end(), -1) != needs_.required.end()) {
    return false;  // a required skill nobody holds
  }
  usd_.assign(dictionaries_.currencies.size(), -1);
  for (size_t i = 0; i < dictionaries_.currencies.size(); ++i) {
    if (auto it = query_.usd_per_unit.find(dictionaries_.currencies[i]);
        it != query_.usd_per_unit.end()) {
      usd_[i] = it->second;
    }
  }
  return true;
}

// One candidate by id (to score one candidate against a role): the delta's record if it has
// one, else the base's.
void SearchRun::ConsiderOnly(std::string_view id) {
  if (auto it = delta_.changes.find(std::string(id)); it != delta_.changes.end()) {
    if (it->second) ConsiderDelta(it->first, *it->second);
  } else if (std::optional<uint32_t> slot = base_.SlotOf(id)) {
    ConsiderBase(*slot);
  }
}

// The required skills' holders, rarest first (each skill's posting list or cells), and what
// the bounds read of them.
void SearchRun::PrepareLists() {
  static const std::vector<Posting> kNone;
  for (size_t i = 0; i < needs_.required.size(); ++i) {
    const auto skill = static_cast<size_t>(needs_.required[i]);
    const std::vector<Posting>& postings =
        skill < base_.postings.size() ? base_.postings[skill] : kNone;
    const index::PostingCells* cells =
        skill < base_.cells.size() && !base_.cells[skill].empty() ? &base_.cells[skill] : nullptr;
    lists_.push_back({cells != nullptr && postings.empty() ? nullptr : &postings, cells,
                      &query_.required[i],
                      cells != nullptr ? cells->slots.size() : postings.size()});
  }
  std::sort(lists_.begin(), lists_.end(),
            [](const SkillList& a, const SkillList& b) { return a.size < b.size; });
  skills_scale_ =
      lists_.empty() ? 0 : MaxTenths(Factor::kSkills) / static_cast<double>(lists_.size());
  cheap_factors_.emplace(query_);
  for (const SkillList& list : lists_) margins_.emplace_back(*list.need);
  driving_size_ = lists_.empty() ? base_.records.size() : lists_[0].size;
  lease_.emplace();
}

// Step 2: the base's hits. The required skills' postings, intersected from the rarest up with
// the level, years and working-hours group read from the postings themselves (every record
// when no skill is required), then the record filters, reading records only when the query has
// any. Each hit gets an upper bound on its score. A long driving list is cut into parts,
// scanned on several cores at once.
void SearchRun::CollectHits() {
  ScanPool& pool = ScanPool::Shared();
  part_count_ = driving_size_ >= tuning_.parallel_scan_from && pool.workers() > 0
                    ? 2 * (pool.workers() + 1)
                    : 1;
  ScanParts& parts = lease_->parts();
  parts.Resize(part_count_);
  pool.Run(part_count_, [this](size_t part) { ScanPart(part); });
  histogram_.fill(0);
  for (size_t p = 0; p < part_count_; ++p) {
    result_.total_size += static_cast<int>(parts.hits[p].size());
    result_.read += parts.read[p];
    for (int b = 0; b <= kMaxBound; ++b) histogram_[b] += parts.histograms[p][b];
  }
}

void SearchRun::ScanPart(size_t part) {
  ScanParts& parts = lease_->parts();
  std::vector<BaseHit>& hits = parts.hits[part];
  hits.clear();
  parts.histograms[part].fill(0);
  const size_t begin = driving_size_ * part / part_count_;
  const size_t end = driving_size_ * (part + 1) / part_count_;
  IntersectPostings(begin, end, hits);
  parts.read[part] = hits.size();
  FilterAndBound(hits, parts.histograms[part]);
}

// The hits of entries [begin, end) of the driving list: screened on their own level, years and
// group, then intersected with the other required skills' lists (every record when no skill
// is required).
void SearchRun::IntersectPostings(size_t begin, size_t end, std::vector<BaseHit>& hits) const {
  if (lists_.empty()) {
    for (size_t slot = begin; slot < end; ++slot) {
      hits.push_back({static_cast<uint32_t>(slot), kNoGroup, 0, 0});
    }
    return;
  }
  const SkillNeed& need = *lists_[0].need;
  const std::vector<Posting>& rarest = *lists_[0].postings;
  for (size_t i = begin; i < end; ++i) {
    const Posting& posting = rarest[i];
    if (posting.level < need.min_level || posting.years < need.min_years) continue;
    if (posting.group != kNoGroup && !GroupPasses(posting.group)) continue;
    hits.push_back({posting.slot, posting.group, 0, margins_[0].Of(posting.level, posting.years)});
  }
  IntersectOthers(hits);
}

// Keeps the hits that hold every required skill after the driving one, adding their margins:
// by galloping through a posting list (the hits ascend by slot then), or in the candidate's own
// skills for a skill with cells.
void SearchRun::IntersectOthers(std::vector<BaseHit>& hits) const {
  for (size_t i = 1; i < lists_.size() && !hits.empty(); ++i) {
    if (lists_[i].postings != nullptr) {
      IntersectHits(hits, *lists_[i].postings, *lists_[i].need);
    } else {
      KeepHolders(hits, i);
    }
  }
}

// Keeps the hits whose own skills meet lists_[list]'s need, adding its margin.
void SearchRun::KeepHolders(std::vector<BaseHit>& hits, size_t list) const {
  const SkillNeed& need = *lists_[list].need;
  const int skill = SkillOf(list);
  size_t kept = 0;
  for (size_t i = 0; i < hits.size(); ++i) {
    constexpr size_t kAhead = 8;
    if (i + kAhead < hits.size()) __builtin_prefetch(&base_.records[hits[i + kAhead].slot]);
    BaseHit hit = hits[i];
    const IndexedSkill* held = HeldSkill(hit.slot, skill);
    if (!MeetsNeed(held, need)) continue;
    hit.margin += margins_[list].Of(held->level, held->years);
    hits[kept++] = hit;
  }
  hits.resize(kept);
}

// Keeps the hits that pass the record filters (reading the hot fields only when a filter or a
// missing group needs them), each with its bound, and counts the bounds in `histogram`.
void SearchRun::FilterAndBound(std::vector<BaseHit>& hits, BoundHistogram& histogram) const {
  const bool filters_read_record = filters_.ReadsRecord();
  size_t kept = 0;
  for (size_t i = 0; i < hits.size(); ++i) {
    BaseHit hit = hits[i];
    if (delta_.IsOverridden(hit.slot)) continue;
    const int skills_bound = SkillsBoundTenths(hit);
    int bound;
    if (has_record_filters_ || hit.group == kNoGroup) {
      // Hot fields are read in slot order but far apart: ask for the next ones early.
      constexpr size_t kAhead = 16;
      if (i + kAhead < hits.size()) __builtin_prefetch(&base_.hot[hits[i + kAhead].slot]);
      const HotFields& fields = base_.hot[hit.slot];
      // The record itself only for what the hot fields lack: the id and kinds filters, and
      // a group the postings could not tell.
      uint32_t group = hit.group;
      uint32_t kinds = 0;
      std::string_view id;
      if (group == kNoGroup || filters_read_record) {
        const CompactRecord& record = base_.records[hit.slot];
        group = record.hours_group;
        kinds = record.kinds_mask;
        id = base_.IdOf(record);
      }
      const CandidateView view = HotView(fields);
      if (!GroupPasses(group) || !filters_.Passes(id, fields.state, fields.country, fields.english,
                                                  kinds, fields.available_day, view.rate_usd)) {
        continue;
      }
      bound = HotBoundTenths(skills_bound, group, view);
    } else {
      bound = skills_bound + overlap_tenths_[hit.group] +
              static_cast<int>(kPointsBeyondSkillsAndOverlap * 10);
    }
    hit.bound = static_cast<uint16_t>(std::clamp(bound, 0, kMaxBound));
    ++histogram[hit.bound];
    hits[kept++] = hit;
  }
  hits.resize(kept);
}

// Step 2, when the rarest required skill has cells: a bound per cell from its level, years and
// group (the other required skills at their best), then the cells from the highest bound down,
// each cell's bound lowered, when it comes up, by the best of its holders' hot fields (a cell
// whose bound falls waits for it), a band at a time (the first about four pages' worth, each
// next twice the last: the last band read is where the search overshoots, and doubling read a
// quarter fewer holders than quadrupling in the benchmark's mid class at 1M; a band also ends
// at the page's worst entry when it began, which read a third fewer again): each band's
// holders checked for the other required skills in their own skills, put through the record
// filters and scored (on every core when the band is long, SearchTuning::parallel_band_from),
// until no cell left can beat the page's worst entry. The cells of a group whose overlap is too
// short are passed over as a whole. Up to estimate_total_from holders passing the driving
// skill's and the overlap filters, all are read and total_size is exact; past it, total_size is
// estimated from a sample (EstimateTotal).
void SearchRun::CollectByCells() {
  const SkillNeed& need = *lists_[0].need;
  const index::PostingCells& cells = *lists_[0].cells;
  const double others = static_cast<double>(lists_.size() - 1);  // each at its best margin, 1
  ScanParts& parts = lease_->parts();
  std::vector<CellRef>& passing = parts.cells;  // in cell order
  passing.clear();
  std::array<uint32_t, kMaxBound + 2> by_bound{};  // cells per bound, then where each starts
  size_t screened = 0;
  for (size_t run = 0; run + 1 < cells.group_starts.size(); ++run) {
    const uint32_t first = cells.group_starts[run];
    const uint32_t end = cells.group_starts[run + 1];
    const uint16_t group = cells.cells[first].group;
    if (!GroupPasses(group)) continue;  // the whole group's overlap is too short
    // As SkillsBoundTenths and FilterAndBound bound a hit from its postings alone.
    const int beyond_skills =
        2 + overlap_tenths_[group] + static_cast<int>(kPointsBeyondSkillsAndOverlap * 10);
    for (uint32_t c = first; c < end; ++c) {
      const index::PostingCell& cell = cells.cells[c];
      // A cell at the years cap holds that many years or more: an ask past the cap is checked
      // holder by holder (AppendCell).
      if (cell.level < need.min_level ||
          (cell.years < need.min_years && cell.years < cells.years_cap)) {
        continue;
      }
      const int bound =
          static_cast<int>((CellMargin(cell) + others) * skills_scale_) + beyond_skills;
      passing.push_back({c, std::min(bound, kMaxBound)});
      ++by_bound[static_cast<size_t>(kMaxBound - passing.back().bound + 1)];
      screened += cell.count;
    }
  }
  const bool estimate = screened > tuning_.estimate_total_from;
  // Highest bound first, by counting (a sort of tens of thousands of cells would cost more
  // than the search).
  std::vector<CellRef>& ordered = parts.ordered_cells;
  if (estimate) {
    EstimateTotal(passing, screened);
    for (size_t b = 1; b < by_bound.size(); ++b) by_bound[b] += by_bound[b - 1];
    ordered.resize(passing.size());
    for (const CellRef& ref : passing) {
      ordered[by_bound[static_cast<size_t>(kMaxBound - ref.bound)]++] = ref;
    }
  } else {
    ordered.swap(passing);
  }
  ScanPool& pool = ScanPool::Shared();
  const size_t band_parts = pool.workers() > 0 ? 2 * (pool.workers() + 1) : 1;
  parts.Resize(band_parts);  // before the reference below: it may grow parts.hits
  std::vector<BaseHit>& hits = parts.hits[0];
  // A cell comes up by the bound of its key; then its bound from the best of its holders' hot
  // fields is taken (computing it for every cell cost more than it saved at 1M, where a cell
  // holds one to three holders), and a cell whose bound falls waits in `deferred`, a heap by
  // bound, until that bound comes up.
  std::vector<CellRef>& deferred = parts.deferred_cells;
  deferred.clear();
  const auto lower = [](const CellRef& a, const CellRef& b) { return a.bound < b.bound; };
  size_t next = 0;  // the first cell of `ordered` not taken yet
  // The highest bound among the cells not read, -1 when none is left.
  const auto top = [&] {
    return std::max(next < ordered.size() ? ordered[next].bound : -1,
                    deferred.empty() ? -1 : deferred.front().bound);
  };
  size_t wanted = 4 * keep_;
  size_t passed = 0;  // holders that passed every filter, in the cells read
  while (top() >= 0) {
    hits.clear();
    if (!estimate) {
      for (; next < ordered.size(); ++next) AppendCell(ordered[next], hits);
    } else {
      // Whole bounds at a time: a band ends between two bounds, never inside one. And at the
      // page's worst entry so far: no cell below it can enter whatever this band finds (the
      // worst only rises), so the band stops there rather than fill itself with them.
      const int floor = page_.WorstTenths();
      size_t taken = 0;
      for (int bound = top(); bound >= floor && taken < wanted; bound = top()) {
        for (; !deferred.empty() && deferred.front().bound == bound;) {
          std::pop_heap(deferred.begin(), deferred.end(), lower);
          taken += cells.cells[deferred.back().cell].count;
          AppendCell(deferred.back(), hits);
          deferred.pop_back();
        }
        for (; next < ordered.size() && ordered[next].bound == bound; ++next) {
          CellRef ref = ordered[next];
          ref.bound = std::min(
              ref.bound, ref.bound - kCheapFactorTenths + CellCheapTenths(cells.best[ref.cell]));
          if (ref.bound < bound) {
            deferred.push_back(ref);
            std::push_heap(deferred.begin(), deferred.end(), lower);
            continue;
          }
          taken += cells.cells[ref.cell].count;
          AppendCell(ref, hits);
        }
      }
    }
    result_.read += hits.size();
    passed += FilterBand(band_parts);
    ScoreByBound();
    // A cell left has bound b: its holders score at most b tenths. Below the page's worst
    // entry, none can enter (at it, a tie could still win by name); the same test that ends a
    // band, and true when no cell is left (top() is -1, the worst of a page not full 0).
    if (top() < page_.WorstTenths()) break;
    wanted *= 2;
  }
  if (!estimate) {
    result_.total_size += static_cast<int>(passed);
  } else {
    result_.total_size = std::max(result_.total_size, static_cast<int>(passed));
  }
}

size_t SearchRun::FilterBand(size_t band_parts) {
  ScanParts& parts = lease_->parts();
  std::vector<BaseHit>& band = parts.hits[0];
  part_count_ = band.size() >= tuning_.parallel_band_from ? band_parts : 1;
  // Part 0 keeps the band's first share where it is; the others get copies of theirs.
  const size_t size = band.size();
  for (size_t p = 1; p < part_count_; ++p) {
    parts.hits[p].assign(band.begin() + static_cast<ptrdiff_t>(size * p / part_count_),
                         band.begin() + static_cast<ptrdiff_t>(size * (p + 1) / part_count_));
  }
  band.resize(size / part_count_);
  ScanPool::Shared().Run(part_count_, [this, &parts](size_t p) {
    std::vector<BaseHit>& hits = parts.hits[p];
    for (size_t i = 1; i < lists_.size() && !hits.empty(); ++i) KeepHolders(hits, i);
    parts.histograms[p].fill(0);
    FilterAndBound(hits, parts.histograms[p]);
  });
  histogram_ = parts.histograms[0];
  size_t passed = parts.hits[0].size();
  for (size_t p = 1; p < part_count_; ++p) {
    passed += parts.hits[p].size();
    for (int b = 0; b <= kMaxBound; ++b) histogram_[b] += parts.histograms[p][b];
  }
  return passed;
}

// The most margin a cell's holders have in the driving skill: at the years cap, as if they had
// every year there is (their own years are past what the cell tells).
float SearchRun::CellMargin(const index::PostingCell& cell) const {
  return margins_[0].Of(cell.level,
                        cell.years == lists_[0].cells->years_cap ? UINT8_MAX : cell.years);
}

// The most the cheap factors give any holder of a cell (CheapFactorBound::BestTenths), in
// place of the kCheapFactorTenths a bound from the cell's key allows them.
int SearchRun::CellCheapTenths(const index::CellBest& best) const {
  CandidateView view;
  view.english = best.english;
  view.available_day = best.available_day;
  view.rate_usd = best.currency == index::kMixedCurrencies
                      ? -1
                      : RateUsd(best.rate_units(), usd_[best.currency]);
  return cheap_factors_->BestTenths(view, best.seniorities);
}

// total_size from a sample of the holders that passed the driving skill's and the overlap
// filters: every stride-th of them in cell order (the same for every page of the same query
// on the same index), each checked in full (the delta's overrides, the other required skills,
// the record filters).
void SearchRun::EstimateTotal(const std::vector<CellRef>& passing, size_t screened) {
  const index::PostingCells& cells = *lists_[0].cells;
  const bool years_past_cap = lists_[0].need->min_years > cells.years_cap;
  if (lists_.size() == 1 && !has_record_filters_ && delta_.overridden_count == 0 &&
      !years_past_cap) {
    result_.total_size += static_cast<int>(screened);  // every holder passes: exact
    return;
  }
  // About 2,000 holders: a pass rate within about a percentage point.
  constexpr size_t kSample = 2048;
  const size_t stride = std::max<size_t>(1, screened / kSample);
  std::vector<BaseHit>& sample = lease_->parts().picked;
  sample.clear();
  size_t position = 0;  // of the cell's first holder, among all that passed
  for (const CellRef& ref : passing) {
    const index::PostingCell& cell = cells.cells[ref.cell];
    const uint32_t* slots = cells.SlotsOf(cell);
    for (size_t i = (stride - position % stride) % stride; i < cell.count; i += stride) {
      sample.push_back({slots[i], cell.group, 0, 0});
    }
    position += cell.count;
  }
  const size_t sampled = sample.size();
  if (years_past_cap) KeepYears(sample);
  for (size_t i = 1; i < lists_.size() && !sample.empty(); ++i) KeepHolders(sample, i);
  // The sample is spread over the whole skill: every holder is a cache miss, so ask for the
  // ones ahead early (as FilterAndBound does).
  const bool reads_record = filters_.ReadsRecord();
  size_t passed = 0;
  for (size_t i = 0; i < sample.size(); ++i) {
    constexpr size_t kAhead = 16;
    if (i + kAhead < sample.size()) {
      const uint32_t ahead = sample[i + kAhead].slot;
      __builtin_prefetch(&base_.hot[ahead]);
      if (reads_record) __builtin_prefetch(&base_.records[ahead]);
    }
    const uint32_t slot = sample[i].slot;
    passed += !delta_.IsOverridden(slot) && PassesRecordFilters(slot);
  }
  result_.total_size +=
      static_cast<int>(std::llround(static_cast<double>(screened) * static_cast<double>(passed) /
                                    static_cast<double>(std::max<size_t>(sampled, 1))));
  result_.total_size_estimated = stride > 1;
}

void SearchRun::AppendCell(const CellRef& ref, std::vector<BaseHit>& hits) const {
  const index::PostingCells& cells = *lists_[0].cells;
  const index::PostingCell& cell = cells.cells[ref.cell];
  const float margin = CellMargin(cell);
  const uint32_t* slots = cells.SlotsOf(cell);
  const size_t first = hits.size();
  for (uint32_t i = 0; i < cell.count; ++i) hits.push_back({slots[i], cell.group, 0, margin});
#if MERIDIAN_DCHECK_IS_ON
  // No holder's own bound (the same skills part, and the lower of its cheap factors' maximum
  // and their bound from its hot fields) is above the cell's.
  const int skills_bound =
      static_cast<int>((margin + static_cast<double>(lists_.size() - 1)) * skills_scale_) + 2;
  for (uint32_t i = 0; i < cell.count; ++i) {
    const int cheap =
        std::min(kCheapFactorTenths, cheap_factors_->Tenths(HotView(base_.hot[slots[i]])));
    MERIDIAN_DCHECK(skills_bound + overlap_tenths_[cell.group] + cheap +
                            static_cast<int>(kNiceAndSoftSkillPoints * 10) <=
                        ref.bound,
                    "a cell's bound is never below one of its holders'");
  }
#endif
  if (cell.years == cells.years_cap && lists_[0].need->min_years > cells.years_cap) {
    std::vector<BaseHit> added(hits.begin() + static_cast<ptrdiff_t>(first), hits.end());
    hits.resize(first);
    KeepYears(added);
    hits.insert(hits.end(), added.begin(), added.end());
  }
}

// Keeps the hits that hold the driving skill for the years asked (what a cell at the years cap
// cannot tell), in their own skills.
void SearchRun::KeepYears(std::vector<BaseHit>& hits) const {
  const int skill = SkillOf(0);
  const int min_years = lists_[0].need->min_years;
  std::erase_if(hits, [&](const BaseHit& hit) {
    const IndexedSkill* held = HeldSkill(hit.slot, skill);
    return held == nullptr || held->years < min_years;
  });
}

// The index's number for lists_[list]'s skill.
int SearchRun::SkillOf(size_t list) const {
  return needs_.required[static_cast<size_t>(lists_[list].need - query_.required.data())];
}

// A base candidate's level and years in `skill`, from its own skills (nullptr: not held).
const IndexedSkill* SearchRun::HeldSkill(uint32_t slot, int skill) const {
  const CompactRecord& record = base_.records[slot];
  CandidateView skills;
  skills.skills = base_.skills.data() + record.skills_offset;
  skills.skill_count = record.skill_count;
  return FindSkill(skills, skill);
}

bool SearchRun::PassesRecordFilters(uint32_t slot) const {
  const HotFields& fields = base_.hot[slot];
  uint32_t kinds = 0;
  std::string_view id;
  if (filters_.ReadsRecord()) {
    const CompactRecord& record = base_.records[slot];
    kinds = record.kinds_mask;
    id = base_.IdOf(record);
  }
  return filters_.Passes(id, fields.state, fields.country, fields.english, kinds,
                         fields.available_day, HotView(fields).rate_usd);
}

// Step 3: the scores, highest bound first, until no hit left can beat the page's worst entry:
// a few passes over the hits, each scoring those whose bound reaches `cutoff`.
void SearchRun::ScoreByBound() {
  ScanParts& parts = lease_->parts();
  int cutoff = kMaxBound;
  for (size_t count = histogram_[kMaxBound]; cutoff > 0 && count < keep_;) {
    count += histogram_[--cutoff];
  }
  std::vector<BaseHit>& picked = parts.picked;
  size_t scanned = 0;  // hits picked by the passes so far
  for (int upper = kMaxBound + 1, worst = page_.WorstTenths();;) {
    picked.clear();
    for (size_t p = 0; p < part_count_; ++p) {
      for (const BaseHit& hit : parts.hits[p]) {
        if (hit.bound >= cutoff && hit.bound < upper) picked.push_back(hit);
      }
    }
    for (size_t i = 0; i < picked.size(); ++i) {
      const BaseHit& hit = picked[i];
      if (hit.bound < worst) continue;
      constexpr size_t kAhead = 16;
      if (i + kAhead < picked.size()) __builtin_prefetch(&base_.hot[picked[i + kAhead].slot]);
      // A bound from the postings alone is refined with the hot fields before the record
      // (two more cache misses) is read.
      if (!has_record_filters_ && hit.group != kNoGroup &&
          HotBoundTenths(SkillsBoundTenths(hit), hit.group, HotView(base_.hot[hit.slot])) < worst) {
        continue;
      }
      const CompactRecord& record = base_.records[hit.slot];
      const CandidateView view = ViewOfBase(hit.slot);
      const Overlap& overlap = overlaps_->overlaps[record.hours_group];
      MERIDIAN_DCHECK(std::lround(Score(view, query_, needs_, overlap).total() * 10) <= hit.bound,
                      "a hit's bound is never below its exact score");
      Offer(base_.IdOf(record), base_.NameOf(record), view, overlap, SkillsBoundTenths(hit) / 10.0,
            &record, nullptr);
      worst = page_.WorstTenths();
    }
    scanned += picked.size();
    int next = page_.WorstTenths();
    if (!page_.full()) {
      // Not full: the page's cursor left out the first hits. Take in as many again (at least
      // a page) rather than every hit, so that page n costs about log n passes.
      const size_t wanted = std::max(keep_ - page_.size(), scanned);
      next = cutoff;
      for (size_t count = 0; next > 0 && count < wanted;) count += histogram_[--next];
    }
    if (cutoff == 0 || next >= cutoff) break;
    upper = cutoff;
    cutoff = next;
  }
}

// Step 4: the delta, after the base so that its page is full and most delta records are left
// out by their bound: its records that hold the required skill it has fewest of (all its
// records when no skill is required), each checked in full.
void SearchRun::MergeDelta() {
  if (needs_.required.empty()) {
    for (const auto& [id, record] : delta_.records) ConsiderDelta(id, *record);
    return;
  }
  static const std::vector<uint32_t> kNobody;
  const std::vector<uint32_t>* fewest = nullptr;
  for (const int skill : needs_.required) {
    const std::vector<uint32_t>* holders =
        static_cast<size_t>(skill) < delta_.by_skill.size() ? &delta_.by_skill[skill] : &kNobody;
    if (fewest == nullptr || holders->size() < fewest->size()) fewest = holders;
  }
  for (const uint32_t i : *fewest)
    ConsiderDelta(delta_.records[i].first, *delta_.records[i].second);
}

// Step 5: the page in ranking order, the next page's cursor, and for each match the values
// its explanations are written from (only for the page returned, and only when asked).
SearchResult SearchRun::Page() {
  std::vector<Ranked>& ranked = page_.Sorted();
  if (ranked.size() > page_size_) {
    ranked.resize(page_size_);
    const Ranked& last = ranked.back();
    result_.next = SearchCursor{last.score, std::string(last.display_name), std::string(last.id)};
  }
  result_.dictionaries = dictionaries_ptr_;
  result_.viewed_base = snapshot_.base;
  result_.viewed_delta = snapshot_.delta;
  result_.overlaps = overlaps_;
  for (const Ranked& entry : ranked) {
    SearchMatch& match = result_.matches.emplace_back();
    match.score = entry.score;
    match.parts = entry.parts;
    match.overlap = entry.overlap;
    const auto slot = entry.delta_record != nullptr
                          ? 0
                          : static_cast<uint32_t>(entry.base_record - base_.records.data());
    if (!query_.explain) {
      match.record.id = entry.id;
      match.record.display_name = entry.display_name;
      match.record.state =
          entry.delta_record != nullptr ? entry.delta_record->state : base_.hot[slot].state;
      continue;
    }
    match.record = entry.delta_record != nullptr ? MatchedRecord::Of(*entry.delta_record)
                                                 : base_.View(slot, dictionaries_);
    const MatchedRecord& record = match.record;
    match.overlap_sentence = overlaps_->sentences[record.hours_group];
    const CandidateView view = entry.delta_record != nullptr
                                   ? ViewOf(*entry.delta_record, usd_[record.currency_id])
                                   : ViewOfBase(slot);
    match.rate_usd = view.rate_usd;
    for (size_t i = 0; i < query_.required.size(); ++i) {
      match.required.push_back(*FindSkill(view, needs_.required[i]));
    }
    for (size_t i = 0; i < query_.nice.size(); ++i) {
      const NiceCredit credit = CreditNice(view, needs_, query_.nice[i], i);
      match.nice_met.push_back(credit.credit == 1 && credit.through < 0);
      match.nice_through.emplace_back(
          credit.through < 0 ? std::string_view()
                             : dictionaries_.skill_names[static_cast<size_t>(credit.through)],
          credit.credit);
    }
    for (const int soft_skill : needs_.soft_skills) {
      match.soft_skill_listed.push_back(HasSoftSkill(view, soft_skill));
    }
  }
  return std::move(result_);
}

void SearchRun::Consider(std::string_view id, std::string_view name, uint8_t state,
                         std::array<char, 2> country, uint8_t english, uint32_t kinds,
                         int32_t available_day, uint32_t hours_group, const CandidateView& view,
                         const CompactRecord* base_record, const IndexedCandidate* delta_record) {
  if (!filters_.Passes(id, state, country, english, kinds, available_day, view.rate_usd)) return;
  if (!GroupPasses(hours_group)) return;
  for (size_t i = 0; i < query_.required.size(); ++i) {
    if (!MeetsNeed(FindSkill(view, needs_.required[i]), query_.required[i])) return;
  }
  ++result_.total_size;
  Offer(id, name, view, overlaps_->overlaps[hours_group], MaxPoints(Factor::kSkills), base_record,
        delta_record);
}

void SearchRun::ConsiderBase(uint32_t slot) {
  if (delta_.IsOverridden(slot)) return;
  const CompactRecord& record = base_.records[slot];
  const HotFields& fields = base_.hot[slot];
  Consider(base_.IdOf(record), base_.NameOf(record), fields.state, fields.country, fields.english,
           record.kinds_mask, fields.available_day, record.hours_group, ViewOfBase(slot), &record,
           nullptr);
}

void SearchRun::ConsiderDelta(std::string_view id, const IndexedCandidate& record) {
  Consider(id, record.display_name, record.state, record.country, record.english, record.kinds_mask,
           record.available_day, record.hours_group, ViewOf(record, usd_[record.currency_id]),
           nullptr, &record);
}

void SearchRun::Offer(std::string_view id, std::string_view name, const CandidateView& view,
                      const Overlap& overlap, double skills_bound, const CompactRecord* base_record,
                      const IndexedCandidate* delta_record) {
  // A full page keeps only what beats its worst entry: skip the skill factors for a candidate
  // who cannot, whatever they hold. (Strictly below: a tie may still win by name.)
  const bool check_bound = page_.full() || MERIDIAN_DCHECK_IS_ON;
  const double bound = check_bound ? ScoreUpperBound(view, query_, overlap, skills_bound) : 0;
  if (page_.full() && bound + 1e-9 < page_.worst_score()) return;
  const ScoreParts parts = Score(view, query_, needs_, overlap);
  // The parts are in tenths already; rounding their sum only removes floating-point dust,
  // so the score is exactly the sum of the factors shown and ties are real ties.
  const double score = std::round(parts.total() * 10) / 10;
  MERIDIAN_DCHECK(score <= bound + 1e-9, "a candidate's bound is never below its exact score");
  page_.Offer(Ranked{score, name, id, base_record, delta_record, &overlap, parts});
}

int SearchRun::SkillsBoundTenths(const BaseHit& hit) const {
  // The skills factor rounds to a tenth, and the margins were summed in float and in another
  // order than Score's: two tenths of slack keep the bound above the exact factor.
  return lists_.empty() ? MaxTenths(Factor::kSkills)
                        : static_cast<int>(hit.margin * skills_scale_) + 2;
}

int SearchRun::HotBoundTenths(int skills_bound, uint32_t group, const CandidateView& view) const {
  return skills_bound + overlap_tenths_[group] + cheap_factors_->Tenths(view) +
         static_cast<int>(kNiceAndSoftSkillPoints * 10);
}

CandidateView SearchRun::HotView(const HotFields& fields) const {
  CandidateView view;
  view.seniority = fields.seniority;
  view.english = fields.english;
  view.available_day = fields.available_day;
  view.rate_usd = RateUsd(fields.rate_units(), usd_[fields.currency]);
  return view;
}

CandidateView SearchRun::ViewOfBase(uint32_t slot) const {
  const CompactRecord& record = base_.records[slot];
  CandidateView view = HotView(base_.hot[slot]);
  view.skills = base_.skills.data() + record.skills_offset;
  view.skill_count = record.skill_count;
  view.soft_skills = base_.soft.data() + record.soft_offset;
  view.soft_skill_count = record.soft_count;
  return view;
}

}  // namespace meridian::talent::search
