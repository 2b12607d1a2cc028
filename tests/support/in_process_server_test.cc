// Tests for tests/support/in_process_server.h: the server is serving when the constructor
// returns, and only once the bundle is ready; a bundle that never gets ready is an error, not
// a server that answers UNAVAILABLE.
#include "tests/support/in_process_server.h"

#include <atomic>
#include <stdexcept>

#include "common/process/health_client.h"
#include "gtest/gtest.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

using grpc::health::v1::HealthCheckResponse;

const ServerDescription kDescription{.service = "probe",
                                     .grpc_service_names = {"meridian.test.Probe"}};

TEST(InProcessServer, StartsOnceTheBundleIsReadyAndServesHealthForItsNames) {
  TestDatabase database;
  std::atomic<int> asked = 0;
  InProcessServer server(kDescription, {.database_url = database.url()}, [&](db::ConnectionPool&) {
    ServiceBundle bundle;
    // Ready at the third question, like an index that loads.
    bundle.set_ready([&asked] { return ++asked >= 3; });
    return bundle;
  });
  EXPECT_GE(asked.load(), 3);
  EXPECT_EQ(HealthStatus(server.address(), "meridian.test.Probe", absl::Seconds(5)),
            HealthCheckResponse::SERVING);
}

TEST(InProcessServer, ThrowsWhenTheBundleNeverGetsReady) {
  TestDatabase database;
  EXPECT_THROW(
      InProcessServer(kDescription,
                      {.database_url = database.url(), .ready_timeout = absl::Milliseconds(100)},
                      [](db::ConnectionPool&) {
                        ServiceBundle bundle;
                        bundle.set_ready([] { return false; });
                        return bundle;
                      }),
      std::runtime_error);
}

}  // namespace
}  // namespace meridian::testing
