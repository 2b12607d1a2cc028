// The talent pool in memory, for SearchCandidates: the search engine's entry point. Plain
// structs in (CandidateInput, SearchQuery) and out (SearchResult); the service's proto side is
// services/talent/search_proto/ (candidate_input.h, search_query.h, explain.h).
//
// Layout (about 175 bytes a candidate): a compact fixed-size record per candidate with its
// variable parts (display name, skills, soft skills) in shared arenas; the fields the record
// filters read (rate, availability, country, English...) in a 16-byte array of their own, so
// that a million fit in the processor's cache; a posting list per skill whose entries carry
// the level, years and working-hours group; a sorted id table; and candidates grouped by
// working hours (zone, window, days) so that the daylight-saving overlap is computed once per
// group and client window, not once per candidate.
//
// A search works in two steps. The hits: the rarest required skill's postings, screened on
// their own entries, intersected with the other skills' lists, then put through the record
// filters; each hit gets an upper bound on its score (and a long list is cut into parts that
// run on every core, see scan_pool.h). The page: hits are scored exactly, highest bound
// first, until no hit left can beat the worst entry of a full page, and only the page's
// matches get the values their explanations are written from (search_run.h has the steps).
// Results equal a brute-force evaluation of the same rules.
//
// Readers never wait for writers. The index is an immutable snapshot: a large base built in
// bulk plus a small delta of the changes since. A writer builds the next delta next to the
// current one and publishes it with one pointer swap; searches in flight keep the snapshot
// they started with. When the delta grows past a threshold the writer folds it into a new
// base, also off to the side.
//
//   SearchIndex index;
//   index.Load(InputsOf(candidates));              // the initial bulk load
//   index.Apply(InputsOf(upserts), removed_ids);   // the change feed, a batch at a time
//   SearchResult result = index.Search(query);
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "services/talent/domain/overlap.h"
#include "services/talent/search/indexed_candidate.h"
#include "services/talent/search/query.h"
#include "services/talent/search/search_result.h"

namespace meridian::talent {
namespace index {
struct Snapshot;
struct WindowOverlaps;
struct Dictionaries;
}  // namespace index

// The sizes at which a search changes how it reads the index. The defaults suit the service;
// tests lower them to run every way on small pools.
struct SearchTuning {
  // A search whose driving posting list (or base, when no skill is required) holds this many
  // entries or more scans it on several cores (ScanPool::Shared()).
  size_t parallel_scan_from = 32768;
  // A skill with this many holders or more in the base gets cells (index::PostingCells, about
  // 4 bytes a holder): for shorter lists a scan costs less than a bound per cell.
  size_t cells_from = 4096;
  // A skill held by this share of the base or more (16: a sixteenth) keeps only its cells,
  // which saves its posting list's 8 bytes a holder; a search that needs it beside a rarer
  // skill checks it in the candidates' own skills, since it cannot gallop through cells.
  size_t cells_only_share = 16;
  // Holders with this many years or more in a skill share its cells (at most 31): a search
  // asking for more than cap - 5 years checks the holders of those cells one by one.
  uint8_t cell_years_cap = 15;
  // A search for one required skill reads its holders by cells (see index::PostingCells) when
  // the skill has them. When more than this many holders pass the skill and overlap filters,
  // it reads only the cells that can still reach the page, and total_size becomes an estimate
  // (SearchResult::total_size_estimated) from a sample of the holders.
  size_t estimate_total_from = 10000;
  // A band of cells (SearchRun::CollectByCells) with this many holders or more is filtered
  // and bounded on several cores (ScanPool::Shared()): at 10M a band holds up to tens of
  // thousands, each a read of 16 bytes somewhere in 160 MB.
  size_t parallel_band_from = 4096;
};

class SearchIndex final {
 public:
  // The delta is folded into a new base once it holds more than `min_compaction_changes`
  // changes and more than a twentieth of the base.
  explicit SearchIndex(size_t min_compaction_changes = 4096, SearchTuning tuning = {});
  ~SearchIndex();

