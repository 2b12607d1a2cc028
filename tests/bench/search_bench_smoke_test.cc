// meridian_search_bench end to end on a fresh database of the test PostgreSQL: 2,000
// candidates, one second per phase, two concurrency levels. The JSON it writes has every
// figure, and the figures are sane (counts, orders of percentiles, no errors) — never judged
// against timing thresholds; the same-answer SQL baseline returned the engine's page on every
// run (agreement 1), and a baseline whose scores are off is caught (the run fails).
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/process/subprocess.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

using nlohmann::json;

constexpr char kBenchPath[] = SEARCH_BENCH_PATH;
constexpr int kCandidates = 2000;

std::string MakeTempDir() {
  std::string dir = absl::StrCat(::testing::TempDir(), "/search-bench-XXXXXX");
  if (mkdtemp(dir.data()) == nullptr) return ::testing::TempDir();
  return dir;
}

// A latency summary: present, positive where it must be, percentiles in order.
void ExpectSaneStats(const json& stats, const std::string& where, bool some_calls = true) {
  SCOPED_TRACE(where);
  for (const char* key : {"p50_us", "p90_us", "p99_us", "max_us", "qps", "count"}) {
    ASSERT_TRUE(stats.contains(key) && stats.at(key).is_number()) << key << " in " << stats;
  }
  if (some_calls) {
    EXPECT_GT(stats.at("count").get<int64_t>(), 0);
    EXPECT_GT(stats.at("qps").get<double>(), 0);
    EXPECT_GT(stats.at("p50_us").get<int64_t>(), 0);
  }
  EXPECT_LE(stats.at("p50_us").get<int64_t>(), stats.at("p90_us").get<int64_t>());
  EXPECT_LE(stats.at("p90_us").get<int64_t>(), stats.at("p99_us").get<int64_t>());
  EXPECT_LE(stats.at("p99_us").get<int64_t>(), stats.at("max_us").get<int64_t>());
}

void ExpectSanePhase(const json& phase, const std::string& where, bool with_classes) {
  ExpectSaneStats(phase, where);
  EXPECT_EQ(phase.value("errors", -1), 0) << where << ": " << phase.value("first_error", "");
  if (!with_classes) return;
  ASSERT_TRUE(phase.contains("classes")) << where;
  int64_t total = 0;
  for (const char* name : {"selective", "mid", "unselective"}) {
    ASSERT_TRUE(phase.at("classes").contains(name)) << where << " " << name;
    const json& stats = phase.at("classes").at(name);
    ExpectSaneStats(stats, absl::StrCat(where, " ", name), /*some_calls=*/false);
    total += stats.at("count").get<int64_t>();
  }
  EXPECT_EQ(total, phase.at("count").get<int64_t>()) << where;
  EXPECT_GT(phase.at("classes").at("selective").at("count").get<int64_t>(), 0) << where;
}

