// New-match alerts, the moving part: a thread of its own that takes the changes the
// IndexFollower has just applied to the search index (off the follower's loop, through a bounded
// queue), checks each changed candidate against the OPEN roles (MatchCandidate, the engine's
// scoring), and records each new match with its role_match.created event in one transaction,
// together with how far in the change feed it has got (talent.role_match_progress).
//
// Nothing is lost, and nothing is recorded twice:
//  - The queue only saves reading the feed again. When it is full the follower's batch is
//    dropped (the follower never waits), and the worker, finding the gap, reads those changes
//    from talent.candidate_changes from its saved position, up to what the index has applied.
//  - After a restart it starts from the saved position the same way: changes committed while it
//    was down, or matched but not yet saved, are matched again. A (candidate, role) pair has at
//    most one match (a unique constraint; the event is written only with a new row), so a
//    replay records nothing twice.
//  - While the OPEN roles cannot be read from intake (and the last list is older than a minute)
//    or the database fails, the position does not move: matching resumes where it stopped.
// A candidate is matched as the index holds them when the worker gets to them, so several
// changes of one candidate in a batch are checked once, against the latest. The follower's
// batches gather for a moment (Options::gather) and are matched in one transaction; the
// thread runs under SCHED_IDLE, so searches sharing the CPU go first.
//
// The lag from a change's commit to its matches being recorded is meridian_role_match_lag_seconds
// (a histogram); the feed positions not yet matched, meridian_role_match_backlog_changes.
//
//   RoleMatchWorker& alerts = bundle.Make<RoleMatchWorker>(pool, index, follower, search, roles,
//                                                           RoleMatchWorker::Options{});
//   alerts.Start();   // after follower.Start() or before: it waits for the initial load
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "services/talent/alerts/role_matcher.h"
#include "services/talent/index_follower.h"
#include "services/talent/role_source.h"
#include "services/talent/search/search_index.h"
#include "services/talent/search_service.h"

namespace meridian::talent {

class RoleMatchWorker final {
 public:
  struct Options {
    // How often the OPEN roles are read again from intake; zero: before every batch (tests).
    absl::Duration role_refresh_interval = absl::Seconds(10);
    // Follower batches waiting at most; more are dropped and read from the feed later.
    size_t queue_capacity = 64;
    // Changes read per query when catching up from the feed.
    int catch_up_batch = 1000;
    // The wait after a failure (intake or the database down) before trying again.
    absl::Duration retry_interval = absl::Seconds(1);
    // How long follower batches gather before they are matched, in one transaction: the
    // index applies a batch every poll (100 ms), and a transaction per batch costs PostgreSQL
    // a commit and the worker a wake-up each time. Adds at most this much to the lag, whose
    // budget is seconds. Zero: each batch as it comes.
    absl::Duration gather = absl::Milliseconds(250);
    // Runs the thread under SCHED_IDLE (Linux): matching is background work with a lag budget
    // of seconds, so a search that wakes up takes the CPU from it at once; it still gets a
    // small share of a busy CPU, so it is never starved. False: the process's own policy.
    bool idle_priority = true;
  };

  RoleMatchWorker(db::ConnectionPool& pool, const SearchIndex& index, IndexFollower& follower,
                  SearchService& search, RoleSource& roles, Options options);
  // Stops: the follower no longer calls it once this returns.
  ~RoleMatchWorker();

  // Listens to the follower and starts the thread.
  void Start();
  void Stop();

  // The change-feed position up to which matches are recorded (and saved); 0 until known.
  int64_t position() const { return position_.load(); }

 private:
  void Notify(IndexFollower::Applied applied);
  void Run();
  // One pass over what is waiting; false after a failure (the caller waits, then retries).
  bool Step();
  absl::Status RefreshRoles();
  // Matches `changes` (after the saved position, up to `through`) and saves it all.
  absl::Status MatchAndRecord(const std::vector<CandidateChange>& changes, int64_t through);
  // Waits for work (or a stop) at most `duration`; false once stopping.
  bool WaitFor(absl::Duration duration);
  // Waits `duration` unless stopped first; false once stopping.
  bool WaitForStop(absl::Duration duration);

  db::ConnectionPool& pool_;
  const SearchIndex& index_;
  IndexFollower& follower_;
  SearchService& search_;
  RoleSource& roles_;
  const Options options_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<IndexFollower::Applied> queue_;  // guarded by mutex_
  bool dropping_ = false;                     // guarded by mutex_: logged once per episode
  bool stopping_ = false;                     // guarded by mutex_
  std::thread thread_;

  // The worker thread's own.
  std::atomic<int64_t> position_{0};
  bool position_known_ = false;
  bool failing_ = false;  // since the last failure: logged once per outage
  std::vector<WatchedRole> watched_;
  absl::Time roles_read_ = absl::InfinitePast();
};

}  // namespace meridian::talent