  // Collects candidates for a bulk load one at a time, so that loading millions never holds
  // them all as messages at once. Candidates must have distinct names.
  class Builder final {
   public:
    Builder();
    ~Builder();
    Builder(Builder&&) noexcept;
    // Adds the candidate if it is searchable.
    void Add(const CandidateInput& candidate);
    size_t size() const;

   private:
    friend class SearchIndex;
    struct Parts;
    std::unique_ptr<Parts> parts_;
  };

  // Replaces the whole index with what the builder collected.
  void Load(Builder builder);
  // Replaces the whole index with `candidates` (not searchable ones are left out; of
  // candidates with the same id, the first counts).
  void Load(const std::vector<CandidateInput>& candidates);
  // Adds or replaces `upserts` (a candidate that is no longer searchable is removed) and
  // removes the candidates with the ids in `removed` ({candidate} parts of names), then
  // publishes the result at once.
  void Apply(const std::vector<CandidateInput>& upserts, const std::vector<std::string>& removed);
  void Upsert(const CandidateInput& candidate) { Apply({candidate}, {}); }
  void Remove(const std::string& id) { Apply({}, {id}); }

  size_t size() const;
  // Bytes the index holds per candidate, measured from its arrays.
  size_t ApproximateBytes() const;

  SearchResult Search(const SearchQuery& query) const;

  // For new-match alerts: candidate `id` against each of `queries` on one snapshot, each result
  // what Search returns with only_id = id (the same hard filters and scoring: at most one
  // match). Cheaper than that for many queries: a query asking for a required skill the
  // candidate does not hold is answered without a run, and the overlap is worked out for the
  // candidate's own working-hours group only (and kept for the next candidate of that group),
  // outside the searches' overlap cache, which hundreds of role windows would otherwise evict.
  // Only the queries the candidate meets, in order (none when the candidate is not in the
  // index): a result per query would cost more than the matching, since most queries are not met
  // and an empty result still allocates.
  struct QueryMatch {
    size_t query = 0;     // the index in `queries`
    SearchResult result;  // exactly one match
  };
  std::vector<QueryMatch> MatchOne(std::string_view id,
                                   const std::vector<const SearchQuery*>& queries) const;

  using State = index::Snapshot;  // The published snapshot.

 private:
  std::shared_ptr<const State> Current() const;
  // The overlap of every working-hours group with the query's client window over its
  // horizon, cached across searches (see index::WindowOverlaps).
  std::shared_ptr<const index::WindowOverlaps> GroupOverlaps(const SearchQuery& query,
                                                             const State& state) const;
  void Publish(std::shared_ptr<const State> state);
  // MatchOne's overlap of a client window with one group (see search_index.cc).
  std::shared_ptr<const index::WindowOverlaps> AlertOverlaps(
      const SearchQuery& query, const index::Dictionaries& dictionaries, uint32_t group) const;

  const size_t min_compaction_changes_;
  const SearchTuning tuning_;
  // GroupOverlaps' windows, the least recently used dropped past a limit.
  struct CachedWindow {
    std::shared_ptr<const index::WindowOverlaps> overlaps;
    uint64_t last_used = 0;  // overlap_uses_ when a search last took it
  };
  mutable std::mutex overlap_mutex_;
  mutable std::unordered_map<std::string, CachedWindow> overlap_cache_;
  mutable uint64_t overlap_uses_ = 0;
  // MatchOne's overlaps by window (AlertOverlaps); MatchOne calls take turns on them.
  struct AlertWindow {
    std::shared_ptr<index::WindowOverlaps> overlaps;
    std::vector<bool> filled;  // by group
    uint64_t last_used = 0;    // alert_uses_ when a match last read it
  };
  mutable std::mutex alert_mutex_;
  mutable std::unordered_map<std::string, AlertWindow> alert_windows_;
  mutable uint64_t alert_uses_ = 0;
  mutable std::mutex publish_mutex_;  // Guards only the pointer copy, never any work.
  std::shared_ptr<const State> state_;
  std::mutex writer_mutex_;  // Writers take turns; readers never touch it.
};

}  // namespace meridian::talent
