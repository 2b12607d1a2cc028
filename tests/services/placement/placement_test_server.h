// An in-process placement server for integration tests, wired by MakePlacementServices as in
// placement_server, to running intake and talent servers, with a settable clock and a
// follow-up worker the test drives by hand (RunDueTasks) instead of a background thread.
//
//   PlacementTestServer placement(database.url(), intake.address(), talent.address());
//   placement.SetNow(absl::FromCivil(absl::CivilSecond(2027, 3, 16, 12, 0, 0),
//                                    absl::UTCTimeZone()));
//   placement.RunDueTasks();
#pragma once

#include <memory>
#include <string>

#include "meridian/placement/v1/placement.grpc.pb.h"
#include "services/placement/follow_up_worker.h"
#include "services/placement/placement_wiring.h"
#include "tests/support/in_process_server.h"
#include "tests/support/test_clock.h"
#include "tests/support/test_keys.h"

namespace meridian::testing {

class PlacementTestServer final {
 public:
  PlacementTestServer(const std::string& database_url, const std::string& intake_address,
                      const std::string& talent_address)
      : server_(placement::PlacementServerDescription(), {.database_url = database_url},
                [&](db::ConnectionPool& pool) {
                  placement::PlacementWiring options{.intake_address = intake_address,
                                                     .talent_address = talent_address,
                                                     .call_timeout = absl::Seconds(3),
                                                     .start_worker = false,
                                                     .clock = clock_.AsFunction()};
                  // Retries soon, so that a test waits little for a step that failed.
                  options.worker.first_retry = absl::Milliseconds(50);
                  options.worker.max_retry = absl::Milliseconds(50);
                  options.access.peer_key = CreateTestKey(pool, access::v1::PLACEMENT_SERVICE);
                  return placement::MakePlacementServices(pool, options);
                }) {}

  // The services' "now" from here on (it stands still until the next call).
  void SetNow(absl::Time now) { clock_.Set(now); }
  int RunDueTasks() { return worker().RunDueTasks(); }
  int ApplyErasures() { return worker().ApplyErasures(); }

  std::shared_ptr<grpc::Channel> channel() const { return server_.channel(); }
  // The server underneath: its keys and channels with another key (ChannelWithKey).
  InProcessServer& in_process() { return server_; }
  std::unique_ptr<placement::v1::PlacementService::Stub> NewStub() const {
    return placement::v1::PlacementService::NewStub(server_.channel());
  }

 private:
  placement::FollowUpWorker& worker() {
    return *server_.bundle().Find<placement::FollowUpWorker>();
  }

  // Before the server, which reads it until it is gone.
  TestClock clock_;
  InProcessServer server_;
};

}  // namespace meridian::testing
