#include "bench/report.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/queries.h"

namespace meridian::bench {
namespace {

using nlohmann::json;

double Ratio(double numerator, double denominator) {
  if (denominator <= 0) return 0;
  return std::round(numerator / denominator * 100) / 100;
}

double Number(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : 0;
}

std::string Thousands(double value) {
  const int64_t rounded = std::llround(value);
  const std::string digits = absl::StrCat(rounded < 0 ? -rounded : rounded);
  std::string out = rounded < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

std::string Bytes(double bytes) {
  if (bytes >= 1024.0 * 1024 * 1024) return absl::StrFormat("%.1f GiB", bytes / 1024 / 1024 / 1024);
  if (bytes >= 1024.0 * 1024) return absl::StrFormat("%.1f MiB", bytes / 1024 / 1024);
  return absl::StrFormat("%.0f KiB", bytes / 1024);
}

void PrintRow(std::FILE* out, const std::string& label, const json& stats) {
  std::fprintf(out, "  %-28s %10s %10s %10s %10s %9s\n", label.c_str(),
               Thousands(Number(stats, "p50_us")).c_str(),
               Thousands(Number(stats, "p90_us")).c_str(),
               Thousands(Number(stats, "p99_us")).c_str(),
               Thousands(Number(stats, "max_us")).c_str(), Thousands(Number(stats, "qps")).c_str());
}

}  // namespace

namespace {

// `figure` of `sql` over the same of `search`, overall ("all") and per query class.
json ClassRatios(const json& sql, const json& search, const char* figure) {
  json ratios = {{"all", Ratio(Number(sql, figure), Number(search, figure))}};
  for (const char* name : kQueryClassNames) {
    ratios[name] = Ratio(Number(sql.at("classes").at(name), figure),
                         Number(search.at("classes").at(name), figure));
  }
  return ratios;
}

}  // namespace

json Ratios(const json& level) {
  json ratios;
  const json& noop = level.at("noop");
  const json& search = level.at("search");
  const json& sql = level.at("sql_baseline");
  ratios["search_p50_over_noop_p50"] = Ratio(Number(search, "p50_us"), Number(noop, "p50_us"));
  ratios["search_p99_over_noop_p99"] = Ratio(Number(search, "p99_us"), Number(noop, "p99_us"));
  if (const auto basic = level.find("search_basic"); basic != level.end()) {
    ratios["search_basic_p50_over_noop_p50"] =
        Ratio(Number(*basic, "p50_us"), Number(noop, "p50_us"));
    ratios["search_basic_p99_over_noop_p99"] =
        Ratio(Number(*basic, "p99_us"), Number(noop, "p99_us"));
  }
  ratios["sql_p99_over_search_p99"] = ClassRatios(sql, search, "p99_us");
  ratios["sql_p50_over_search_p50"] = ClassRatios(sql, search, "p50_us");
  ratios["search_qps_over_sql_qps"] = Ratio(Number(search, "qps"), Number(sql, "qps"));
  // The same against the static floor (sql_static), where the level has it.
  if (level.contains("sql_static")) {
    const json& floor = level.at("sql_static");
    ratios["sql_static_p99_over_search_p99"] = ClassRatios(floor, search, "p99_us");
    ratios["sql_static_p50_over_search_p50"] = ClassRatios(floor, search, "p50_us");
  }
  return ratios;
}

json Goals(const json& report) {
  json goals = json::array();
  const json& levels = report.at("concurrency");
  const std::vector<int> concurrency = report.at("concurrency_levels").get<std::vector<int>>();
  const std::string lowest = absl::StrCat(concurrency.front());
  const std::string highest = absl::StrCat(concurrency.back());
  const json& low = levels.at(lowest);
  const auto add = [&goals](const std::string& goal, double value, const std::string& target,
                            bool met) {
    goals.push_back({{"goal", goal}, {"value", value}, {"target", target}, {"met", met}});
  };
  const double p50_ratio = Number(low.at("ratios"), "search_p50_over_noop_p50");
  add(absl::StrCat("search p50 (view FULL) / no-op p50 (concurrency ", lowest, ")"), p50_ratio,
      "<= 2", p50_ratio > 0 && p50_ratio <= 2);
  if (low.at("ratios").contains("search_basic_p50_over_noop_p50")) {
    const double basic = Number(low.at("ratios"), "search_basic_p50_over_noop_p50");
    add(absl::StrCat("search p50 (view BASIC) / no-op p50 (concurrency ", lowest, ")"), basic,
        "<= 1.5", basic > 0 && basic <= 1.5);
  }
  for (const char* name : kQueryClassNames) {
    const double ratio = Number(low.at("ratios").at("sql_p99_over_search_p99"), name);
    const bool selective = std::string(name) == "selective";
    // Against the same-answer baseline: a database that returns the same page.
    add(absl::StrCat("same-answer SQL p99 / search p99, ", name, " (concurrency ", lowest, ")"),
        ratio, selective ? ">= 1" : ">= 20", ratio >= (selective ? 1 : 20));
  }
  const double qps = Number(levels.at(highest).at("search"), "qps");
  add(absl::StrCat("searches per second (concurrency ", highest, ")"), qps, ">= 1000", qps >= 1000);
  const double bytes = Number(report, "index_bytes_per_candidate");
  add("index bytes per candidate (RSS)", bytes, "<= 200", bytes > 0 && bytes <= 200);
  const double fresh = Number(report.at("freshness"), "p99_ms");
  add("freshness p99 ms (under the update stream)", fresh, "<= 1000",
      fresh > 0 && fresh <= 1000 && Number(report.at("freshness"), "unseen") == 0);
  return goals;
}

void PrintTable(const json& report, std::FILE* out) {
  const json& machine = report.at("machine");
  const json& pg = machine.value("postgresql", json::object());
  std::fprintf(out, "\nMeridian search benchmark: %s candidates (+%d freshness probes), seed %s\n",
               Thousands(Number(report, "candidates")).c_str(), report.value("probe_candidates", 0),
               report.at("seed").dump().c_str());
  std::fprintf(out, "machine: %s cores, %s RAM, %s\n", machine.at("nproc").dump().c_str(),
               Bytes(Number(machine, "memory_bytes")).c_str(),
               machine.value("cpu_model", std::string("?")).c_str());
  std::fprintf(
      out,
      "PostgreSQL %s: fsync=%s synchronous_commit=%s shared_buffers=%s work_mem=%s "
      "jit=%s max_parallel_workers_per_gather=%s\n",
      pg.value("version", std::string("?")).c_str(), pg.value("fsync", std::string("?")).c_str(),
      pg.value("synchronous_commit", std::string("?")).c_str(),
      pg.value("shared_buffers", std::string("?")).c_str(),
      pg.value("work_mem", std::string("?")).c_str(), pg.value("jit", std::string("?")).c_str(),
      pg.value("max_parallel_workers_per_gather", std::string("?")).c_str());

  const json& load = report.at("data_load");
  const json& index = report.at("index");
  std::fprintf(out, "\nLoad\n");
  std::fprintf(out,
               "  generate + COPY                  %8.1f s  (talent.candidates %.1f s and "
               "the SQL baselines' tables %.1f s, in parallel)\n",
               Number(load, "generate_and_copy_seconds"), Number(load, "talent_copy_seconds"),
               Number(load, "baseline_copy_seconds"));
  std::fprintf(out,
               "  secondary indexes, ANALYZE       %8.1f s  (tables: talent %s, static %s, "
               "postings %s)\n",
               Number(load, "index_seconds") + Number(load, "analyze_seconds"),
               Bytes(Number(load, "talent_table_bytes")).c_str(),
               Bytes(Number(load, "baseline_table_bytes")).c_str(),
               Bytes(Number(load, "postings_table_bytes")).c_str());
  std::fprintf(out, "  index load, start to SERVING     %8.1f s  (server's own log: %.1f s)\n",
               Number(report, "load_seconds"), Number(index, "server_log_seconds"));
  std::fprintf(
      out,
      "  index memory                     %8.0f B/candidate (RSS %s loaded - %s empty; "
      "server's estimate %.0f B)\n",
      Number(report, "index_bytes_per_candidate"), Bytes(Number(index, "rss_loaded_bytes")).c_str(),
      Bytes(Number(index, "rss_empty_bytes")).c_str(), Number(index, "server_bytes_per_candidate"));

  for (const int level : report.at("concurrency_levels").get<std::vector<int>>()) {
    const json& results = report.at("concurrency").at(absl::StrCat(level));
    std::fprintf(out, "\nConcurrency %d, %.0f s per phase (closed loop)\n", level,
                 Number(report, "seconds_per_phase"));
    std::fprintf(out, "  %-28s %10s %10s %10s %10s %9s\n", "", "p50 us", "p90 us", "p99 us",
                 "max us", "QPS");
    PrintRow(out, "no-op (health Check)", results.at("noop"));
    for (const auto& [key, label] : {std::pair<const char*, const char*>{"search", "search"},
                                     {"sql_baseline", "SQL same answer"},
                                     {"sql_static", "SQL static floor"}}) {
      if (!results.contains(key)) continue;
      const json& phase = results.at(key);
      PrintRow(out, absl::StrCat(label, " (all)"), phase);
      for (const char* name : kQueryClassNames) {
        const json& c = phase.at("classes").at(name);
        const double hits =
            Number(c, key == std::string("search") ? "mean_total_size" : "mean_rows");
        PrintRow(out, absl::StrFormat("  %-11s (%s hits)", name, Thousands(hits)), c);
      }
      if (Number(phase, "errors") > 0) {
        std::fprintf(out, "  !! %s errors; first: %s\n", Thousands(Number(phase, "errors")).c_str(),
                     phase.value("first_error", std::string()).c_str());
      }
    }
    if (results.contains("search_basic")) {
      const json& basic = results.at("search_basic");
      PrintRow(out, "search BASIC view (all)", basic);
      for (const char* name : kQueryClassNames) {
        PrintRow(out, absl::StrFormat("  %-11s", name), basic.at("classes").at(name));
      }
      std::fprintf(out, "  search BASIC p50 / no-op p50 = %.2f (view FULL above: %.2f)\n",
                   Number(results.at("ratios"), "search_basic_p50_over_noop_p50"),
                   Number(results.at("ratios"), "search_p50_over_noop_p50"));
    }
    if (results.at("noop").contains("server_cpu_us_per_call")) {
      // What a call costs the machine beside its latency: talent_server's CPU and the clients'.
      std::string line = "  CPU a call, talent_server / clients (us):";
      for (const auto& [key, label] : {std::pair<const char*, const char*>{"noop", "no-op"},
                                       {"search", "search FULL"},
                                       {"search_basic", "search BASIC"}}) {
        if (!results.contains(key) || !results.at(key).contains("server_cpu_us_per_call")) continue;
        absl::StrAppend(&line, " ", label, " ",
                        Thousands(Number(results.at(key), "server_cpu_us_per_call")), " / ",
                        Thousands(Number(results.at(key), "client_cpu_us_per_call")), ";");
      }
      line.back() = '\n';
      std::fputs(line.c_str(), out);
    }
    const json& ratios = results.at("ratios");
    const json& p99 = ratios.at("sql_p99_over_search_p99");
    std::fprintf(out,
                 "  search p50 / no-op p50 = %.2f;  SQL same-answer p99 / search p99: all %.2f, "
                 "selective %.2f, mid %.2f, unselective %.2f\n",
                 Number(ratios, "search_p50_over_noop_p50"), Number(p99, "all"),
                 Number(p99, "selective"), Number(p99, "mid"), Number(p99, "unselective"));
    if (ratios.contains("sql_static_p99_over_search_p99")) {
      const json& floor = ratios.at("sql_static_p99_over_search_p99");
      std::fprintf(out,
                   "  SQL static floor p99 / search p99: all %.2f, selective %.2f, mid %.2f, "
                   "unselective %.2f\n",
                   Number(floor, "all"), Number(floor, "selective"), Number(floor, "mid"),
                   Number(floor, "unselective"));
    }
    const json& sql = results.at("sql_baseline");
    if (sql.contains("agreement_check")) {
      const json& check = sql.at("agreement_check");
      std::fprintf(out,
                   "  same-answer pages equal to the engine's: %s of %s runs (agreement %.4f; "
                   "%s distinct queries, %s with matches)%s\n",
                   Thousands(Number(check, "agreed_runs")).c_str(),
                   Thousands(Number(check, "runs")).c_str(), Number(check, "agreement"),
                   Thousands(Number(check, "distinct_queries")).c_str(),
                   Thousands(Number(check, "nonempty_distinct_queries")).c_str(),
                   check.contains("first_disagreement") ? "  !! DISAGREES" : "");
    }
  }

  const json& fresh = report.at("freshness");
  std::fprintf(
      out,
      "\nFreshness (%.0f updates/s for %.0f s, achieved %.1f/s): p50 %.1f ms, p99 %.1f "
      "ms, max %.1f ms\n  (%s updates, %s measured, %s superseded, %s unseen; probe "
      "search p50 %s us)\n",
      Number(fresh, "update_rate_target_per_s"), Number(fresh, "seconds"),
      Number(fresh, "update_rate_per_s"), Number(fresh, "p50_ms"), Number(fresh, "p99_ms"),
      Number(fresh, "max_ms"), Thousands(Number(fresh, "updates")).c_str(),
      Thousands(Number(fresh, "measured")).c_str(), Thousands(Number(fresh, "superseded")).c_str(),
      Thousands(Number(fresh, "unseen")).c_str(), Thousands(Number(fresh, "poll_p50_us")).c_str());
  if (fresh.contains("error")) {
    std::fprintf(out, "  !! %s\n", fresh.at("error").get<std::string>().c_str());
  }

  for (const auto& [key, title] :
       {std::pair<const char*, const char*>{"sql_baseline_plans", "SQL same-answer plans"},
        {"sql_static_plans", "SQL static floor plans"}}) {
    if (!report.contains(key)) continue;
    std::fprintf(out, "\n%s (first query of each class)\n", title);
    for (const char* name : kQueryClassNames) {
      if (!report[key].contains(name)) continue;
      std::fprintf(out, "  %-12s %s\n", name,
                   report[key][name].value("plan", std::string()).c_str());
    }
  }

  const json& agreement = report.at("filter_agreement");
  std::fprintf(out,
               "\nSame hard filters: search total_size = SQL count(*) for %d of %d checked "
               "queries (%d of them estimated, within 5%%; the worst off by %.1f%%)\n",
               agreement.value("agreed", 0), agreement.value("checked", 0),
               agreement.value("estimated", 0), 100 * agreement.value("worst_estimate_error", 0.0));

  std::fprintf(out, "\nGoals (issue 5 §4, stated for 1,000,000 candidates%s)\n",
               Number(report, "candidates") == 1000000 ? "" : "; this run has another size");
  for (const json& goal : report.at("goals")) {
    std::fprintf(out, "  %-62s %10.2f  %-7s %s\n", goal.at("goal").get<std::string>().c_str(),
                 goal.at("value").get<double>(), goal.at("target").get<std::string>().c_str(),
                 goal.at("met").get<bool>() ? "met" : "NOT met");
  }
  std::fprintf(out, "\n");
}

}  // namespace meridian::bench
