// The load tool's workload: a weighted mix of the matchmaking loop's RPCs (client and role
// intake, candidate creates and updates, searches, submissions through their stages,
// placements and check-ins) sent through gRPC's callback API by several API keys, closed loop
// (a fixed number of calls in flight) or at a fixed rate, for a fixed time. Every call is timed
// into RpcStats; every acknowledged write goes to the Ledger.
//
//   Workload workload(options, stats, ledger);
//   if (absl::Status ready = workload.Setup(); !ready.ok()) ...   // first clients and roles
//   workload.Run();                                              // returns when drained
//   double writes_per_second = workload.writes() / workload.seconds();
//
// Resources the mix works on (a candidate to update, a submission to move) are taken out of
// their pool while a call works on them, so no two calls of the run ever race each other:
// races are race mode's business (races.h), and a non-OK answer here is a finding.
//
// Under faults (a service killed, the database away) a write that ends UNAVAILABLE,
// DEADLINE_EXCEEDED or CANCELLED (by the server) is sent again with the same request_id, with
// backoff, for at most `retry_for`; one never answered OK goes to the ledger as outcome unknown (it
// may or may not have been written, at most once), and its resource leaves the mix.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "bench/load/ledger.h"
#include "bench/load/phases.h"
#include "bench/load/stats.h"
#include "grpcpp/channel.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"

namespace meridian::bench::load {

// One API key the run sends calls with: staff (ADMIN or RECRUITER) or a partner agency's.
struct KeyUse {
  std::string label;  // "staff-1", "partner-2": in the ledger and the report
  std::string key;
  bool staff = true;
};

struct Endpoints {
  std::string intake;
  std::string talent;
  std::string placement;
};

// The RPCs of the mix, by name; a weight of 0 leaves one out.
using Mix = std::map<std::string, int>;
Mix DefaultMix();
// "CreateCandidate=30,SearchCandidates=10": the defaults with these weights changed.
absl::StatusOr<Mix> ParseMix(const std::string& text);
// True for the RPCs that write.
bool IsWrite(const std::string& rpc);

struct WorkloadOptions {
  Endpoints endpoints;
  std::vector<KeyUse> keys;
  // Closed loop: calls in flight. At a fixed rate: the most calls in flight (beyond it a
  // scheduled call is skipped and counted).
  int in_flight = 16;
  // Calls (operations) a second; 0 is closed loop.
  double rate = 0;
  absl::Duration duration = absl::Seconds(10);
  // Makes request ids, emails and phones unique to this run.
  std::string run_id;
  uint64_t seed = 1;
  Mix mix = DefaultMix();
  absl::Duration call_timeout = absl::Seconds(10);
  // How long a write is retried (same request_id) after UNAVAILABLE or DEADLINE_EXCEEDED;
  // zero sends each write once.
  absl::Duration retry_for = absl::Seconds(30);
  // Every third role for one hire, so that placements fill roles (faults runs check that
  // the FILL_ROLE follow-up completes); the rest are for 100.
  bool fill_roles = false;
  // Where each attempt is also filed by phase (faults runs); may be null.
  PhaseStats* phases = nullptr;
};

// Runs functions after a delay on a thread of its own (the retries' backoff: gRPC's
// callback threads must not sleep).
class DelayedCalls final {
 public:
  DelayedCalls();
  ~DelayedCalls();  // drops what has not run yet
  DelayedCalls(const DelayedCalls&) = delete;
  DelayedCalls& operator=(const DelayedCalls&) = delete;
  void After(absl::Duration delay, std::function<void()> function);

 private:
  void Loop();
  absl::Mutex mutex_;
  std::multimap<absl::Time, std::function<void()>> due_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

class Workload final {
 public:
  Workload(WorkloadOptions options, RpcStats& stats, Ledger& ledger);
  ~Workload();
  Workload(const Workload&) = delete;
  Workload& operator=(const Workload&) = delete;

  // Connects every key to the three services and creates the first clients and roles (in the
  // ledger, not in the figures).
  absl::Status Setup();
  void Run();

