// --rate_limits end to end through the real intake_server binary (the shared start-up code in
// common/server): a bad value, on the command line or in MERIDIAN_RATE_LIMITS, stops the
// process with exit 2 and a message naming the flag and the rule; a good one from the
// environment is logged at start and is what a key of that role gets.
#include <signal.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "common/process/health_client.h"
#include "common/process/subprocess.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "tests/support/client_context.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"

namespace meridian::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kServerPath[] = INTAKE_SERVER_PATH;

std::string LogPath(const std::string& name) {
  return absl::StrCat(::testing::TempDir(), "/", name, "-", getpid(), ".log");
}

TEST(RateLimitsFlag, ABadValueStopsTheServerNamingTheFlagAndTheRule) {
  const std::string log = LogPath("rate-limits-bad");
  Subprocess flag(
      {kServerPath, "--rate_limits=PARTNER=0/10", "--database_url=postgresql://x@127.0.0.1/x"}, {},
      log);
  EXPECT_EQ(flag.Wait(absl::Seconds(30)), 2);
  EXPECT_THAT(ReadFile(log),
              HasSubstr("--rate_limits (MERIDIAN_RATE_LIMITS): \"PARTNER=0/10\": "
                        "requests_per_second must be a number above 0 and at most 1,000,000"));

  Subprocess environment({kServerPath, "--database_url=postgresql://x@127.0.0.1/x"},
                         {{"MERIDIAN_RATE_LIMITS", "RECRUITER=300/600,PARTNERS=50/100"}}, log);
  EXPECT_EQ(environment.Wait(absl::Seconds(30)), 2);
  EXPECT_THAT(ReadFile(log), HasSubstr("--rate_limits (MERIDIAN_RATE_LIMITS): "
                                       "\"PARTNERS=50/100\": unknown role \"PARTNERS\"; roles "
                                       "are ADMIN, RECRUITER, PARTNER"));
}

// Nothing is timed: the configured rate refills one call every 1000 s, so the third call is
// refused however slow the machine.
TEST(RateLimitsFlag, AValueFromTheEnvironmentIsWhatAKeyOfThatRoleGets) {
  TestDatabase database;
  const std::string address = absl::StrCat("127.0.0.1:", PickFreePort());
  const std::string log = LogPath("rate-limits-good");
  Subprocess server(
      {kServerPath, absl::StrCat("--listen_address=", address)},
      {{"MERIDIAN_DATABASE_URL", database.url()}, {"MERIDIAN_RATE_LIMITS", "RECRUITER=0.001/2"}},
      log);
  ASSERT_TRUE(WaitForHealth(address, "meridian.intake.v1.IntakeService")) << ReadFile(log);
  EXPECT_THAT(ReadFile(log), HasSubstr("\"rate_limits\":\"RECRUITER=0.001/2\""));

  // Made once the server has migrated the database.
  auto intake = intake::v1::IntakeService::NewStub(
      KeyedChannel(address, CreateTestKey(database.url(), access::v1::RECRUITER)));
  intake::v1::ListClientsResponse response;
  for (int i = 0; i < 2; ++i) {
    grpc::Status status =
        intake->ListClients(Context().get(), intake::v1::ListClientsRequest(), &response);
    ASSERT_TRUE(status.ok()) << "call " << i << ": " << status.error_message();
  }
  grpc::Status refused =
      intake->ListClients(Context().get(), intake::v1::ListClientsRequest(), &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("0.001 requests a second (bursts of 2)"));

  server.Signal(SIGTERM);
  EXPECT_EQ(server.Wait(absl::Seconds(30)), 0) << ReadFile(log);
}

}  // namespace
}  // namespace meridian::testing
