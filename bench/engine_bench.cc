// The search engine alone, in process: builds the index from the benchmark's generated pool
// (no PostgreSQL, no gRPC) and times SearchIndex::Search for each query class of the mix, so
// that the engine's own cost per query can be seen and profiled without the transport.
//
//   build/bench/meridian_engine_bench --candidates=1000000 --queries=300
//   perf record -g build/bench/meridian_engine_bench --candidates=1000000 --only_class=unselective
#include <time.h>
#include <algorithm>
#include <array>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <numeric>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/pool.h"
#include "bench/queries.h"
#include "bench/roles.h"
#include "google/protobuf/util/json_util.h"
#include "services/talent/search/search_index.h"
#include "services/talent/search_proto/candidate_input.h"
#include "services/talent/search_proto/explain.h"

ABSL_FLAG(int64_t, candidates, 1000000, "pool size");
ABSL_FLAG(int, queries, 200, "queries timed per class (at least 1)");
ABSL_FLAG(uint64_t, seed, 42, "pool and query seed");
ABSL_FLAG(int, updates, 0,
          "candidates upserted again after the load, so that searches also read a delta this big");
ABSL_FLAG(std::string, only_class, "", "time only this class (selective, mid, unselective)");
ABSL_FLAG(int, alert_roles, 0,
          "also time new-match alerts: SearchIndex::MatchOne of one candidate against this many "
          "role queries (the mix's shapes, client windows in 15 zones and 3 start times)");
ABSL_FLAG(std::string, alert_role_shape, "openings",
          "the alert roles' shape: openings or search_mix (bench/roles.h)");
ABSL_FLAG(int, alert_candidates, 2000, "candidates matched against the alert roles");
ABSL_FLAG(int64_t, parallel_scan_from, -1,
          "SearchTuning::parallel_scan_from (negative: the default)");
ABSL_FLAG(int64_t, cells_from, -1,
          "SearchTuning::cells_from (negative: the default), to compare the ways a search reads");
ABSL_FLAG(int64_t, estimate_total_from, -1,
          "SearchTuning::estimate_total_from (negative: the default)");
ABSL_FLAG(int, new_windows, 24,
          "client windows never searched before, each timed on its first search and again");
ABSL_FLAG(std::string, view, "full",
          "the pages' view (talent.v1.CandidateMatchView): full (the default) or basic");

// Under callgrind with --instr-atstart=no, instrumentation starts once the pool is built (a
// no-op otherwise), so that building a million candidates runs at valgrind's uninstrumented
// speed.
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define MERIDIAN_START_INSTRUMENTATION() CALLGRIND_START_INSTRUMENTATION
#else
#define MERIDIAN_START_INSTRUMENTATION() \
  do {                                   \
  } while (false)
#endif

