// Shutdown of a real server binary (intake_server hosts the shared code in common/server) with
// a call in flight that outlasts the grace: the call is cancelled at the grace limit, its
// transaction rolls back, the process exits 0 soon after, and nothing runs after "stopped".
#include <signal.h>

#include <optional>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/process/health_client.h"
#include "common/process/subprocess.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "pqxx/pqxx"
#include "tests/support/client_context.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"

namespace meridian::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kServerPath[] = INTAKE_SERVER_PATH;
constexpr absl::Duration kGrace = absl::Seconds(1);
// A correctness bound on the exit, not a benchmark: far above what the shutdown needs.
constexpr absl::Duration kExitMargin = absl::Seconds(3);

std::string LogPath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "/", name, "-", getpid(), ".log");
}

int64_t CountClients(const TestDatabase& database) {
  pqxx::connection connection(database.url());
  pqxx::read_transaction tx(connection);
  return tx.exec1("SELECT count(*) FROM intake.clients")[0].as<int64_t>();
}

TEST(ServerShutdown, ACallBlockedPastTheGraceIsCancelledRolledBackAndNothingRunsAfterStopped) {
  TestDatabase database;
  const int port = PickFreePort();
  const std::string address = absl::StrCat("127.0.0.1:", port);
  const std::string log = LogPath("shutdown-blocked");
  const std::string key_file = absl::StrCat(log, ".key");
  Subprocess server({kServerPath, absl::StrCat("--listen_address=", address),
                     absl::StrCat("--shutdown_grace=", absl::FormatDuration(kGrace)),
                     absl::StrCat("--bootstrap_admin_key_file=", key_file)},
                    {{"MERIDIAN_DATABASE_URL", database.url()}}, log);
  ASSERT_TRUE(WaitForHealth(address, "meridian.intake.v1.IntakeService")) << ReadFile(log);
  const std::string key = ReadBootstrapKey(key_file);

  // The test's own session holds a lock on the table every CreateClient writes, for longer
  // than the grace.
  pqxx::connection locker(database.url());
  std::optional<pqxx::work> lock(std::in_place, locker);
  lock->exec("LOCK TABLE intake.clients IN ACCESS EXCLUSIVE MODE");

  auto intake = intake::v1::IntakeService::NewStub(KeyedChannel(address, key));
  grpc::Status call_status;
  std::thread call([&] {
    intake::v1::CreateClientRequest request;
    request.mutable_client()->set_display_name("Acme Robotics");
    auto* hours = request.mutable_client()->mutable_working_hours();
    hours->set_time_zone("America/New_York");
    hours->set_start("09:00");
    hours->set_end("17:00");
    intake::v1::Client response;
    call_status = intake->CreateClient(Context(absl::Seconds(60)).get(), request, &response);
  });
  ASSERT_TRUE(WaitForLockWaiter(database)) << ReadFile(log);

  server.Signal(SIGTERM);
  const absl::Time signalled = absl::Now();
  // The lock outlasts the grace, then goes: a handler still running would now commit.
  std::thread release([&] {
    absl::SleepFor(signalled + kGrace + absl::Seconds(2) - absl::Now());
    lock->abort();
  });
  const int exit_code = server.Wait(kGrace + kExitMargin);
  release.join();
  call.join();

  EXPECT_EQ(exit_code, 0) << "no clean exit within the grace plus " << kExitMargin << "\n"
                          << ReadFile(log);
  EXPECT_FALSE(call_status.ok());
  // The caller was told the call failed: its write must not be in the database.
  EXPECT_EQ(CountClients(database), 0);

  const std::string output = ReadFile(log);
  EXPECT_THAT(output, Not(HasSubstr("bad_alloc")));
  std::vector<nlohmann::json> entries;
  for (absl::string_view line : absl::StrSplit(output, '\n', absl::SkipEmpty())) {
    entries.push_back(nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false));
    ASSERT_TRUE(entries.back().is_object()) << "not a JSON line: " << line;
  }
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.back().value("message", ""), "stopped") << "lines after \"stopped\":\n"
                                                            << output;
  // The handler finished, with an error, before the process said it stopped.
  bool saw_call = false;
  for (const nlohmann::json& entry : entries) {
    if (entry.value("method", "") != "CreateClient") continue;
    saw_call = true;
    EXPECT_NE(entry.value("code", ""), "OK") << entry.dump();
  }
  EXPECT_TRUE(saw_call) << output;
}

}  // namespace
}  // namespace meridian::testing
