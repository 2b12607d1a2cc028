#include "common/events/event_tail.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "common/events/event_log.h"
#include "common/logging/log.h"

namespace meridian {

EventTail::EventTail(db::ConnectionPool& pool, Options options) : pool_(pool), options_(options) {}

EventTail::~EventTail() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventTail::Start() {
  thread_ = std::thread([this] { Run(); });
}

int64_t EventTail::WaitForNewerThan(int64_t position, absl::Time deadline) {
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, absl::ToChronoTime(deadline),
                      [&] { return stopping_ || latest_ > position; });
  return latest_;
}

void EventTail::Run() {
  absl::Time next_purge = absl::Now();
  // While the database is away, look less often (up to every 5 s) than the poll interval.
  absl::Duration wait = options_.poll_interval;
  while (true) {
    // The readable horizon, not the newest position: streams read up to it, and waking them
    // for events they cannot read yet would only make them read nothing.
    absl::StatusOr<int64_t> latest = pool_.InTransaction<int64_t>(
        absl::Now() + absl::Seconds(5), [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
          return ReadableEventPosition(tx).value_or(0);  // 0: no news this time
        });
    wait = latest.ok() ? options_.poll_interval
                       : std::min(std::max(wait * 2, options_.poll_interval), absl::Seconds(5));
    {
      std::lock_guard lock(mutex_);
      if (latest.ok() && *latest > latest_) {
        latest_ = *latest;
        changed_.notify_all();
      }
    }
    if (absl::Now() >= next_purge) {
      const absl::Time before = absl::Now() - options_.retention;
      absl::StatusOr<int64_t> purged = pool_.InTransaction<int64_t>(
          absl::Now() + absl::Seconds(30),
          [&](pqxx::work& tx) -> absl::StatusOr<int64_t> { return PurgeEvents(tx, before); });
      if (purged.ok() && *purged > 0) log::Info("events purged", {{"events", *purged}});
      next_purge = absl::Now() + options_.purge_interval;
    }
    std::unique_lock lock(mutex_);
    if (changed_.wait_for(lock, absl::ToChronoMilliseconds(wait), [&] { return stopping_; })) {
      return;
    }
  }
}

}  // namespace meridian