TEST(SearchBenchSmokeTest, RunsEndToEndAndReportsEveryFigure) {
  TestDatabase database;
  const std::string dir = MakeTempDir();
  const std::string json_path = absl::StrCat(dir, "/bench.json");
  const std::string log_path = absl::StrCat(dir, "/bench.log");
  {
    Subprocess bench(
        {kBenchPath, "--database_url=" + database.url(), absl::StrCat("--candidates=", kCandidates),
         "--seconds=1", "--warmup_seconds=0.2", "--concurrency=1,2", "--json=" + json_path,
         "--work_dir=" + dir},
        {}, log_path);
    ASSERT_EQ(bench.Wait(absl::Minutes(5)), 0) << ReadFile(log_path);
  }
  const std::string output = ReadFile(log_path);
  EXPECT_NE(output.find("Meridian search benchmark"), std::string::npos) << output;

  std::ifstream in(json_path);
  const json report = json::parse(in, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(report.is_object()) << "no JSON in " << json_path << "; output:\n" << output;

  EXPECT_EQ(report.value("candidates", 0), kCandidates);
  ASSERT_TRUE(report.contains("load_seconds") && report.at("load_seconds").is_number());
  EXPECT_GT(report.at("load_seconds").get<double>(), 0);
  ASSERT_TRUE(report.contains("index_bytes_per_candidate") &&
              report.at("index_bytes_per_candidate").is_number());
  EXPECT_GT(report.at("index").value("rss_loaded_bytes", int64_t{0}), 0);
  EXPECT_GT(report.at("index").value("rss_empty_bytes", int64_t{0}), 0);
  // The server's own figures come from its "search index loaded" log line.
  EXPECT_TRUE(report.at("index").contains("server_bytes_per_candidate")) << report.at("index");
  EXPECT_GT(report.at("data_load").value("total_seconds", 0.0), 0);

  // The top-level figures are the highest concurrency level's.
  ExpectSanePhase(report.at("noop"), "noop", false);
  ExpectSanePhase(report.at("search"), "search", true);
  ExpectSanePhase(report.at("sql_baseline"), "sql_baseline", true);
  ExpectSanePhase(report.at("sql_static"), "sql_static", true);
  ASSERT_TRUE(report.contains("concurrency"));
  for (const char* level : {"1", "2"}) {
    ASSERT_TRUE(report.at("concurrency").contains(level)) << level;
    const json& results = report.at("concurrency").at(level);
    ExpectSanePhase(results.at("noop"), absl::StrCat("noop at ", level), false);
    ExpectSanePhase(results.at("search"), absl::StrCat("search at ", level), true);
    ExpectSanePhase(results.at("sql_baseline"), absl::StrCat("sql at ", level), true);
    ExpectSanePhase(results.at("sql_static"), absl::StrCat("sql static at ", level), true);
    EXPECT_GT(results.at("ratios").value("search_p50_over_noop_p50", 0.0), 0);
    EXPECT_TRUE(results.at("ratios").contains("sql_static_p99_over_search_p99"));
    // What a call costs in CPU: talent_server's and the clients', in every gRPC phase.
    for (const char* phase : {"noop", "search", "search_basic"}) {
      EXPECT_GT(results.at(phase).value("server_cpu_us_per_call", 0.0), 0) << phase << level;
      EXPECT_GT(results.at(phase).value("client_cpu_us_per_call", 0.0), 0) << phase << level;
    }

    // The same-answer baseline returned the engine's page on every run of the phase, warm-up
    // included: the same candidates in the same order, scores within 0.01.
    const json& sql = results.at("sql_baseline");
    const json& check = sql.at("agreement_check");
    EXPECT_EQ(sql.value("agreement", 0.0), 1.0) << check.dump(2);
    EXPECT_FALSE(check.contains("first_disagreement")) << check.dump(2);
    EXPECT_EQ(check.value("agreed_runs", int64_t{-1}), check.value("runs", int64_t{0}));
    EXPECT_GE(check.value("runs", int64_t{0}), sql.at("count").get<int64_t>());
    // Not only empty pages: the mid and unselective queries have matches at 2,000 candidates.
    EXPECT_GT(check.value("nonempty_distinct_queries", 0), 0) << check;
    EXPECT_GE(check.value("distinct_queries", 0), check.value("nonempty_distinct_queries", 0));
  }
  EXPECT_EQ(report.at("search"), report.at("concurrency").at("2").at("search"));

  for (const char* plans : {"sql_baseline_plans", "sql_static_plans"}) {
    for (const char* name : {"selective", "mid", "unselective"}) {
      EXPECT_FALSE(report.at(plans).at(name).value("plan", "").empty()) << plans << " " << name;
    }
  }

  // Search and the SQL baseline select the same candidates.
  const json& agreement = report.at("filter_agreement");
  EXPECT_GT(agreement.value("checked", 0), 0);
  EXPECT_EQ(agreement.value("agreed", -1), agreement.value("checked", 0)) << agreement;

  const json& freshness = report.at("freshness");
  ASSERT_TRUE(freshness.contains("p50_ms") && freshness.at("p50_ms").is_number()) << freshness;
  ASSERT_TRUE(freshness.contains("p99_ms") && freshness.at("p99_ms").is_number()) << freshness;
  EXPECT_FALSE(freshness.contains("error")) << freshness;
  EXPECT_GT(freshness.value("updates", 0), 0);
  EXPECT_GT(freshness.value("measured", 0), 0);
  EXPECT_GT(freshness.at("p50_ms").get<double>(), 0);
  EXPECT_LE(freshness.at("p50_ms").get<double>(), freshness.at("p99_ms").get<double>());

  // New-match alerts: 1,000 roles watched while candidates change; every update matched.
  const json& alerts = report.at("alerts");
  EXPECT_FALSE(alerts.contains("error")) << alerts;
  EXPECT_EQ(alerts.value("roles", 0), 1000);
  EXPECT_EQ(alerts.value("role_shape", ""), "openings");
  // Both update streams (without roles, then with them) were written and every update matched.
  for (const char* step : {"without_alerts", "with_alerts"}) {
    const json& stream = alerts.at(step);
    EXPECT_GT(stream.value("updates", int64_t{0}), 0) << step;
    EXPECT_EQ(stream.at("lag").value("measured", int64_t{0}), stream.value("updates", int64_t{0}))
        << step << ": " << stream;
    EXPECT_EQ(stream.at("lag").value("unseen", int64_t{-1}), 0) << step << ": " << stream;
    EXPECT_LE(stream.at("lag").value("p50_ms", 0.0), stream.at("lag").value("p99_ms", 0.0));
  }
  EXPECT_GT(alerts.value("matches_recorded", int64_t{0}), 0) << alerts;
  // Four rounds, the condition that goes first alternating, so a drift weighs on both alike.
  ASSERT_EQ(alerts.at("rounds").size(), 4u) << alerts;
  for (size_t round = 0; round < 4; ++round) {
    EXPECT_EQ(alerts.at("rounds")[round].value("first", ""),
              round % 2 == 0 ? "with_updates" : "with_alerts")
        << alerts.at("rounds")[round];
  }
  ExpectSanePhase(alerts.at("search_alone"), "search alone", true);
  ExpectSanePhase(alerts.at("search_with_updates"), "search with the updates", true);
  ExpectSanePhase(alerts.at("search_with_alerts"), "search with alerts", true);
  // CPU comes from /proc: the server and the cluster did work in every step.
  for (const char* step : {"search_alone", "with_updates", "with_alerts"}) {
    EXPECT_GT(alerts.at("cpu").at(step).value("talent_server_s", 0.0), 0) << step;
  }
  EXPECT_GT(alerts.at("cpu").at("with_alerts").value("postgres_s", 0.0), 0) << alerts.at("cpu");
  EXPECT_TRUE(alerts.at("goals").is_object());

  const json& machine = report.at("machine");
  EXPECT_GT(machine.value("nproc", 0), 0);
  EXPECT_GT(machine.value("memory_bytes", int64_t{0}), 0);
  EXPECT_EQ(machine.value("candidates", 0), kCandidates);
  for (const char* setting : {"shared_buffers", "work_mem", "fsync"}) {
    EXPECT_TRUE(machine.at("postgresql").contains(setting)) << setting;
  }
  EXPECT_TRUE(report.at("goals").is_array());
}

// The selective class (two rare sibling skills: the two-skill statement, a join of postings)
// has no matches at 2,000 candidates; at 50,000 many of its queries have some, and every page
// equals the engine's.
TEST(SearchBenchSmokeTest, SelectivePagesAgreeWithTheEngine) {
  TestDatabase database;
  const std::string dir = MakeTempDir();
  const std::string json_path = absl::StrCat(dir, "/bench.json");
  const std::string log_path = absl::StrCat(dir, "/bench.log");
  {
    Subprocess bench(
        {kBenchPath, "--database_url=" + database.url(), "--candidates=50000", "--seconds=1",
         "--warmup_seconds=0", "--concurrency=1", "--query_class=selective", "--alert_roles=0",
         "--json=" + json_path, "--work_dir=" + dir},
        {}, log_path);
    ASSERT_EQ(bench.Wait(absl::Minutes(5)), 0) << ReadFile(log_path);
  }
  std::ifstream in(json_path);
  const json report = json::parse(in, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(report.is_object()) << ReadFile(log_path);
  const json& sql = report.at("sql_baseline");
  const json& check = sql.at("agreement_check");
  EXPECT_EQ(sql.value("agreement", 0.0), 1.0) << check.dump(2);
  EXPECT_GT(sql.at("classes").at("selective").value("count", int64_t{0}), 0) << sql;
  EXPECT_GT(sql.at("classes").at("selective").value("mean_rows", 0.0), 0) << sql;
  EXPECT_GT(check.value("nonempty_distinct_queries", 0), 0) << check;
}

// The page check can fail: a baseline whose scores are 0.1 off (the same order) disagrees with
// the engine, and the run says so and exits non-zero.
TEST(SearchBenchSmokeTest, AWrongSqlBaselineFailsTheRun) {
  TestDatabase database;
  const std::string dir = MakeTempDir();
  const std::string json_path = absl::StrCat(dir, "/bench.json");
  const std::string log_path = absl::StrCat(dir, "/bench.log");
  {
    Subprocess bench(
        {kBenchPath, "--database_url=" + database.url(), "--candidates=500", "--seconds=0.5",
         "--warmup_seconds=0", "--concurrency=1", "--alert_roles=0",
         "--sql_score_offset_for_tests=0.1", "--json=" + json_path, "--work_dir=" + dir},
        {}, log_path);
    EXPECT_NE(bench.Wait(absl::Minutes(5)), 0) << ReadFile(log_path);
  }
  const std::string output = ReadFile(log_path);
  EXPECT_NE(output.find("differs from the engine's"), std::string::npos) << output;
  std::ifstream in(json_path);
  const json report = json::parse(in, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(report.is_object()) << output;
  const json& sql = report.at("sql_baseline");
  EXPECT_LT(sql.value("agreement", 1.0), 1.0) << sql;
  ASSERT_TRUE(sql.at("agreement_check").contains("first_disagreement")) << sql;
  const json& first = sql.at("agreement_check").at("first_disagreement");
  // The first difference is the first match: the same candidate, its score 0.1 off.
  EXPECT_EQ(first.value("first_difference_at", -1), 0) << first;
  EXPECT_EQ(first.at("engine").at(0).at("name"), first.at("sql").at(0).at("name")) << first;
  EXPECT_NEAR(first.at("sql").at(0).at("score").get<double>() -
                  first.at("engine").at(0).at("score").get<double>(),
              0.1, 1e-9)
      << first;
}

}  // namespace
}  // namespace meridian::testing
