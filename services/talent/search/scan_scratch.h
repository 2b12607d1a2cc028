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

// A search's scan, part by part: each part's hits and histogram of their bounds, and the hits
// a pass of the scoring picks.
struct ScanParts {
  std::vector<std::vector<BaseHit>> hits;
  std::vector<BoundHistogram> histograms;
  std::vector<BaseHit> picked;

  void Resize(size_t parts) {
    if (hits.size() < parts) {
      hits.resize(parts);
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
