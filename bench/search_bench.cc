// meridian_search_bench: the search benchmark of issue 5, in one run against one database.
//
//   meridian_search_bench --database_url=postgresql://postgres@127.0.0.1:5432/bench
//       --candidates=1000000 --seconds=10 --concurrency=1,8 --json=search.json
//
// 1. Generates the pool (bench/pool.h) and loads it with COPY into talent.candidates and into
//    the SQL baseline's bench.candidates_sql (bench/loader.h).
// 2. Starts the real talent_server on that database (first on the empty pool, for its memory
//    without candidates), waits for SERVING, reports the index's load time and memory.
// 3. At each concurrency level, closed loop for --seconds after --warmup_seconds: a no-op gRPC
//    call (health Check), SearchCandidates with the query mix (bench/queries.h), the
//    same-answer SQL baseline with the same mix (bench/sql_baseline.h), every page of which is
//    then checked against the engine's, and the static SQL floor (bench/phases.h).
// 4. Freshness under a stream of updates (bench/freshness.h).
// 5. New-match alerts: lag and search latency with 1,000 OPEN roles watched (bench/alerts.h).
// 6. Prints a table, writes JSON (--json), and stops the server.
// The database must be empty (fresh migrations or none): `./meridian bench search` makes one.
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bench/alerts.h"
#include "bench/freshness.h"
#include "bench/latency.h"
#include "bench/loader.h"
#include "bench/phases.h"
#include "bench/pool.h"
#include "bench/queries.h"
#include "bench/report.h"
#include "bench/sql_baseline.h"
#include "bench/talent_process.h"
#include "common/logging/log.h"
#include "common/util/ids.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "pqxx/pqxx"

ABSL_FLAG(std::string, database_url, "",
          "libpq URL of an empty database the benchmark may fill (required)");
ABSL_FLAG(int64_t, candidates, 1000000, "candidates in the generated pool");
ABSL_FLAG(double, seconds, 10, "measured seconds per phase, and of the freshness update stream");
ABSL_FLAG(double, warmup_seconds, 1, "unmeasured seconds before each phase");
ABSL_FLAG(std::string, concurrency, "1,8", "client threads, one level or a comma-separated list");
ABSL_FLAG(std::string, json, "", "write the figures as JSON to this file");
ABSL_FLAG(uint64_t, seed, 42, "seed of the pool and of the query mix");
ABSL_FLAG(std::string, query_class, "",
          "run only this class (selective, mid or unselective) instead of the mix, to profile it");
ABSL_FLAG(int, tail_skills, 1000, "extra long-tail skills (a multiple of 8)");
ABSL_FLAG(double, update_rate, 200, "freshness: candidate updates per second");
ABSL_FLAG(int, freshness_probes, 200, "freshness: probe candidates updated in turn (2-200)");
ABSL_FLAG(int, alert_roles, 1000,
          "alerts: OPEN roles the new-match alerts watch while --update_rate random candidates "
          "change a second (0: skip the alerts step)");
ABSL_FLAG(std::string, alert_role_shape, "openings",
          "alerts: the roles' shape, openings (as agencies write them) or search_mix (the query "
          "mix's shapes: a stress case with dozens of new matches per update); bench/roles.h");
ABSL_FLAG(int, alert_writers, 4, "alerts: connections the candidate updates are spread over");
ABSL_FLAG(int, alert_rounds, 4,
          "alerts: rounds of search under updates with no role watched and with the roles, the "
          "order alternating (even: a steady drift cancels)");
ABSL_FLAG(int, sql_parallel_workers, 2,
          "max_parallel_workers_per_gather of the same-answer SQL baseline's sessions");
ABSL_FLAG(double, sql_score_offset_for_tests, 0,
          "added to every score the same-answer baseline returns: a wrong baseline, for the test "
          "that shows the page check fails the run");
ABSL_FLAG(std::string, talent_server, TALENT_SERVER_PATH, "the talent_server binary");
ABSL_FLAG(std::string, server_flags, "",
          "extra talent_server flags, space-separated (e.g. --index_poll_interval=50ms)");
ABSL_FLAG(std::string, work_dir, "",
          "where the talent_server logs go (default: a new directory under $TMPDIR or /tmp)");
ABSL_FLAG(absl::Duration, server_start_timeout, absl::Minutes(60),
          "how long talent_server may take to load the index");

