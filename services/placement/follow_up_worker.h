// Carries out the placement service's durable tasks: the work an ending or a new placement
// needs done at the other services. Each task runs its steps in order, records each step
// as it completes, and is retried with back-off until every step is done, so nothing is lost
// or done twice when intake or talent is down at that moment or this service restarts
// halfway. Every step is idempotent on the other side too (state already reached, or a
// request_id).
//
//   FILL_ROLE      mark the role FILLED at intake once its headcount is placed
//   END_PLACEMENT  release the candidate at talent; inside the guarantee, for a reason not
//                  the client's own: reopen the role at intake and put the best current
//                  matches forward as SOURCED submissions (the replacement shortlist)
//
// It also follows the talent service's erasure feed: when a candidate is erased there, the
// free text this service holds about them (check-in notes and next steps, the placement's end
// note) is erased too, and a placement still ACTIVE for them ends (reason OTHER, no
// replacement). The feed position is saved in the same transaction, so an erasure is applied
// exactly once in effect, after any restart or outage of either service.
//
//   FollowUpWorker worker(pool, gateway, {.poll_interval = absl::Milliseconds(200)});
//   worker.Start();  ...  worker.Stop();
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "services/placement/follow_up_gateway.h"
#include "services/placement/placement_store.h"

namespace meridian::placement {

class FollowUpWorker final {
 public:
  struct Options {
    absl::Duration poll_interval = absl::Milliseconds(200);
    // How long a leased task is left alone before another attempt may take it.
    absl::Duration lease = absl::Seconds(30);
    // Retry back-off: first, then doubling up to the maximum.
    absl::Duration first_retry = absl::Seconds(1);
    absl::Duration max_retry = absl::Minutes(5);
    // Submissions in a replacement shortlist.
    int shortlist_size = 5;
    // How often the erasure feed is read. Longer than poll_interval: erasures are rare, and
    // each read is a call to the talent service.
    absl::Duration erasure_poll_interval = absl::Seconds(5);
  };

  FollowUpWorker(db::ConnectionPool& pool, FollowUpGateway& gateway, Options options);
  ~FollowUpWorker();

  void Start();
  // The thread takes no new task and returns once the one in hand is recorded (its lease
  // resolved); waits for it. Safe to call again or from two threads at once (the destructor
  // calls it too).
  void Stop();

  // Runs every task that is due now, once each; returns how many ran (tests call it
  // directly instead of waiting for the thread).
  int RunDueTasks();

  // Reads the erasure feed to its end and erases what this service holds about each erased
  // candidate; returns how many erasures were applied (tests call it directly).
  int ApplyErasures();

 private:
  void Loop();
  // OK when the task is finished (DONE or FAILED for good); any other status means retry.
  absl::Status Run(const Task& task, std::string& steps_json, bool& failed_for_good);

  db::ConnectionPool& pool_;
  FollowUpGateway& gateway_;
  const Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  // Logged once when reading the erasure feed starts failing, once when it recovers.
  bool erasure_feed_failing_ = false;
  std::thread thread_;
  std::once_flag joined_;
};

}  // namespace meridian::placement
