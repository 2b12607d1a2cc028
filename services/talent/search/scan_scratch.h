// What the hits step of a search collects, and the buffers it collects them in: a hit per base
// candidate that passed the skill filters, with an upper bound on its score, and per scan part
// a histogram of those bounds (which tells the scoring step where to start).
//
//   ScratchLease lease;                    // buffers kept from an earlier search
//   ScanParts& parts = lease.parts();
//   parts.Resize(part_count);
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace meridian::talent::search {

// A base candidate that passed the skill filters: its slot, its working-hours group as its
// postings tell (index::kNoGroup when they do not), an upper bound on its score in tenths
// (once the record filters are passed) and the sum of its required-skill margins.
struct BaseHit {
  uint32_t slot;
  uint16_t group;
  uint16_t bound;
  float margin;
};

// Bounds are in tenths of a point, a little above the 100 points a score reaches at most.
constexpr int kMaxBound = 1023;
using BoundHistogram = std::array<uint32_t, kMaxBound + 1>;

// A cell of the driving skill's holders (an index into its PostingCells::cells) that passed
// the skill and overlap filters, with the bound its holders share, in tenths.
struct CellRef {
  uint32_t cell;
  int32_t bound;
};

// A search's scan, part by part: each part's hits, how many it read and the histogram of their
// bounds; the hits a pass of the scoring picks; and the cells a search by cells reads, in cell
// order and by bound.
struct ScanParts {
  std::vector<std::vector<BaseHit>> hits;
  std::vector<size_t> read;
  std::vector<BoundHistogram> histograms;
  std::vector<BaseHit> picked;
  std::vector<CellRef> cells;
  std::vector<CellRef> ordered_cells;
  std::vector<CellRef> deferred_cells;

  void Resize(size_t parts) {
    if (hits.size() < parts) {
      hits.resize(parts);
      read.resize(parts);
      histograms.resize(parts);
    }
  }
};

// Scan buffers lent to one search at a time and kept for the next: an unselective search has
// hundreds of thousands of hits, and allocating that much afresh costs page faults (and
// malloc's tidying of its free lists) every time. Only a few are kept, about as many as
// searches that run at once on this machine, so that a burst of concurrent searches does not
// leave every server thread holding tens of megabytes.
class ScratchLease final {
 public:
  ScratchLease() {
    std::lock_guard lock(Mutex());
    if (!Kept().empty()) {
      parts_ = std::move(Kept().back());
      Kept().pop_back();
    }
    if (parts_ == nullptr) parts_ = std::make_unique<ScanParts>();
  }
  ~ScratchLease() {
    std::lock_guard lock(Mutex());
    // (hardware_concurrency() asks the kernel each time: once is enough.)
    static const size_t kKeep = 2 * std::max(1u, std::thread::hardware_concurrency());
    if (Kept().size() < kKeep) {
      Kept().push_back(std::move(parts_));
    }
  }
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;

  ScanParts& parts() { return *parts_; }

 private:
  static std::mutex& Mutex() {
    static std::mutex mutex;
    return mutex;
  }
  static std::vector<std::unique_ptr<ScanParts>>& Kept() {
    static auto* kept = new std::vector<std::unique_ptr<ScanParts>>();
    return *kept;
  }

  std::unique_ptr<ScanParts> parts_;
};

}  // namespace meridian::talent::search
