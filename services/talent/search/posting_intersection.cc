#include "services/talent/search/posting_intersection.h"

#include <algorithm>

#include "services/talent/search/dcheck.h"
#include "services/talent/search/scoring.h"

namespace meridian::talent::search {

MarginTable::MarginTable(const SkillNeed& need)
    : years_cap_(std::clamp(need.min_years + 5, 0, 255)) {
  for (int level = 0; level <= 5; ++level) {
    for (int years = 0; years <= years_cap_; ++years) {
      margins_.push_back(static_cast<float>(RequiredSkillMargin(need, level, years)));
    }
  }
}

void IntersectHits(std::vector<BaseHit>& hits, const std::vector<index::Posting>& postings,
                   const SkillNeed& need) {
  MERIDIAN_DCHECK(
      std::is_sorted(hits.begin(), hits.end(),
                     [](const BaseHit& a, const BaseHit& b) { return a.slot < b.slot; }),
      "hits ascend by slot");
  size_t kept = 0;
  const MarginTable margins(need);
  auto from = postings.begin();
  for (BaseHit hit : hits) {
    size_t step = 1;
    auto bound = from;
    while (bound != postings.end() && bound->slot < hit.slot) {
      from = bound;
      bound = static_cast<size_t>(postings.end() - bound) > step ? bound + step : postings.end();
      step *= 2;
    }
    from = std::lower_bound(from, bound, hit.slot, [](const index::Posting& p, uint32_t wanted) {
      return p.slot < wanted;
    });
    if (from == postings.end()) break;
    if (from->slot == hit.slot && from->level >= need.min_level && from->years >= need.min_years) {
      hit.margin += margins.Of(from->level, from->years);
      hits[kept++] = hit;
    }
  }
  hits.resize(kept);
}

}  // namespace meridian::talent::search
