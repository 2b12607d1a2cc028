// Keeps a SearchIndex in step with PostgreSQL, the system of record: loads every searchable
// candidate at start-up, then follows talent.candidate_changes, so that a committed write is
// found by search well within a second. After a restart the index is rebuilt the same way.
//
//   IndexFollower follower(pool, index, {.poll_interval = absl::Milliseconds(100)});
//   follower.Start();            // loads in the background; loaded() turns true when done
//   ...
//   follower.Stop();
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "common/db/pool.h"
#include "services/talent/search/search_index.h"
#include "services/talent/talent_store.h"

namespace meridian::talent {

class PageHandoff;  // index_follower.cc

class IndexFollower final {
 public:
  struct Options {
    absl::Duration poll_interval = absl::Milliseconds(100);
    // Changes read from the feed per poll.
    int batch_size = 1000;
    // The initial load: connections reading at once (PostgreSQL sends each reader's rows on a
    // core of its own, while ours build the index), the width of the `seq` ranges they take in
    // turn, and rows per query. A page holds its rows until the builder has added them, and a
    // reader's malloc arena keeps what the pages took at most (glibc returns a thread arena's
    // free top only past the trim threshold, which grows to 64 MiB): 10,000 rows a page left
    // about 20 MB more resident after a 1M load than 2,000.
    int load_readers = 2;
    int64_t load_range = 100000;
    int load_batch = 2000;
  };

  IndexFollower(db::ConnectionPool& pool, SearchIndex& index, Options options);
  ~IndexFollower();

  // Starts the background thread: the initial load, then the change feed.
  void Start();
  void Stop();

  // True once the initial load finished: search results are complete from then on.
  bool loaded() const { return loaded_.load(); }
  // The last change-feed position applied.
  int64_t position() const { return position_.load(); }

  // What the follower has just applied to the index: every change after `after` up to and
  // including `through`, in feed order.
  struct Applied {
    int64_t after = 0;
    int64_t through = 0;
    std::vector<CandidateChange> changes;
  };
  // Told about each batch once the index shows it, on the follower's thread, and once after the
  // initial load (no changes; after == through == the position loaded): new-match alerts
  // (alerts/role_match_worker.h). It must not block. Setting another (or nullptr) waits for a
  // call in progress, so a listener that clears itself before it goes away is never called
  // after.
  using Listener = std::function<void(Applied)>;
  void SetListener(Listener listener);

 private:
  void Run();
  absl::Status Load();
  // One reader of the initial load: takes the next `seq` range from `next_range` until none is
  // left at or below `last`, and hands the range's searchable candidates, page by page, to
  // `pages` (index_follower.cc). Stops early once `failed` is set, and sets it on a failure
  // of its own.
  absl::Status LoadRanges(std::atomic<int64_t>& next_range, int64_t last, PageHandoff& pages,
                          std::atomic<bool>& failed);
  absl::Status FollowOnce();
  // Sets the index's size gauges (candidates, bytes); after a load and after each change.
  void PublishSize();
  bool SleepFor(absl::Duration duration);
  void Tell(Applied applied);

  db::ConnectionPool& pool_;
  SearchIndex& index_;
  const Options options_;
  std::atomic<bool> loaded_{false};
  std::atomic<int64_t> position_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
  std::mutex listener_mutex_;
  Listener listener_;
};

}  // namespace meridian::talent
