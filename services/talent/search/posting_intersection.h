// The skill filters on posting lists: a required skill's margin for every level and years a
// posting can hold, and the galloping intersection of a search's hits with another required
// skill's postings (the rarest list drives; each further list is searched, never walked).
//
//   const MarginTable margins(need);
//   float margin = margins.Of(posting.level, posting.years);
//   IntersectHits(hits, base.postings[skill], need);   // keeps the hits that hold `need` too
#pragma once

#include <cstdint>
#include <vector>

#include "services/talent/search/index_layout.h"
#include "services/talent/search/query.h"
#include "services/talent/search/scan_scratch.h"

namespace meridian::talent::search {

// RequiredSkillMargin for every level and years a posting can hold, for one need. Years past
// min_years + 5 add nothing more, so the table stops there and stays small.
class MarginTable final {
 public:
  explicit MarginTable(const SkillNeed& need);
  // Levels above 5 are never stored; were one there, it would count as 5.
  float Of(uint8_t level, uint8_t years) const {
    return margins_[static_cast<size_t>(std::min<int>(level, 5) * (years_cap_ + 1) +
                                        std::min<int>(years, years_cap_))];
  }

 private:
  int years_cap_;
  std::vector<float> margins_;
};

// Keeps the hits (ascending by slot) that also hold `need` in `postings` (ascending by slot),
// adding its margin. Each hit is looked for with a galloping (exponential) search from where
// the last one was found (Bentley and Yao, 1976), so a rare skill costs little however common
// the other is.
void IntersectHits(std::vector<BaseHit>& hits, const std::vector<index::Posting>& postings,
                   const SkillNeed& need);

}  // namespace meridian::talent::search
