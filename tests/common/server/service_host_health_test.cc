// ServiceHost's health through a real server and channel: a service that was NOT_SERVING (its
// database away, its start-up work unfinished) is SERVING again soon after its readiness
// returns OK, not a whole health_check_interval later (issue 16, faults during load: a service
// recovers by itself within seconds of the database's return).
#include <atomic>
#include <memory>

#include "absl/status/status.h"
#include "common/process/health_client.h"
#include "common/server/service_host.h"
#include "gtest/gtest.h"

namespace meridian::testing {
namespace {

using HealthResponse = grpc::health::v1::HealthCheckResponse;
constexpr char kService[] = "meridian.test.v1.TestService";

TEST(ServiceHostHealth, ServingSoonAfterReadinessReturnsThoughTheIntervalIsLong) {
  std::atomic<bool> ready{false};
  // An interval far beyond the test's wait: only the quicker look while NOT_SERVING can turn
  // the service SERVING in time.
  ServiceHost host(
      {.listen_address = "127.0.0.1:0",
       .health_service_names = {kService},
       .health_check_interval = absl::Hours(1)},
      {}, [&ready] { return ready.load() ? absl::OkStatus() : absl::UnavailableError("not yet"); });
  ASSERT_TRUE(host.Start().ok());
  const std::string address = "127.0.0.1:" + std::to_string(host.port());
  EXPECT_EQ(HealthStatus(address, kService, absl::Seconds(5)), HealthResponse::NOT_SERVING);
  // The whole server ("") is SERVING meanwhile: liveness must not restart it.
  EXPECT_EQ(HealthStatus(address, "", absl::Seconds(5)), HealthResponse::SERVING);

  ready = true;
  EXPECT_TRUE(WaitForHealth(address, kService, HealthResponse::SERVING, absl::Seconds(30)));
  EXPECT_TRUE(host.Shutdown());
}

}  // namespace
}  // namespace meridian::testing