  // The measured time: from the first call to the last answer.
  double seconds() const { return seconds_; }
  // Acknowledged writes during Run.
  int64_t writes() const { return writes_.load(); }
  // Setup's calls: not part of the figures.
  const RpcStats& setup_stats() const { return setup_stats_; }
  // Calls a fixed rate could not start because in_flight calls were outstanding.
  int64_t skipped() const { return skipped_.load(); }
  // Writes sent again (attempts after the first), and writes given up on (outcome unknown).
  int64_t retries() const { return retries_.load(); }
  int64_t unknown() const { return unknown_.load(); }

 private:
  struct Stubs {
    std::unique_ptr<intake::v1::IntakeService::Stub> intake;
    std::unique_ptr<talent::v1::TalentService::Stub> talent;
    std::unique_ptr<placement::v1::PlacementService::Stub> placement;
  };
  struct CandidateRef {
    std::string name;
    std::string etag;
    size_t key = 0;
  };
  struct SubmissionRef {
    std::string name;
    std::string etag;
    int stage = 0;
    size_t key = 0;
  };

  // Starts one operation of the mix (one RPC, or two for a check-in); `scheduled` is when it
  // was due, where its latency counts from.
  void StartOperation(absl::Time scheduled);
  // An operation is over: closed loop starts the next one.
  void Finished();
  // The phase file said "end" (faults runs stop the load so).
  bool Ended() const { return options_.phases != nullptr && options_.phases->ended(); }
  std::string Pick();

  void CreateClient(absl::Time scheduled);
  void CreateRole(absl::Time scheduled);
  void CreateCandidate(absl::Time scheduled);
  bool UpdateCandidate(absl::Time scheduled);
  bool SearchCandidates(absl::Time scheduled);
  bool CreateSubmission(absl::Time scheduled);
  bool AdvanceSubmission(absl::Time scheduled);
  bool CreatePlacement(absl::Time scheduled);
  bool RecordCheckIn(absl::Time scheduled);
  // Ends a placement for a reason that starts a replacement (inside its guarantee): the
  // placement service's durable follow-up reopens the role and shortlists new candidates.
  bool EndPlacement(absl::Time scheduled);

  // Sends one call through the callback API with key `key`, times it, counts it, retries a
  // write that may not have arrived (see the top), and hands the answer to `done(status,
  // request, response, unknown)` (which may start a follow-up call, and must end with
  // Finished()); `unknown`: a write given up on, already in the ledger as such.
  template <typename Request, typename Response, typename Start, typename Done>
  void Send(const std::string& rpc, absl::Time scheduled, size_t key, Request request, Start start,
            Done done);
  template <typename Call>
  void Attempt(Call* call);

  size_t StaffKey();
  size_t AnyKey();
  std::string NextId(const char* what);

  const WorkloadOptions options_;
  RpcStats& stats_;
  RpcStats setup_stats_;
  // Where calls are counted: setup_stats_ during Setup, stats_ during Run.
  RpcStats* recorder_ = &setup_stats_;
  Ledger& ledger_;
  std::vector<Stubs> stubs_;  // by key
  std::vector<size_t> staff_keys_;
  const absl::CivilDay today_;

  absl::Mutex mutex_;
  std::mt19937_64 rng_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::string> clients_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::string> roles_ ABSL_GUARDED_BY(mutex_);
  std::set<std::string> small_roles_ ABSL_GUARDED_BY(mutex_);  // headcount 1 (fill_roles)
  std::deque<CandidateRef> candidates_ ABSL_GUARDED_BY(mutex_);
  std::deque<SubmissionRef> submissions_ ABSL_GUARDED_BY(mutex_);
  std::deque<std::string> hired_ ABSL_GUARDED_BY(mutex_);
  std::deque<std::string> placements_ ABSL_GUARDED_BY(mutex_);
  int outstanding_ ABSL_GUARDED_BY(mutex_) = 0;

  std::atomic<int64_t> next_id_{0};
  std::atomic<int64_t> writes_{0};
  std::atomic<int64_t> skipped_{0};
  std::atomic<int64_t> retries_{0};
  std::atomic<int64_t> unknown_{0};
  DelayedCalls delayed_;
  std::atomic<bool> stopping_{false};
  absl::Time end_;
  double seconds_ = 0;
};

}  // namespace meridian::bench::load