namespace meridian::bench {
namespace {

using Clock = std::chrono::steady_clock;

// This thread's CPU time, in seconds.
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

talent::SearchQuery ToQuery(const BenchQuery& query, const SkillVocabulary& vocabulary,
                            const char* zone = nullptr, const char* start = "09:00",
                            const char* end = "17:00") {
  common::v1::WorkingHours hours;
  hours.set_time_zone(zone != nullptr ? zone
                                      : kClientWindows[static_cast<size_t>(query.client)].zone);
  hours.set_start(start);
  hours.set_end(end);
  talent::SearchQuery out(*talent::WeeklyHours::From(hours));
  for (const BenchQuery::Need& need : query.required) {
    out.required.push_back({vocabulary.ids[static_cast<size_t>(need.skill)], need.min_level, 0});
  }
  out.min_overlap_hours = query.min_overlap_hours;
  if (query.budget_units) {
    out.budget_usd = query.budget_usd;
    out.budget_currency = query.budget_currency;
    out.budget_units = *query.budget_units;
  }
  out.min_english = query.min_english;
  if (query.available_by_day)
    out.available_by = absl::CivilDay(1970, 1, 1) + *query.available_by_day;
  for (const std::string& country : query.excluded_countries)
    out.excluded_countries.insert(country);
  out.reference_date = ReferenceDay();
  out.usd_per_unit = {{"USD", 1.0}, {"EUR", 1.08}, {"BRL", 0.20}, {"INR", 0.012}};
  return out;
}

// What the service does with the engine's page, up to the bytes it hands gRPC: the page
// written straight into its encoding in the query's view (search_proto/explain.h), into a
// string of its own as the service's is. Out of line, so that callgrind can count it alone
// (--toggle-collect='*ServePage*').
[[gnu::noinline]] void ServePage(const talent::SearchResult& result,
                                 const talent::SearchQuery& query, std::string& wire) {
  std::string page;
  talent::EncodeSearchPage(result, query, /*next_page_token=*/"", page);
  wire = std::move(page);
}

// Called when a query class is done: under callgrind, --dump-after='*ClassDone*' then writes
// one profile per class.
[[gnu::noinline]] void ClassDone(const char* name) { asm volatile("" : : "r"(name) : "memory"); }

int Main() {
  const int64_t n = absl::GetFlag(FLAGS_candidates);
  talent::v1::CandidateMatchView view = talent::v1::FULL;
  if (!talent::v1::CandidateMatchView_Parse(absl::AsciiStrToUpper(absl::GetFlag(FLAGS_view)),
                                            &view) ||
      view == talent::v1::CANDIDATE_MATCH_VIEW_UNSPECIFIED) {
    std::fprintf(stderr, "--view must be full or basic\n");
    return 2;
  }
  if (n < 1 || absl::GetFlag(FLAGS_queries) < 1) {
    std::fprintf(stderr, "--candidates and --queries must be at least 1\n");
    return 2;
  }
  PoolGenerator pool(absl::GetFlag(FLAGS_seed), 1000);
  talent::SearchTuning tuning;
  if (absl::GetFlag(FLAGS_parallel_scan_from) >= 0) {
    tuning.parallel_scan_from = static_cast<size_t>(absl::GetFlag(FLAGS_parallel_scan_from));
  }
  if (absl::GetFlag(FLAGS_cells_from) >= 0) {
    tuning.cells_from = static_cast<size_t>(absl::GetFlag(FLAGS_cells_from));
  }
  if (absl::GetFlag(FLAGS_estimate_total_from) >= 0) {
    tuning.estimate_total_from = static_cast<size_t>(absl::GetFlag(FLAGS_estimate_total_from));
  }
  talent::SearchIndex index(/*min_compaction_changes=*/4096, tuning);
  {
    const Clock::time_point start = Clock::now();
    GeneratedCandidate generated;
    // Candidate `i` of the pool, as the talent service stores it (its body is proto JSON).
    const auto candidate_at = [&](int64_t i) -> std::optional<talent::v1::Candidate> {
      pool.Generate(i, generated);
      talent::v1::Candidate candidate;
      if (!google::protobuf::util::JsonStringToMessage(pool.BodyJson(generated), &candidate).ok()) {
        std::fprintf(stderr, "candidate %lld does not parse\n", static_cast<long long>(i));
        return std::nullopt;
      }
      candidate.set_name("candidates/" + generated.id);
      return candidate;
    };
    talent::SearchIndex::Builder builder;
    talent::CandidateInput input;
    for (int64_t i = 0; i < n; ++i) {
      std::optional<talent::v1::Candidate> candidate = candidate_at(i);
      if (!candidate) return 1;
      talent::FillInput(*candidate, input);
      builder.Add(input);
    }
    index.Load(std::move(builder));
    // The updates in batches of 100, as the index follower applies them; the CPU time of the
    // Apply calls alone (this thread's: the machine's other load does not count) says what a
    // batch costs as the delta grows towards compaction.
    std::vector<talent::v1::Candidate> upserts;
    double apply_cpu_s = 0;
    int batches = 0;
    const auto apply = [&] {
      const double before = ThreadCpuSeconds();
      index.Apply(talent::InputsOf(upserts), {});
      apply_cpu_s += ThreadCpuSeconds() - before;
      ++batches;
      upserts.clear();
    };
    for (int64_t i = 0; i < absl::GetFlag(FLAGS_updates); ++i) {
      std::optional<talent::v1::Candidate> candidate = candidate_at(i * 7 % n);
      if (!candidate) return 1;
      upserts.push_back(std::move(*candidate));
      if (upserts.size() == 100) apply();
    }
    if (!upserts.empty()) apply();
    if (batches > 0) {
      std::printf("applied %d updates in %d batches: %.3f s of CPU, %.2f ms a batch\n",
                  absl::GetFlag(FLAGS_updates), batches, apply_cpu_s, 1000 * apply_cpu_s / batches);
    }
    std::printf("built %zu candidates in %.1f s, %zu bytes each\n", index.size(),
                std::chrono::duration<double>(Clock::now() - start).count(),
                index.ApproximateBytes() / std::max<size_t>(1, index.size()));
    std::fflush(stdout);
  }
  MERIDIAN_START_INSTRUMENTATION();
  if (const int roles = absl::GetFlag(FLAGS_alert_roles); roles > 0) {
    // The roles bench/alerts.cc serves talent_server (bench/roles.h).
    RoleShape shape = RoleShape::kOpenings;
    if (!ParseRoleShape(absl::GetFlag(FLAGS_alert_role_shape), &shape)) {
      std::fprintf(stderr, "--alert_role_shape must be openings or search_mix\n");
      return 2;
    }
    std::vector<talent::SearchQuery> queries;
    for (const BenchRole& role :
         GenerateBenchRoles(pool.vocabulary(), absl::GetFlag(FLAGS_seed), roles, shape)) {
      queries.push_back(ToQuery(role.query, pool.vocabulary(), role.zone, role.start, role.end));
      queries.back().page_size = 1;
    }
    std::vector<const talent::SearchQuery*> pointers;
    for (const talent::SearchQuery& query : queries) pointers.push_back(&query);
    std::vector<double> micros;
    int64_t matched = 0;
    int64_t above = 0;
    GeneratedCandidate generated;
    for (int k = 0; k < absl::GetFlag(FLAGS_alert_candidates); ++k) {
      pool.Generate(static_cast<int64_t>(k) * 7919 % n, generated);
      const Clock::time_point start = Clock::now();
      const std::vector<talent::SearchIndex::QueryMatch> met =
          index.MatchOne(generated.id, pointers);
      micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      for (const talent::SearchIndex::QueryMatch& one : met) {
        ++matched;
        if (one.result.matches.front().score >= 80) ++above;
      }
    }
    std::sort(micros.begin(), micros.end());
    std::printf(
        "alerts       %d roles: per candidate mean %9.1f us  p50 %9.1f us  p99 %9.1f us; roles met "
        "per candidate %.2f, of which at 80 or more %.2f\n",
        roles,
        std::accumulate(micros.begin(), micros.end(), 0.0) / static_cast<double>(micros.size()),
        micros[micros.size() / 2], micros[micros.size() * 99 / 100],
        static_cast<double>(matched) / static_cast<double>(micros.size()),
        static_cast<double>(above) / static_cast<double>(micros.size()));
  }
  for (int c = 0; c < kQueryClasses; ++c) {
    if (!absl::GetFlag(FLAGS_only_class).empty() &&
        absl::GetFlag(FLAGS_only_class) != kQueryClassNames[c]) {
      continue;
    }
    QueryMix mix(pool.vocabulary(), absl::GetFlag(FLAGS_seed), 1);
    std::vector<double> micros;
    std::vector<double> search_micros;
    std::vector<double> page_micros;
    double hits = 0;
    double read = 0;
    double matches = 0;
    double bytes = 0;
    double parse_micros = 0;
    uint64_t digest = 14695981039346656037ull;  // FNV-1a of every page's bytes
    std::string wire;
    for (int q = 0; q < absl::GetFlag(FLAGS_queries); ++q) {
      talent::SearchQuery query = ToQuery(mix.Next(static_cast<QueryClass>(c)), pool.vocabulary());
      query.explain = view != talent::v1::BASIC;  // as the service asks
      // The search, then its page as the service builds, encodes and frees it.
      const Clock::time_point start = Clock::now();
      {
        const talent::SearchResult result = index.Search(query);
        const Clock::time_point searched = Clock::now();
        ServePage(result, query, wire);
        const Clock::time_point served = Clock::now();
        search_micros.push_back(
            std::chrono::duration<double, std::micro>(searched - start).count());
        page_micros.push_back(std::chrono::duration<double, std::micro>(served - searched).count());
        hits += result.total_size;
        read += static_cast<double>(result.read);
        matches += static_cast<double>(result.matches.size());
      }
      micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
      // What the client adds: reading the page back.
      const Clock::time_point parse_start = Clock::now();
      {
        talent::v1::SearchCandidatesResponse parsed;
        if (!parsed.ParseFromString(wire)) return 1;
      }
      parse_micros += std::chrono::duration<double, std::micro>(Clock::now() - parse_start).count();
      bytes += static_cast<double>(wire.size());
      for (const char byte : wire)
        digest = (digest ^ static_cast<uint8_t>(byte)) * 1099511628211ull;
    }
    const auto p50 = [](std::vector<double>& values) {
      std::sort(values.begin(), values.end());
      return values[values.size() / 2];
    };
    const double count = static_cast<double>(micros.size());
    const double mean = std::accumulate(micros.begin(), micros.end(), 0.0) / count;
    const double p50_all = p50(micros);
    const double p99_all = micros[micros.size() * 99 / 100];
    std::printf(
        "%-12s p50 %9.1f us  p99 %9.1f us  mean %9.1f us  (search p50 %8.1f us, page p50 %6.1f "
        "us)  hits %9.0f  read %8.0f  matches %4.1f  response %6.0f B (parse %5.1f us)  pages "
        "%016llx\n",
        kQueryClassNames[c], p50_all, p99_all, mean, p50(search_micros), p50(page_micros),
        hits / count, read / count, matches / count, bytes / count, parse_micros / count,
        static_cast<unsigned long long>(digest));
    ClassDone(kQueryClassNames[c]);
  }
  if (const int windows = absl::GetFlag(FLAGS_new_windows); windows > 0) {
    // A client's first search (a new zone, start or day) computes its window's overlap with
    // every working-hours group of the pool; later searches find it cached.
    static const char* const kZones[] = {
        "America/Los_Angeles", "America/Chicago",  "America/Sao_Paulo", "Europe/London",
        "Europe/Paris",        "Europe/Warsaw",    "Asia/Kolkata",      "Asia/Singapore",
        "Asia/Tokyo",          "Australia/Sydney", "Africa/Lagos",      "America/Toronto"};
    static const char* const kStarts[] = {"08:00", "10:00", "07:30", "11:00"};
    QueryMix mix(pool.vocabulary(), absl::GetFlag(FLAGS_seed), 1);
    const BenchQuery shape = mix.Next(QueryClass::kSelective);
    std::vector<double> first;
    std::vector<double> again;
    for (int w = 0; w < windows; ++w) {
      const char* start = kStarts[static_cast<size_t>(w) / std::size(kZones) % std::size(kStarts)];
      const std::string end = absl::StrCat(std::atoi(start) + 8, start + 2);
      const talent::SearchQuery query =
          ToQuery(shape, pool.vocabulary(), kZones[static_cast<size_t>(w) % std::size(kZones)],
                  start, end.c_str());
      for (std::vector<double>* times : {&first, &again}) {
        const Clock::time_point begin = Clock::now();
        const talent::SearchResult result = index.Search(query);
        times->push_back(std::chrono::duration<double, std::micro>(Clock::now() - begin).count());
      }
    }
    std::sort(first.begin(), first.end());
    std::sort(again.begin(), again.end());
    std::printf(
        "new window   %d client windows, a selective search each: first p50 %9.1f us  max "
        "%9.1f us; the same search again p50 %9.1f us\n",
        windows, first[first.size() / 2], first.back(), again[again.size() / 2]);
  }
  return 0;
}

}  // namespace
}  // namespace meridian::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return meridian::bench::Main();
}