namespace meridian::bench {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr int kAgreementQueriesPerClass = 4;
constexpr char kStaticDesign[] =
    "bench.candidates_sql: skills int[] holding skill*8+level for every level up to the "
    "candidate's (so 'level >= n' is one element; GIN gin__int_ops index), state, country, "
    "rate_usd (rate times the seeded exchange rate), english, available_day, and per client "
    "window of the mix the minimum daily overlap in minutes over the same horizon, computed "
    "with the talent service's own overlap rule (precomputed: a real SQL design would need a "
    "column per client window); btree indexes on score, country, rate_usd and the overlap "
    "columns. Query: skills @> required AND state searchable AND the same hard filters "
    "ORDER BY score DESC LIMIT 50, one statement per call (custom plan), a libpqxx connection "
    "per client thread. score is a static profile score, not the service's per-query score: "
    "the floor no database can go under, which finds the same candidates (see "
    "filter_agreement) but ranks them differently and returns ids and scores, not explained "
    "matches.";

void Progress(const std::string& message) {
  std::fprintf(stderr, "meridian_search_bench: %s\n", message.c_str());
  std::fflush(stderr);
}

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "meridian_search_bench: error: %s\n", message.c_str());
  std::exit(1);
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double Round3(double x) { return std::round(x * 1000) / 1000; }

// Ctrl-C, SIGTERM, SIGHUP: the talent_server child goes first, then this process.
void StartSignalThread() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    std::fprintf(stderr, "meridian_search_bench: interrupted (signal %d); stopping\n", signal);
    if (const pid_t pid = g_talent_server_pid.load(); pid > 0) kill(pid, SIGKILL);
    std::_Exit(128 + signal);
  }).detach();
}

std::vector<int> ParseConcurrency(const std::string& text) {
  std::vector<int> levels;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    int level = 0;
    if (!absl::SimpleAtoi(part, &level) || level < 1 || level > 256) {
      Fail(absl::StrCat("--concurrency: '", std::string(part), "' is not a number from 1 to 256"));
    }
    levels.push_back(level);
  }
  if (levels.empty()) Fail("--concurrency: give at least one level");
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return levels;
}

// The generated ids must look like the service's, and the bodies must be what
// talent.v1.Candidate's JSON parser accepts, strictly.
void CheckBodies(const PoolGenerator& pool) {
  GeneratedCandidate candidate;
  for (int i = 0; i <= 50; ++i) {
    if (i < 50) {
      pool.Generate(i, candidate);
    } else {
      pool.GenerateProbe(0, kProbeHiddenRate, candidate);
    }
    if (!IsResourceId(candidate.id))
      Fail(absl::StrCat("generated id is not UUID-shaped: ", candidate.id));
    const std::string body = pool.BodyJson(candidate);
    talent::v1::Candidate parsed;
    const auto status = google::protobuf::util::JsonStringToMessage(body, &parsed);
    if (!status.ok() || parsed.skills_size() != static_cast<int>(candidate.skills.size()) ||
        parsed.monthly_rate().units() != candidate.rate_units) {
      Fail(absl::StrCat("generated body does not parse as talent.v1.Candidate: ", status.ToString(),
                        "\n", body));
    }
  }
}

