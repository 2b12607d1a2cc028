// One search over one snapshot of the index, in named steps. SearchIndex::Search makes one and
// runs it; nothing else should need to.
//
// The technique is a bound-ordered top-k with early termination, of the MaxScore family
// (Turtle and Flood, "Query evaluation: strategies and optimizations", 1995; the same idea
// as WAND, Broder et al. 2003, and BlockMax-WAND, Ding and Suel 2011): every hit gets a cheap
// upper bound on its score, hits are scored exactly from the highest bound down, and scoring
// stops as soon as no hit left can beat the worst entry of a full page. Here the bound of
// each hit is known before any is scored (from its postings and 16 bytes of hot fields), so
// the hits are bucketed by bound (a histogram) instead of walked in document order.
//
//   1. ResolveNeeds   the query's skills, soft skills and currencies as the index numbers them;
//                     a required skill nobody holds ends the search.
//   2. CollectHits    per part of the driving list (parts on every core for long lists):
//                     IntersectPostings (the rarest required skill's postings, screened on
//                     their own entries, intersected with the other required skills' postings
//                     by galloping), then FilterAndBound (the record filters and each hit's
//                     bound, counted in a histogram of bounds).
//      or CollectByCells, for one required skill with cells (index::PostingCells), or when
//                     the rarest required skill has only cells:
//                     a bound per cell of holders (group, level, years), then the cells from
//                     the highest bound down (each one's bound lowered by the best of its
//                     holders' hot fields when it comes up), a band at a time, each band
//                     through the other required skills (KeepHolders), FilterAndBound (in
//                     parts on every core for a long band: FilterBand) and ScoreByBound,
//                     until no cell left can beat the page. Past
//                     SearchTuning::estimate_total_from holders, total_size is estimated from
//                     a sample (EstimateTotal).
//   3. ScoreByBound   passes over the hits by descending bound, each scoring the hits whose
//                     bound reaches a cutoff, until no hit left can beat the page.
//   4. MergeDelta     the delta's records that hold the rarest required skill, each checked in
//                     full, after the base so that most are left out by their bound.
//   5. Page           the page in ranking order, the cursor of the next, and per match the
//                     values its explanations are written from.
//
//   SearchRun run(query, snapshot, [&] { return GroupOverlaps(query, snapshot); }, tuning);
//   SearchResult result = run.Run();
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "services/talent/search/index_layout.h"
#include "services/talent/search/indexed_candidate.h"
#include "services/talent/search/posting_intersection.h"
#include "services/talent/search/query.h"
#include "services/talent/search/record_filters.h"
#include "services/talent/search/scan_scratch.h"
#include "services/talent/search/scoring.h"
#include "services/talent/search/search_index.h"
#include "services/talent/search/search_result.h"
#include "services/talent/search/top_page.h"

namespace meridian::talent::search {

class SearchRun final {
 public:
  // `overlaps` gives the client window's overlap with every working-hours group (cached by the
  // index); it is asked only once the query's skills are known to the index.
  using OverlapSource = std::function<std::shared_ptr<const index::WindowOverlaps>()>;
  // `only`, when given, considers that candidate alone, as query.only_id does (for callers
  // that share one query among candidates).
  SearchRun(const SearchQuery& query, const index::Snapshot& snapshot, OverlapSource overlaps,
            const SearchTuning& tuning, std::optional<std::string_view> only = std::nullopt);
  SearchRun(const SearchRun&) = delete;
  SearchRun& operator=(const SearchRun&) = delete;

  SearchResult Run();

 private:
  // A required skill's holders, with the need they answer: its posting list, its cells or both.
  struct SkillList {
    const std::vector<index::Posting>* postings;  // null when the skill has only cells
    const index::PostingCells* cells;             // null when it has none
    const SkillNeed* need;
    size_t size;  // holders
  };

