// Watches the readable horizon of the event feed (common/db/ordered_reads.h) for every live
// stream of one process, so that a hundred streams cost one small query every poll interval
// instead of a hundred; and purges the events past their retention now and then.
//
//   EventTail tail(pool, {.poll_interval = absl::Milliseconds(200)});
//   tail.Start();
//   // In a stream: wait until something after `position` may have committed.
//   tail.WaitForNewerThan(position, absl::Now() + absl::Seconds(1));
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "absl/time/time.h"
#include "common/db/pool.h"

namespace meridian {

class EventTail final {
 public:
  struct Options {
    // How often the newest position is read: events reach streams within about this long.
    absl::Duration poll_interval = absl::Milliseconds(200);
    // Events older than this are purged ...
    absl::Duration retention = absl::Hours(24 * 30);
    // ... this often.
    absl::Duration purge_interval = absl::Minutes(10);
  };

  EventTail(db::ConnectionPool& pool, Options options);
  ~EventTail();
  EventTail(const EventTail&) = delete;
  EventTail& operator=(const EventTail&) = delete;

  void Start();

  // Returns when the newest position known is past `position`, or at `deadline`, or when the
  // tail stops; the newest position known then.
  int64_t WaitForNewerThan(int64_t position, absl::Time deadline);

  const Options& options() const { return options_; }

 private:
  void Run();

  db::ConnectionPool& pool_;
  const Options options_;
  std::mutex mutex_;
  std::condition_variable changed_;
  int64_t latest_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace meridian
