// meridian_load end to end, short: the three real services in this process (wired as their
// binaries wire them, over a fresh database of the test PostgreSQL), the tool as a child
// process for three seconds at a low fixed rate, then its ledger check and race mode. The
// JSON it writes must show no INTERNAL or UNKNOWN answer, a ledger whose every acknowledged
// write is in the database exactly once (and whose replayed creates come back as the same
// resource), and one winner in every race. No timing is judged here: the figures come from a
// real run (bench/README.md, "The load tool").
#include <stdlib.h>

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/auth/access_policy.h"
#include "common/process/subprocess.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/services/intake/intake_test_server.h"
#include "tests/services/placement/placement_test_server.h"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

using nlohmann::json;

constexpr char kLoadPath[] = MERIDIAN_LOAD_PATH;

std::string MakeTempDir() {
  std::string dir = absl::StrCat(::testing::TempDir(), "/meridian-load-XXXXXX");
  if (mkdtemp(dir.data()) == nullptr) return ::testing::TempDir();
  return dir;
}

TEST(LoadSmokeTest, MixLedgerAndRacesAgainstRealServers) {
  TestDatabase database;
  // With a signing key, so that the webhook races run (their subscription is PAUSED: nothing
  // is sent).
  intake::EventWiring events;
  events.webhooks.signing_key = "a load smoke test signing key of at least 32 characters";
  IntakeTestServer intake(database.url(), 0, events);
  TalentTestServer talent(database.url(), intake.address());
  PlacementTestServer placement(database.url(), intake.address(), talent.address());

  const std::string dir = MakeTempDir();
  const std::string json_path = absl::StrCat(dir, "/load.json");
  const std::string ledger_path = absl::StrCat(dir, "/load.ledger");
  const std::string log_path = absl::StrCat(dir, "/load.log");
  {
    Subprocess load(
        {kLoadPath, "--intake=" + intake.address(), "--talent=" + talent.address(),
         "--placement=" + placement.in_process().address(),
         "--admin_key=" + intake.in_process().admin_key(), "--database_url=" + database.url(),
         "--seconds=3", "--rate=60", "--in_flight=8", "--races", "--race_calls=20", "--replays=20",
         "--ledger=" + ledger_path, "--json=" + json_path},
        {}, log_path);
    // The exit status says the same as the JSON; the JSON says what failed.
    load.Wait(absl::Minutes(3));
  }
  const std::string output = ReadFile(log_path);
  std::ifstream in(json_path);
  const json report = json::parse(in, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(report.is_object()) << "no JSON in " << json_path << "; output:\n" << output;
  SCOPED_TRACE(output);

  EXPECT_EQ(report.value("internal_or_unknown", int64_t{-1}), 0) << report.at("rpcs");
  // The mix ran: candidates were created, and writes went to the ledger.
  ASSERT_TRUE(report.at("rpcs").contains("CreateCandidate")) << report.at("rpcs");
  EXPECT_GT(report.at("rpcs").at("CreateCandidate").value("ok", int64_t{0}), 0);
  EXPECT_GT(report.value("ledger_entries", int64_t{0}), 0);
  for (const auto& [rpc, stats] : report.at("rpcs").items()) {
    EXPECT_LE(stats.value("p50_us", int64_t{0}), stats.value("p99_us", int64_t{0})) << rpc;
  }

  // The ledger: every acknowledged write there exactly once; replays find the same resource.
  const json& verify = report.at("verify");
  EXPECT_TRUE(verify.value("ok", false)) << verify.dump(2);
  EXPECT_EQ(verify.value("entries", int64_t{-1}), report.value("ledger_entries", int64_t{0}));
  EXPECT_EQ(verify.value("checked", int64_t{-1}), verify.value("entries", int64_t{0}));
  EXPECT_GT(verify.value("replayed", int64_t{0}), 0);

  // Races: each of the cases issue 16 names ran, on every mutating RPC (bench/README.md, "Race
  // mode"), and each had its one winner (or, for one request_id or a call idempotent by
  // design, its one answer).
  ASSERT_TRUE(report.contains("races"));
  EXPECT_TRUE(report.value("races_passed", false)) << report.at("races").dump(2);
  EXPECT_GE(report.at("races").size(), 40u) << report.at("races").dump(2);
  for (const json& race : report.at("races")) {
    EXPECT_TRUE(race.value("passed", false)) << race.dump();
    EXPECT_EQ(race.value("calls", 0), 20) << race.dump();
  }
  // Every RPC the access policy calls mutating has a race named after it ("HoldRole: ...",
  // "CancelRole/HoldRole: ..."): a new one fails here until race mode covers it.
  for (const MethodRule& rule : AllMethodRules()) {
    if (!rule.mutates) continue;
    const std::string method(rule.method.substr(rule.method.find('/') + 1));
    bool raced = false;
    for (const json& race : report.at("races")) {
      const std::string name = race.value("race", "");
      const std::string rpcs = name.substr(0, name.find(':'));
      for (absl::string_view rpc : absl::StrSplit(rpcs, '/')) raced = raced || rpc == method;
    }
    EXPECT_TRUE(raced) << method << " has no race";
  }
  EXPECT_TRUE(report.value("ok", false));
}

}  // namespace
}  // namespace meridian::testing
