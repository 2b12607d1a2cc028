// A SIGTERM to intake_server while a webhook delivery is in flight (a slow receiver): the
// delivery finishes within the grace, its outcome is committed and the subscription's lease is
// released, so the next start (or another replica) goes on at once. Cutting it short instead
// left the lease to expire (delivery timeout + 30 s) and held every later event up after each
// rolling restart.
#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/process/health_client.h"
#include "common/process/subprocess.h"
#include "gtest/gtest.h"
#include "meridian/events/v1/events.grpc.pb.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "pqxx/pqxx"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/support/client_context.h"
#include "tests/support/http_receiver.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"
#include "tests/support/wait.h"

namespace meridian::testing {
namespace {

constexpr char kServerPath[] = INTAKE_SERVER_PATH;

std::string LogPath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "/", name, "-", getpid(), ".log");
}

std::string WriteSigningKey(const std::string& path) {
  std::ofstream(path) << std::string(40, 'k');
  chmod(path.c_str(), 0600);
  return path;
}

struct SubscriptionRow {
  bool leased = false;
  int64_t delivered_position = 0;
};

SubscriptionRow ReadSubscription(const TestDatabase& database) {
  pqxx::connection connection(database.url());
  pqxx::read_transaction tx(connection);
  const pqxx::row row = tx.exec1(
      "SELECT lease_until IS NOT NULL, delivered_position FROM events.webhook_subscriptions");
  return {.leased = row[0].as<bool>(), .delivered_position = row[1].as<int64_t>()};
}

int64_t LatestEventPosition(const TestDatabase& database) {
  pqxx::connection connection(database.url());
  pqxx::read_transaction tx(connection);
  return tx.exec1("SELECT COALESCE(max(position), 0) FROM events.events")[0].as<int64_t>();
}

TEST(WebhookShutdownProcess, ADeliveryInFlightAtSigtermFinishesAndReleasesItsLease) {
  TestDatabase database;
  HttpReceiver receiver;
  const std::string log = LogPath("webhook-shutdown");
  const std::string key_file = absl::StrCat(log, ".key");
  const std::string address = absl::StrCat("127.0.0.1:", PickFreePort());
  Subprocess server(
      {kServerPath, absl::StrCat("--listen_address=", address), "--shutdown_grace=5s",
       absl::StrCat("--bootstrap_admin_key_file=", key_file),
       absl::StrCat("--webhook_signing_key_file=", WriteSigningKey(absl::StrCat(log, ".hooks"))),
       "--webhook_allow_private_targets"},
      {{"MERIDIAN_DATABASE_URL", database.url()}}, log);
  ASSERT_TRUE(WaitForHealth(address, "meridian.intake.v1.IntakeService")) << ReadFile(log);
  int64_t role_created = 0;
  {
    // No channel stays open past this block: the server then has no call or client to wait
    // for at SIGTERM, and only the delivery in flight is left to finish.
    auto channel = KeyedChannel(address, ReadBootstrapKey(key_file));

    // The first delivery is answered 200 only after 1.5 s: SIGTERM arrives while it is sent.
    receiver.QueueSlowStatus(absl::Milliseconds(1500), 200);
    events::v1::CreateWebhookSubscriptionRequest subscribe;
    subscribe.mutable_subscription()->set_target_url(receiver.url("/hooks"));
    subscribe.mutable_subscription()->add_event_types("role.*");
    events::v1::WebhookSubscription subscription;
    const grpc::Status subscribed =
        events::v1::EventService::NewStub(channel)->CreateWebhookSubscription(
            Context().get(), subscribe, &subscription);
    ASSERT_TRUE(subscribed.ok()) << subscribed.error_message();

    auto intake = intake::v1::IntakeService::NewStub(channel);
    intake::v1::CreateClientRequest create_client;
    *create_client.mutable_client() = ValidClient();
    intake::v1::Client client;
    ASSERT_TRUE(intake->CreateClient(Context().get(), create_client, &client).ok());
    intake::v1::CreateRoleRequest create_role;
    create_role.set_parent(client.name());
    *create_role.mutable_role() = ValidRole();
    intake::v1::Role role;
    const grpc::Status created = intake->CreateRole(Context().get(), create_role, &role);
    ASSERT_TRUE(created.ok()) << created.error_message();
    role_created = LatestEventPosition(database);
    ASSERT_GT(role_created, 0);
  }
  ASSERT_TRUE(WaitUntil([&] { return receiver.arrived() >= 1; }, absl::Seconds(20)))
      << ReadFile(log);
  ASSERT_TRUE(ReadSubscription(database).leased);
  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(absl::Seconds(30)), 0) << ReadFile(log);

  // The delivery was answered, and recorded: the cursor is past it and nothing holds the
  // subscription.
  ASSERT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(receiver.requests()[0].answered, 200);
  const SubscriptionRow after = ReadSubscription(database);
  EXPECT_FALSE(after.leased);
  EXPECT_EQ(after.delivered_position, role_created);
}

}  // namespace
}  // namespace meridian::testing
