// The page a search fills: a bounded heap of the best matches so far, whose top is the worst
// one kept, and the ranking it keeps them in (score descending, then display name, then id).
//
//   TopPage page(page_size + 1, query.after);   // one more than the page: another follows?
//   page.Offer(ranked);                          // kept if it beats the worst of a full page
//   if (page.full() && bound < page.WorstTenths()) ...   // nothing with this bound can enter
//   std::vector<Ranked>& best_first = page.Sorted();
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <vector>

#include "services/talent/domain/overlap.h"
#include "services/talent/search/dcheck.h"
#include "services/talent/search/index_layout.h"
#include "services/talent/search/indexed_candidate.h"
#include "services/talent/search/query.h"
#include "services/talent/search/scoring.h"

namespace meridian::talent::search {

// One scored candidate on its way into a page.
struct Ranked {
  double score;
  std::string_view display_name;
  std::string_view id;
  const index::CompactRecord* base_record;  // one of these two is set
  const IndexedCandidate* delta_record;
  const Overlap* overlap;
  ScoreParts parts;
};

// The ranking: score descending, then display name, then id.
inline bool Before(const Ranked& a, const Ranked& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.display_name != b.display_name) return a.display_name < b.display_name;
  return a.id < b.id;
}

// Its buffer is kept by the thread: allocating it afresh costs more than a selective search's
// filters, for malloc tidies up its free lists on every allocation this large.
class TopPage final {
 public:
  TopPage(size_t keep, const std::optional<SearchCursor>& after) : keep_(keep), entries_(Buffer()) {
    entries_.clear();
    entries_.reserve(keep);
    if (after)
      cursor_ = Ranked{after->score, after->display_name, after->id, nullptr, nullptr, nullptr, {}};
  }

  size_t size() const { return entries_.size(); }
  bool full() const { return entries_.size() == keep_; }
  // The worst score kept; only on a full page.
  double worst_score() const { return entries_.front().score; }
  // The worst score on a full page in tenths, 0 while it is not full: what a bound must reach.
  int WorstTenths() const { return full() ? static_cast<int>(std::lround(worst_score() * 10)) : 0; }

  // Keeps `ranked` if it comes after the cursor and beats the worst entry of a full page.
  void Offer(const Ranked& ranked) {
    if (cursor_ && !Before(*cursor_, ranked)) return;  // at or before the end of the last page
    if (!full()) {
      entries_.push_back(ranked);
      std::push_heap(entries_.begin(), entries_.end(), Before);
    } else if (Before(ranked, entries_.front())) {
      std::pop_heap(entries_.begin(), entries_.end(), Before);
      entries_.back() = ranked;
      std::push_heap(entries_.begin(), entries_.end(), Before);
    }
    MERIDIAN_DCHECK(entries_.size() <= keep_, "the page never holds more than it keeps");
    MERIDIAN_DCHECK(std::is_heap(entries_.begin(), entries_.end(), Before),
                    "the page's heap keeps its worst entry on top");
  }

  // The entries, best first (the page is done with after this).
  std::vector<Ranked>& Sorted() {
    std::sort(entries_.begin(), entries_.end(), Before);
    return entries_;
  }

 private:
  static std::vector<Ranked>& Buffer() {
    thread_local std::vector<Ranked> buffer;
    return buffer;
  }

  const size_t keep_;
  std::vector<Ranked>& entries_;
  std::optional<Ranked> cursor_;
};

}  // namespace meridian::talent::search