  // The steps.
  bool ResolveNeeds();
  void ConsiderOnly(std::string_view id);
  void PrepareLists();
  void CollectHits();
  // Collects and scores in one, by the rarest skill's cells (see the file comment).
  void CollectByCells();
  // A band's holders (parts.hits[0]) through the other required skills, the record filters
  // and their bounds (counted in histogram_), on every core when the band is long; returns
  // how many passed.
  size_t FilterBand(size_t band_parts);
  void EstimateTotal(const std::vector<CellRef>& passing, size_t screened);
  float CellMargin(const index::PostingCell& cell) const;
  int CellCheapTenths(const index::CellBest& best) const;
  void AppendCell(const CellRef& ref, std::vector<BaseHit>& hits) const;
  // The record filters of a base candidate whose skills and group passed.
  bool PassesRecordFilters(uint32_t slot) const;
  void ScanPart(size_t part);
  void IntersectPostings(size_t begin, size_t end, std::vector<BaseHit>& hits) const;
  void IntersectOthers(std::vector<BaseHit>& hits) const;
  void KeepHolders(std::vector<BaseHit>& hits, size_t list) const;
  void KeepYears(std::vector<BaseHit>& hits) const;
  int SkillOf(size_t list) const;
  const IndexedSkill* HeldSkill(uint32_t slot, int skill) const;
  void FilterAndBound(std::vector<BaseHit>& hits, BoundHistogram& histogram) const;
  void ScoreByBound();
  void MergeDelta();
  SearchResult Page();

  // Every hard filter, the skills included, for one candidate of either kind; then Offer.
  void Consider(std::string_view id, std::string_view name, uint8_t state,
                std::array<char, 2> country, uint8_t english, uint32_t kinds, int32_t available_day,
                uint32_t hours_group, const CandidateView& view,
                const index::CompactRecord* base_record, const IndexedCandidate* delta_record);
  void ConsiderBase(uint32_t slot);
  void ConsiderDelta(std::string_view id, const IndexedCandidate& record);
  // Scores a candidate who passed every hard filter and puts it on the page if it ranks there.
  void Offer(std::string_view id, std::string_view name, const CandidateView& view,
             const Overlap& overlap, double skills_bound, const index::CompactRecord* base_record,
             const IndexedCandidate* delta_record);

  // The bounds, in tenths. From the postings: the skills factor from the hit's margins.
  int SkillsBoundTenths(const BaseHit& hit) const;
  // From the hot fields: the skills bound, the overlap and cheap factors exactly, and the
  // nice-to-have and soft-skill factors at their maximum.
  int HotBoundTenths(int skills_bound, uint32_t group, const CandidateView& view) const;

  // What the cheap factors read (no skills): enough for a score bound.
  CandidateView HotView(const index::HotFields& fields) const;
  CandidateView ViewOfBase(uint32_t slot) const;
  bool GroupPasses(uint32_t group) const {
    return min_hours_[group] + 1e-9 >= query_.min_overlap_hours;
  }

  const SearchQuery& query_;
  const std::shared_ptr<const index::Dictionaries> dictionaries_ptr_;
  const index::Dictionaries& dictionaries_;
  const index::Snapshot& snapshot_;  // outlives the run
  const index::Base& base_;
  const index::Delta& delta_;
  const OverlapSource overlap_source_;
  const SearchTuning& tuning_;
  const std::optional<std::string_view> only_;
  const RecordFilters filters_;
  const bool has_record_filters_;
  const size_t page_size_;
  const size_t keep_;  // one more than the page: it tells that another page follows
  TopPage page_;
  SearchResult result_;

  // Set by ResolveNeeds.
  ResolvedNeeds needs_;
  std::vector<double> usd_;  // US dollars per unit of each interned currency, -1 for none
  // Set once the needs are resolved: the overlaps, and what the hot loops read of them.
  std::shared_ptr<const index::WindowOverlaps> overlaps_;
  const double* min_hours_ = nullptr;         // by group
  const uint16_t* overlap_tenths_ = nullptr;  // by group

  // Set by PrepareLists for CollectHits or CollectByCells, and ScoreByBound.
  std::vector<SkillList> lists_;  // rarest first
  double skills_scale_ = 0;       // tenths of the skills factor per unit of margin
  std::optional<CheapFactorBound> cheap_factors_;
  std::vector<MarginTable> margins_;  // by lists_
  size_t driving_size_ = 0;
  size_t part_count_ = 1;
  std::optional<ScratchLease> lease_;
  BoundHistogram histogram_{};
};

}  // namespace meridian::talent::search
