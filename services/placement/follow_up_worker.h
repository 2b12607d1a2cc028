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
  };

  FollowUpWorker(db::ConnectionPool& pool, FollowUpGateway& gateway, Options options);
  ~FollowUpWorker();

  void Start();
  void Stop();

  // Runs every task that is due now, once each; returns how many ran (tests call it
  // directly instead of waiting for the thread).
  int RunDueTasks();

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
  std::thread thread_;
};

}  // namespace meridian::placement