std::string MakeWorkDir() {
  std::string dir = absl::GetFlag(FLAGS_work_dir);
  if (!dir.empty()) return dir;
  const char* tmp = std::getenv("TMPDIR");
  std::string templ =
      absl::StrCat(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/meridian-bench.XXXXXX");
  if (mkdtemp(templ.data()) == nullptr) Fail("cannot create a work directory");
  return templ;
}

// The bench's stand-in for intake, where talent_server reads the roles alerts watch.
BenchIntake& Intake() {
  static BenchIntake* const intake = new BenchIntake();
  return *intake;
}

std::vector<std::string> ServerFlags() {
  std::vector<std::string> flags = {absl::StrCat("--intake_address=", Intake().address()),
                                    "--role_refresh_interval=1s"};
  for (absl::string_view flag :
       absl::StrSplit(absl::GetFlag(FLAGS_server_flags), ' ', absl::SkipWhitespace())) {
    flags.emplace_back(flag);
  }
  return flags;
}

// Search total_size against the baseline's count(*) for a few queries of each class: the two
// sides apply the same hard filters. A total_size the engine estimated (past about 10,000
// matches) agrees when within kEstimateTolerance of the count.
constexpr double kEstimateTolerance = 0.05;

json CheckFilterAgreement(const std::string& url, const std::string& address,
                          const PoolGenerator& pool, uint64_t seed) {
  auto stub = talent::v1::TalentService::NewStub(BenchChannel(address));
  pqxx::connection conn(url);
  QueryMix mix(pool.vocabulary(), seed, /*stream=*/1000003);
  int checked = 0;
  int agreed = 0;
  int estimated = 0;
  double worst_estimate_error = 0;  // relative, over the estimated totals
  json mismatches = json::array();
  for (int c = 0; c < kQueryClasses; ++c) {
    for (int i = 0; i < kAgreementQueriesPerClass; ++i) {
      const BenchQuery query = mix.Next(static_cast<QueryClass>(c));
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
      talent::v1::SearchCandidatesResponse response;
      const grpc::Status status = stub->SearchCandidates(
          &context, ToSearchRequest(query, pool.vocabulary(), /*page_size=*/1), &response);
      if (!status.ok()) {
        Fail(absl::StrCat("a ", kQueryClassNames[static_cast<size_t>(c)],
                          " search failed: ", status.error_code(), " ", status.error_message()));
      }
      pqxx::nontransaction tx(conn);
      const int64_t count = tx.exec1(ToSql(query, /*count_only=*/true))[0].as<int64_t>();
      ++checked;
      const double error = count == 0
                               ? (response.total_size() == 0 ? 0.0 : 1.0)
                               : std::abs(static_cast<double>(response.total_size() - count)) /
                                     static_cast<double>(count);
      if (response.total_size_estimated()) {
        ++estimated;
        worst_estimate_error = std::max(worst_estimate_error, error);
      }
      if (count == response.total_size() ||
          (response.total_size_estimated() && error <= kEstimateTolerance)) {
        ++agreed;
      } else {
        mismatches.push_back({{"class", kQueryClassNames[static_cast<size_t>(c)]},
                              {"search_total_size", response.total_size()},
                              {"estimated", response.total_size_estimated()},
                              {"sql_count", count},
                              {"sql", ToSql(query, true)}});
      }
    }
  }
  return {{"checked", checked},
          {"agreed", agreed},
          {"estimated", estimated},
          {"worst_estimate_error", worst_estimate_error},
          {"mismatches", mismatches}};
}

// "Limit > Sort > Bitmap Heap Scan > Bitmap Index Scan (candidates_sql_skills)": the plan's
// node types, children in parentheses when there are several.

// The plan PostgreSQL picks for the static floor's first query of each class of thread 0's
// stream.
json StaticPlans(const std::string& url, const PoolGenerator& pool, uint64_t seed) {
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  json plans = json::object();
  for (int c = 0; c < kQueryClasses; ++c) {
    QueryMix mix(pool.vocabulary(), seed, 0);
    BenchQuery query = mix.Next();
    for (int i = 0; i < 1000 && static_cast<int>(query.query_class) != c; ++i) query = mix.Next();
    const json explained =
        json::parse(tx.exec1(absl::StrCat("EXPLAIN (FORMAT JSON) ", ToSql(query)))[0].c_str());
    plans[kQueryClassNames[static_cast<size_t>(c)]] = {
        {"sql", ToSql(query)}, {"plan", PlanShape(explained.at(0).at("Plan"))}};
  }
  return plans;
}

int Run() {
  const std::string url = absl::GetFlag(FLAGS_database_url);
  const int64_t candidates = absl::GetFlag(FLAGS_candidates);
  const double seconds = absl::GetFlag(FLAGS_seconds);
  const double warmup = absl::GetFlag(FLAGS_warmup_seconds);
  const uint64_t seed = absl::GetFlag(FLAGS_seed);
  const int probes = absl::GetFlag(FLAGS_freshness_probes);
  if (url.empty()) Fail("--database_url is required");
  std::optional<QueryClass> only_class;
  for (int c = 0; c < kQueryClasses; ++c) {
    if (absl::GetFlag(FLAGS_query_class) == kQueryClassNames[c]) {
      only_class = static_cast<QueryClass>(c);
    }
  }
  if (!absl::GetFlag(FLAGS_query_class).empty() && !only_class) {
    Fail("--query_class must be selective, mid or unselective");
  }
  if (candidates < 1 || candidates > 100000000) Fail("--candidates must be 1 to 100,000,000");
  if (!(seconds > 0) || seconds > 3600) Fail("--seconds must be above 0 and at most 3600");
  if (!(warmup >= 0) || warmup > 600) Fail("--warmup_seconds must be 0 to 600");
  if (probes < 2 || probes > 200) Fail("--freshness_probes must be 2 to 200");
  if (!(absl::GetFlag(FLAGS_update_rate) > 0) || absl::GetFlag(FLAGS_update_rate) > 10000) {
    Fail("--update_rate must be above 0 and at most 10000");
  }
  RoleShape role_shape = RoleShape::kOpenings;
  if (!ParseRoleShape(absl::GetFlag(FLAGS_alert_role_shape), &role_shape)) {
    Fail("--alert_role_shape must be openings or search_mix");
  }
  if (absl::GetFlag(FLAGS_alert_writers) < 1 || absl::GetFlag(FLAGS_alert_writers) > 64) {
    Fail("--alert_writers must be 1 to 64");
  }
  if (absl::GetFlag(FLAGS_alert_rounds) < 1 || absl::GetFlag(FLAGS_alert_rounds) > 20) {
    Fail("--alert_rounds must be 1 to 20");
  }
  const std::vector<int> levels = ParseConcurrency(absl::GetFlag(FLAGS_concurrency));
  const std::string work_dir = MakeWorkDir();
  const std::string binary = absl::GetFlag(FLAGS_talent_server);

  std::optional<PoolGenerator> pool_holder;
  try {
    pool_holder.emplace(seed, absl::GetFlag(FLAGS_tail_skills));
  } catch (const std::exception& e) {
    Fail(absl::StrCat("--tail_skills: ", e.what()));
  }
  const PoolGenerator& pool = *pool_holder;
  CheckBodies(pool);

  json report;
  report["candidates"] = candidates;
  report["probe_candidates"] = probes;
  report["seed"] = seed;
  report["tail_skills"] = absl::GetFlag(FLAGS_tail_skills);
  report["seconds_per_phase"] = seconds;
  report["warmup_seconds"] = warmup;
  report["concurrency_levels"] = levels;
  report["reference_date"] = absl::FormatCivilTime(ReferenceDay());
  report["machine"] = MachineFacts(url);
  report["machine"]["candidates"] = candidates;
  report["talent_server"] = {
      {"binary", binary}, {"extra_flags", ServerFlags()}, {"logs", work_dir}};
  report["sql_baseline_design"] = std::string(kSameAnswerDesign);
  report["sql_static_design"] = kStaticDesign;
  const int sql_workers = absl::GetFlag(FLAGS_sql_parallel_workers);
  if (sql_workers < 0 || sql_workers > 64) Fail("--sql_parallel_workers must be 0 to 64");
  const std::string fsync =
      report["machine"].value("postgresql", json::object()).value("fsync", std::string("?"));
  Progress(absl::StrCat(candidates, " candidates, seed ", seed, "; PostgreSQL fsync=", fsync,
                        "; talent_server logs in ", work_dir));

  Progress("applying migrations, adding the tail skills and the baseline's schema");
  if (absl::Status status = PrepareDatabase(url, pool.vocabulary()); !status.ok()) {
    Fail(status.ToString());
  }
  UseBenchApiKey(url);

  // The server's memory without candidates: the base for index bytes per candidate.
  json index;
  {
    Progress("starting talent_server on the empty pool (memory without candidates)");
    TalentProcess empty(binary, url, absl::StrCat(work_dir, "/talent-empty.log"), ServerFlags());
    if (absl::Status status = empty.Start(); !status.ok()) Fail(status.ToString());
    if (absl::Status status = empty.WaitUntilServing(absl::Minutes(2)); !status.ok()) {
      Fail(status.ToString());
    }
    absl::SleepFor(absl::Milliseconds(500));  // let start-up allocations settle
    index["rss_empty_bytes"] = empty.RssBytes();
    if (absl::Status status = empty.Stop(); !status.ok()) Fail(status.ToString());
  }

  Progress(absl::StrCat("generating and loading ", candidates, " candidates (+", probes,
                        " probes) with COPY"));
  absl::StatusOr<LoadTimings> load = LoadPool(url, pool, candidates, probes);
  if (!load.ok()) Fail(load.status().ToString());
  report["data_load"] = load->ToJson();
  Progress(absl::StrCat("loaded in ", Round3(load->total_seconds), " s (generate + COPY ",
                        Round3(load->generate_and_copy_seconds), " s, indexes ",
                        Round3(load->index_seconds), " s)"));

  Progress("starting talent_server on the pool; waiting for SERVING (index loaded)");
  TalentProcess server(binary, url, absl::StrCat(work_dir, "/talent.log"), ServerFlags());
  const Clock::time_point server_start = Clock::now();
  if (absl::Status status = server.Start(); !status.ok()) Fail(status.ToString());
  if (absl::Status status = server.WaitUntilServing(absl::GetFlag(FLAGS_server_start_timeout));
      !status.ok()) {
    Fail(status.ToString());
  }
  const double load_seconds = SecondsSince(server_start);
  absl::SleepFor(absl::Milliseconds(500));
  index["rss_loaded_bytes"] = server.RssBytes();
  index["rss_peak_bytes"] = server.PeakRssBytes();
  const int64_t indexed = candidates + probes;
  const double bytes_per_candidate = static_cast<double>(index["rss_loaded_bytes"].get<int64_t>() -
                                                         index["rss_empty_bytes"].get<int64_t>()) /
                                     static_cast<double>(indexed);
  index["load_seconds"] = Round3(load_seconds);
  index["bytes_per_candidate"] = std::round(bytes_per_candidate * 10) / 10;
  index["indexed_candidates"] = indexed;
  if (std::optional<json> line = server.FindLogLine("search index loaded")) {
    index["server_log_seconds"] = Round3(line->value("seconds", 0.0));
    index["server_bytes_per_candidate"] = line->value("bytes_per_candidate", 0);
    index["server_log_candidates"] = line->value("candidates", 0);
  }
  report["index"] = index;
  report["load_seconds"] = Round3(load_seconds);
  report["index_bytes_per_candidate"] = std::round(bytes_per_candidate * 10) / 10;
  Progress(absl::StrCat("SERVING after ", Round3(load_seconds), " s; index memory ",
                        std::lround(bytes_per_candidate), " B/candidate (RSS)"));

  Progress("checking that search and the SQL baseline apply the same hard filters");
  report["filter_agreement"] = CheckFilterAgreement(url, server.address(), pool, seed);
  if (report["filter_agreement"]["agreed"] != report["filter_agreement"]["checked"]) {
    Progress(absl::StrCat("warning: filters disagree: ",
                          report["filter_agreement"]["mismatches"].dump()));
  }

  report["sql_baseline_plans"] = SameAnswerPlans(url, pool.vocabulary(), seed, sql_workers);
  report["sql_static_plans"] = StaticPlans(url, pool, seed);

  const CpuClock cpu(server.pid(), url);
  PhaseOptions options{.vocabulary = &pool.vocabulary(),
                       .cpu = &cpu,
                       .seed = seed,
                       .warmup_seconds = warmup,
                       .seconds = seconds,
                       .only_class = only_class};
  const std::string address = server.address();
  // The engine's page for each distinct query the same-answer baseline ran, fetched once.
  EnginePages engine_pages(address, pool.vocabulary());
  bool pages_disagree = false;
  json per_level = json::object();
  for (const int level : levels) {
    json results;
    Progress(absl::StrCat("concurrency ", level, ": no-op (health Check)"));
    results["noop"] =
        RunPhase(level, options, [&](int) { return MakeNoopClient(address); }).ToJson(false, "");
    Progress(absl::StrCat("concurrency ", level, ": SearchCandidates"));
    results["search"] = RunPhase(level, options, [&](int) {
                          return MakeSearchClient(address, pool.vocabulary());
                        }).ToJson(true, "mean_total_size");
    Progress(absl::StrCat("concurrency ", level, ": SearchCandidates, view BASIC"));
    results["search_basic"] =
        RunPhase(level, options, [&](int) {
          return MakeSearchClient(address, pool.vocabulary(), talent::v1::BASIC);
        }).ToJson(true, "mean_total_size");
    Progress(absl::StrCat("concurrency ", level, ": SQL baseline (same answer)"));
    PageLog pages;
    results["sql_baseline"] =
        RunPhase(level, options, [&](int) {
          return MakeSameAnswerClient(url, &pages, sql_workers,
                                      absl::GetFlag(FLAGS_sql_score_offset_for_tests));
        }).ToJson(true, "mean_rows");
    // Not timed: every page the phase returned against the engine's page for its query.
    Progress(absl::StrCat("concurrency ", level,
                          ": checking every same-answer page against the engine's"));
    json check = CheckAgreement(pages, engine_pages);
    results["sql_baseline"]["agreement"] = check["agreement"];
    results["sql_baseline"]["agreement_check"] = check;
    if (check.contains("first_disagreement")) {
      pages_disagree = true;
      Progress(absl::StrCat("error: the same-answer baseline's page differs from the engine's (",
                            check["runs"].get<int64_t>() - check["agreed_runs"].get<int64_t>(),
                            " of ", check["runs"].get<int64_t>(), " runs); the first:\n",
                            check["first_disagreement"].dump(2)));
    }
    Progress(absl::StrCat("concurrency ", level, ": SQL static floor"));
    results["sql_static"] =
        RunPhase(level, options, [&](int) { return MakeSqlClient(url); }).ToJson(true, "mean_rows");
    results["ratios"] = Ratios(results);
    per_level[absl::StrCat(level)] = results;
  }
  report["concurrency"] = per_level;
  const json& top = per_level[absl::StrCat(levels.back())];
  report["top_level_concurrency"] = levels.back();
  report["noop"] = top["noop"];
  report["search"] = top["search"];
  report["search_basic"] = top["search_basic"];
  report["sql_baseline"] = top["sql_baseline"];
  report["sql_static"] = top["sql_static"];
  report["ratios"] = top["ratios"];

  Progress(absl::StrCat("freshness: ", absl::GetFlag(FLAGS_update_rate), " updates/s for ", seconds,
                        " s"));
  report["freshness"] = MeasureFreshness(
      url, address, pool,
      {.rate = absl::GetFlag(FLAGS_update_rate), .seconds = seconds, .probes = probes});
  if (const int roles = absl::GetFlag(FLAGS_alert_roles); roles > 0) {
    Progress(absl::StrCat("alerts: search alone, then with ", roles, " OPEN roles watched and ",
                          absl::GetFlag(FLAGS_update_rate), " candidate updates/s (concurrency ",
                          levels.back(), ")"));
    report["alerts"] = MeasureAlerts(url, address, pool, Intake(), options,
                                     {.roles = roles,
                                      .shape = role_shape,
                                      .rate = absl::GetFlag(FLAGS_update_rate),
                                      .writers = absl::GetFlag(FLAGS_alert_writers),
                                      .rounds = absl::GetFlag(FLAGS_alert_rounds),
                                      .concurrency = levels.back(),
                                      .candidates = candidates,
                                      .talent_server_pid = server.pid()});
    json& alerts = report["alerts"];
    if (!alerts.contains("error")) {
      alerts["goals"] = {{"lag_p99_at_most_2000_ms", alerts["lag"]["p99_ms"].get<double>() <= 2000},
                         {"search_p99_increase_at_most_10_percent",
                          alerts["search_p99_increase_percent"].get<double>() <= 10},
                         {"update_rate_reached", alerts["update_rate_per_s"].get<double>() >=
                                                     0.95 * absl::GetFlag(FLAGS_update_rate)}};
    }
  }
  report["index"]["rss_after_run_bytes"] = server.RssBytes();
  report["index"]["rss_peak_bytes"] = server.PeakRssBytes();
  report["goals"] = Goals(report);

  if (absl::Status status = server.Stop(); !status.ok()) {
    Progress(absl::StrCat("warning: ", status.ToString()));
  }

  PrintTable(report, stdout);
  if (report.contains("alerts")) {
    const json& alerts = report["alerts"];
    if (alerts.contains("error")) {
      std::printf("\nalerts: error: %s\n", alerts["error"].get<std::string>().c_str());
    } else {
      std::printf(
          "\nalerts (%d OPEN roles shaped as %s, %.1f updates/s from %d connections, concurrency "
          "%d, %d rounds): lag p50 %.1f ms, p99 %.1f ms, max %.1f ms (%lld measured, %lld unseen; "
          "without "
          "roles p50 %.1f ms, p99 %.1f ms); search p99 %lld us alone, %lld us with the updates, "
          "%lld us with the updates and alerts (%+.1f%% for the alerts, %+.1f%% over alone); "
          "%lld new matches recorded (%.1f an update)\n",
          alerts["roles"].get<int>(), alerts["role_shape"].get<std::string>().c_str(),
          alerts["update_rate_per_s"].get<double>(), alerts["writers"].get<int>(),
          alerts["concurrency"].get<int>(), static_cast<int>(alerts["rounds"].size()),
          alerts["lag"]["p50_ms"].get<double>(), alerts["lag"]["p99_ms"].get<double>(),
          alerts["lag"]["max_ms"].get<double>(),
          static_cast<long long>(alerts["lag"]["measured"].get<int64_t>()),
          static_cast<long long>(alerts["lag"]["unseen"].get<int64_t>()),
          alerts["without_alerts"]["lag"]["p50_ms"].get<double>(),
          alerts["without_alerts"]["lag"]["p99_ms"].get<double>(),
          static_cast<long long>(alerts["search_p99_us_alone"].get<int64_t>()),
          static_cast<long long>(alerts["search_p99_us_with_updates"].get<int64_t>()),
          static_cast<long long>(alerts["search_p99_us_with_alerts"].get<int64_t>()),
          alerts["search_p99_increase_percent"].get<double>(),
          alerts["search_p99_increase_over_alone_percent"].get<double>(),
          static_cast<long long>(alerts["matches_recorded"].get<int64_t>()),
          alerts["matches_per_update"].get<double>());
      const json& cpu = alerts["cpu"];
      std::printf(
          "  CPU per step (s): talent_server %.1f alone, %.1f with the updates, %.1f with the "
          "alerts; PostgreSQL %.1f, %.1f, %.1f; the alerts add %.2f ms of talent_server and "
          "%.2f ms of PostgreSQL an update\n",
          cpu["search_alone"]["talent_server_s"].get<double>(),
          cpu["with_updates"]["talent_server_s"].get<double>(),
          cpu["with_alerts"]["talent_server_s"].get<double>(),
          cpu["search_alone"]["postgres_s"].get<double>(),
          cpu["with_updates"]["postgres_s"].get<double>(),
          cpu["with_alerts"]["postgres_s"].get<double>(),
          cpu["alerts_ms_per_update"]["talent_server"].get<double>(),
          cpu["alerts_ms_per_update"]["postgres"].get<double>());
    }
  }
  std::fflush(stdout);
  if (const std::string path = absl::GetFlag(FLAGS_json); !path.empty()) {
    std::ofstream out(path);
    out << report.dump(2) << "\n";
    if (!out) Fail(absl::StrCat("cannot write ", path));
    Progress(absl::StrCat("wrote ", path));
  }
  const bool errors =
      report["noop"].value("errors", 0) > 0 || report["search"].value("errors", 0) > 0 ||
      report["search_basic"].value("errors", 0) > 0 ||
      report["sql_baseline"].value("errors", 0) > 0 ||
      report["sql_static"].value("errors", 0) > 0 || report["freshness"].contains("error") ||
      (report.contains("alerts") && report["alerts"].contains("error"));
  if (pages_disagree) {
    std::fprintf(stderr,
                 "meridian_search_bench: error: the same-answer SQL baseline disagreed with the "
                 "engine (sql_baseline.agreement_check.first_disagreement)\n");
  }
  return errors || pages_disagree ? 1 : 0;
}

}  // namespace
}  // namespace meridian::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "The Meridian search benchmark (issue 5): generates a pool, loads it into PostgreSQL, "
      "starts talent_server, and measures search against a no-op call, a same-answer SQL "
      "baseline (checked page by page) and a static SQL floor.\n"
      "Usually run through ./meridian bench search.");
  absl::ParseCommandLine(argc, argv);
  // The libraries' progress lines (migrations applied) would mix with the table on stdout.
  meridian::log::SetMinSeverity(meridian::log::Severity::kWarning);
  meridian::bench::StartSignalThread();
  try {
    return meridian::bench::Run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "meridian_search_bench: error: %s\n", e.what());
    if (const pid_t pid = meridian::bench::g_talent_server_pid.load(); pid > 0) kill(pid, SIGKILL);
    return 1;
  }
}
