// New-match alerts under load (issue 14, part 4): with --alert_roles OPEN roles (default
// 1,000) watched by talent_server's RoleMatchWorker and --update_rate candidate updates a
// second (default 200) on random candidates of the pool, how far behind the commits the
// matches are recorded (alert lag), and what the load does to search latency.
//
// Roles come from BenchIntake, the bench's stand-in for the intake service: IntakeService's
// ListRoles (what the worker calls) over GenerateBenchRoles (bench/roles.h: openings as agencies
// write them by default, or the search mix's shapes as a stress case). talent_server runs with
// --intake_address at it and --role_refresh_interval=1s; it serves no roles until the alerts
// step, so the earlier phases run with alerts idle.
//
// The step: (1) SearchCandidates alone at the top concurrency level; then `rounds` rounds of
// (2) the same search phase while `writers` connections update random candidates at the rate
// between them, exactly as the service writes (UPDATE the body, the change-feed lock, INSERT
// into talent.candidate_changes RETURNING seq, COMMIT), with no role watched, and (3) the same
// with the roles watched (each published and the worker caught up before its phase), (2) first
// in odd rounds and (3) first in even ones. The alerts' cost to search is (3) against (2), each
// pooled over the rounds: with the order alternating, a load that drifts during the run (search
// under updates does) weighs on both alike; (3) against (1) is reported too. A watcher reads
// talent.role_match_progress every 10 ms: the lag of an update = the first time it sees the
// progress at or past the update's seq - the return of its COMMIT (overstated by up to 10 ms).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bench/phases.h"
#include "bench/pool.h"
#include "bench/roles.h"
#include "grpcpp/server.h"
#include "meridian/intake/v1/intake.pb.h"
#include "nlohmann/json.hpp"

namespace meridian::bench {

class BenchIntake final {
 public:
  // Listens on a free port of 127.0.0.1; serves no roles until SetRoles.
  BenchIntake();
  ~BenchIntake();
  std::string address() const;
  void SetRoles(std::vector<intake::v1::Role> roles);
  // ListRoles calls answered since the last SetRoles.
  int64_t calls_since_set() const;

  class Service;

 private:
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

struct AlertsOptions {
  int roles = 1000;
  RoleShape shape = RoleShape::kOpenings;
  double rate = 200;  // candidate updates per second
  int writers = 4;    // connections the updates are spread over
  int rounds = 4;     // of (updates without roles watched, and with them), the order alternating
  int concurrency = 1;
  int64_t candidates = 0;        // the pool's size: updates pick from [0, candidates)
  pid_t talent_server_pid = -1;  // for its CPU time
};

// {roles, role_shape, lag: {p50_ms, p99_ms, max_ms, measured, unseen}, search_p99_us_alone,
//  search_p99_us_with_updates, search_p99_us_with_alerts, search_p99_increase_percent (alerts
//  against updates alone), matches_recorded, matches_per_update, update_rate_per_s, ...}
nlohmann::json MeasureAlerts(const std::string& database_url, const std::string& address,
                             const PoolGenerator& pool, BenchIntake& intake,
                             const PhaseOptions& phase, const AlertsOptions& options);

}  // namespace meridian::bench
