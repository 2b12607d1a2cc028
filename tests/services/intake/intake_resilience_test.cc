// Nothing is lost when the intake service or its database restarts, and health tells
// load balancers the truth while the database is away.
#include "common/process/health_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/intake/intake_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

using grpc::health::v1::HealthCheckResponse;
namespace v1 = intake::v1;

constexpr const char* kIntakeService = v1::IntakeService::service_full_name();

v1::Client Create(v1::IntakeService::Stub& stub, const std::string& name) {
  v1::CreateClientRequest request;
  *request.mutable_client() = ValidClient(name);
  v1::Client created;
  grpc::Status status = stub.CreateClient(Context().get(), request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

grpc::Status Get(v1::IntakeService::Stub& stub, const std::string& name, v1::Client* client) {
  v1::GetClientRequest request;
  request.set_name(name);
  return stub.GetClient(Context().get(), request, client);
}

TEST(IntakeResilience, DataSurvivesAServiceRestart) {
  TestDatabase database;
  std::string name;
  {
    IntakeTestServer first(database.url());
    name = Create(*first.NewStub(), "Survivor Inc").name();
  }
  IntakeTestServer second(database.url());
  v1::Client fetched;
  ASSERT_TRUE(Get(*second.NewStub(), name, &fetched).ok());
  EXPECT_EQ(fetched.display_name(), "Survivor Inc");
}

TEST(IntakeResilience, HealthFollowsTheDatabaseAndItsRestartLosesNothing) {
  PostgresCluster cluster;
  IntakeTestServer server(cluster.url());
  auto stub = server.NewStub();
  ASSERT_TRUE(WaitForHealth(server.address(), kIntakeService, HealthCheckResponse::SERVING));
  const std::string name = Create(*stub, "Before The Outage").name();

  cluster.Stop();
  ASSERT_TRUE(WaitForHealth(server.address(), kIntakeService, HealthCheckResponse::NOT_SERVING));
  // The process itself is alive: liveness probes must not restart it.
  EXPECT_EQ(HealthStatus(server.address(), "", absl::Seconds(2)), HealthCheckResponse::SERVING);
  v1::Client fetched;
  grpc::Status down = Get(*stub, name, &fetched);
  EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE);
  // A generic message: no driver or SQL text reaches the caller.
  EXPECT_EQ(down.error_message(), "the database is unavailable; retry later");

  cluster.Start();
  ASSERT_TRUE(WaitForHealth(server.address(), kIntakeService, HealthCheckResponse::SERVING));
  ASSERT_TRUE(Get(*stub, name, &fetched).ok());
  EXPECT_EQ(fetched.display_name(), "Before The Outage");
  // The pool reconnects: writes work again too.
  EXPECT_FALSE(Create(*stub, "After The Outage").name().empty());
}

}  // namespace
}  // namespace meridian::testing
