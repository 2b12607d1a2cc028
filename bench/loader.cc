#include "bench/loader.h"

#include <libpq-fe.h>
#include <sched.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "bench/queries.h"
#include "common/api/contact_rules.h"
#include "common/migrations/migrations.h"
#include "pqxx/pqxx"
#include "services/talent/domain/overlap.h"

namespace meridian::bench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A libpq connection for COPY FROM STDIN, with rows buffered into large writes.
class CopyConnection final {
 public:
  explicit CopyConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string message = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw std::runtime_error(absl::StrCat("cannot connect to PostgreSQL: ", message));
    }
  }
  ~CopyConnection() { PQfinish(conn_); }
  CopyConnection(const CopyConnection&) = delete;
  CopyConnection& operator=(const CopyConnection&) = delete;

  void Exec(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    const std::string message = PQresultErrorMessage(result);
    PQclear(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      throw std::runtime_error(absl::StrCat("`", sql.substr(0, 80), "` failed: ", message));
    }
  }

  std::string QuoteIdentifier(const std::string& name) {
    char* quoted = PQescapeIdentifier(conn_, name.data(), name.size());
    std::string out = quoted;
    PQfreemem(quoted);
    return out;
  }

  void BeginCopy(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    const std::string message = PQresultErrorMessage(result);
    PQclear(result);
    if (status != PGRES_COPY_IN) throw std::runtime_error(absl::StrCat("COPY failed: ", message));
  }

  // Rows go into buffer(); FlushIfFull() sends it once it is large.
  std::string& buffer() { return buffer_; }
  void FlushIfFull() {
    if (buffer_.size() >= kBufferBytes) Flush();
  }

  void EndCopy() {
    Flush();
    if (PQputCopyEnd(conn_, nullptr) != 1) {
      throw std::runtime_error(absl::StrCat("COPY end failed: ", PQerrorMessage(conn_)));
    }
    std::string error;
    while (PGresult* result = PQgetResult(conn_)) {
      if (PQresultStatus(result) != PGRES_COMMAND_OK) error = PQresultErrorMessage(result);
      PQclear(result);
    }
    if (!error.empty()) throw std::runtime_error(absl::StrCat("COPY failed: ", error));
  }

 private:
  static constexpr size_t kBufferBytes = 1 << 20;

  void Flush() {
    if (buffer_.empty()) return;
    if (PQputCopyData(conn_, buffer_.data(), static_cast<int>(buffer_.size())) != 1) {
      throw std::runtime_error(absl::StrCat("COPY data failed: ", PQerrorMessage(conn_)));
    }
    buffer_.clear();
  }

  PGconn* conn_;
  std::string buffer_;
};

// A field in COPY's text format.
void AppendCopyField(std::string& out, absl::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        out.push_back(c);
    }
  }
}

int StateNumber(absl::string_view state) {
  if (state == "AVAILABLE") return 1;
  if (state == "INTERVIEWING") return 2;
  if (state == "PLACED") return 3;
  return 4;
}

void AppendTalentRow(std::string& out, const PoolGenerator& pool, const GeneratedCandidate& c) {
  const std::string phone_key = PhoneKey(c.phone);
  absl::StrAppend(&out, c.id, "\t", c.state, "\t");
  AppendCopyField(out, EmailKey(c.email));
  out.push_back('\t');
  if (phone_key.empty()) {
    out.append("\\N");
  } else {
    out.append(phone_key);
  }
  absl::StrAppend(&out, "\t", c.country, "\t");
  AppendCopyField(out, pool.BodyJson(c));
  out.push_back('\n');
}

// The minimum daily overlap (in minutes for the static baseline's columns, in hours exactly as
// the service has it for the same-answer baseline) of each hours group with each client window
// of the query mix, by the talent service's own overlap rule (services/talent/domain/overlap.h),
// over the searches' horizon: reference date ReferenceDay(), 56 days.
class OverlapTable final {
 public:
  explicit OverlapTable(const PoolGenerator& pool) : pool_(pool) {
    for (const ClientWindow& window : kClientWindows) {
      common::v1::WorkingHours hours;
      hours.set_time_zone(window.zone);
      hours.set_start("09:00");
      hours.set_end("17:00");
      absl::StatusOr<talent::WeeklyHours> parsed = talent::WeeklyHours::From(hours);
      if (!parsed.ok()) throw std::runtime_error(std::string(parsed.status().message()));
      clients_.push_back(*parsed);
    }
  }

  const std::array<int, kClientWindows.size()>& Minutes(int hours_group) {
    auto it = cache_.find(hours_group);
    if (it != cache_.end()) return it->second;
    const std::array<double, kClientWindows.size()>& hours = MinHours(hours_group);
    std::array<int, kClientWindows.size()> minutes{};
    for (size_t i = 0; i < hours.size(); ++i)
      minutes[i] = static_cast<int>(std::lround(hours[i] * 60));
    return cache_.emplace(hours_group, minutes).first->second;
  }

  // The minimum daily overlap in hours, exactly as the service computes it (Overlap::min_hours),
  // of a group with each client window: what the same-answer baseline's window_overlap holds.
  const std::array<double, kClientWindows.size()>& MinHours(int hours_group) {
    auto it = hours_.find(hours_group);
    if (it != hours_.end()) return it->second;
    const PoolGenerator::HoursGroup group = pool_.Group(hours_group);
    common::v1::WorkingHours hours;
    hours.set_time_zone(group.zone);
    hours.set_start(group.start);
    hours.set_end(group.end);
    if (group.six_days) {
      for (int day = common::v1::MONDAY; day <= common::v1::SATURDAY; ++day) {
        hours.add_days(static_cast<common::v1::Weekday>(day));
      }
    }
    absl::StatusOr<talent::WeeklyHours> candidate = talent::WeeklyHours::From(hours);
    if (!candidate.ok()) throw std::runtime_error(std::string(candidate.status().message()));
    std::array<double, kClientWindows.size()> min_hours{};
    for (size_t i = 0; i < clients_.size(); ++i) {
      min_hours[i] = talent::ComputeOverlap(clients_[i], *candidate, ReferenceDay(), 56).min_hours;
    }
    return hours_.emplace(hours_group, min_hours).first->second;
  }

  // The groups seen so far, in order.
  std::vector<int> Groups() const {
    std::vector<int> groups;
    for (const auto& [group, hours] : hours_) groups.push_back(group);
    std::sort(groups.begin(), groups.end());
    return groups;
  }

 private:
  const PoolGenerator& pool_;
  std::vector<talent::WeeklyHours> clients_;
  std::unordered_map<int, std::array<int, kClientWindows.size()>> cache_;
  std::unordered_map<int, std::array<double, kClientWindows.size()>> hours_;
};

void AppendBaselineRow(std::string& out, const GeneratedCandidate& c, OverlapTable& overlaps) {
  absl::StrAppend(&out, c.id, "\t", StateNumber(c.state), "\t", c.country, "\t{");
  bool first = true;
  for (const GeneratedSkill& skill : c.skills) {
    for (int level = 1; level <= skill.level; ++level) {
      absl::StrAppend(&out, first ? "" : ",", SkillLevelCode(skill.skill, level));
      first = false;
    }
  }
  absl::StrAppend(&out, "}\t", absl::StrFormat("%.17g", c.rate_usd), "\t", c.english, "\t",
                  c.available_day, "\t");
  const auto& minutes = overlaps.Minutes(c.hours_group);
  for (const int m : minutes) absl::StrAppend(&out, m, "\t");
  absl::StrAppend(&out, absl::StrFormat("%.2f", c.profile_score), "\n");
}

// The same-answer baseline's postings: one row per (candidate, skill), with the fields its
// filters and score read (bench/sql_baseline.h).
void AppendPostingRows(std::string& out, const GeneratedCandidate& c) {
  const int state = StateNumber(c.state);
  std::string rest = absl::StrCat("\t", state, "\t", c.hours_group, "\t", c.seniority, "\t",
                                  c.english, "\t", c.available_day, "\t",
                                  absl::StrFormat("%.17g", c.rate_usd), "\t", c.country, "\t");
  AppendCopyField(rest, c.display_name);
  absl::StrAppend(&rest, "\t", c.id, "\n");
  for (const GeneratedSkill& skill : c.skills) {
    absl::StrAppend(&out, skill.skill, "\t", skill.level, "\t", skill.years, rest);
  }
}

// Secondary (non-constraint) indexes of a table: name and CREATE statement.
std::vector<std::pair<std::string, std::string>> SecondaryIndexes(pqxx::connection& conn,
                                                                  const std::string& table) {
  pqxx::work tx(conn);
  std::vector<std::pair<std::string, std::string>> indexes;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
           "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = $1::regclass "
           "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
           "ORDER BY i.relname",
           table)) {
    indexes.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
  }
  tx.commit();
  return indexes;
}

std::string BaselineDdl(const std::string& column_list_tail) {
  return absl::StrCat(
      "CREATE TABLE bench.candidates_sql ("
      "id text NOT NULL, "
      "state smallint NOT NULL, "  // 1 AVAILABLE, 2 INTERVIEWING, 3 PLACED, 4 INACTIVE
      "country text NOT NULL, "
      "skills int[] NOT NULL, "  // skill * 8 + level, every level up to the candidate's
      "rate_usd double precision NOT NULL, "
      "english smallint NOT NULL, "
      "available_day int NOT NULL, ",  // days since 1970-01-01; INT_MIN: available now
      column_list_tail, "score real NOT NULL)");
}

constexpr char kPostingsDdl[] =
    "CREATE TABLE bench.skill_postings ("
    "skill int NOT NULL, "  // vocabulary code
    "level smallint NOT NULL, "
    "years smallint NOT NULL, "
    "state smallint NOT NULL, "      // as candidates_sql.state
    "hours_group int NOT NULL, "     // bench.window_overlap.hours_group
    "seniority smallint NOT NULL, "  // common.v1.Seniority
    "english smallint NOT NULL, "    // talent.v1.EnglishLevel
    "available_day int NOT NULL, "   // days since 1970-01-01; INT_MIN: available now
    "rate_usd double precision NOT NULL, "
    "country text NOT NULL, "
    "display_name text COLLATE \"C\" NOT NULL, "  // byte order, as the engine compares
    "id uuid NOT NULL)";                          // uuid order is the id's text order

constexpr char kWindowOverlapDdl[] =
    "CREATE TABLE bench.window_overlap ("
    "client int NOT NULL, "  // index into kClientWindows
    "hours_group int NOT NULL, "
    "min_hours double precision NOT NULL, "  // talent::Overlap::min_hours, exactly
    "PRIMARY KEY (client, hours_group))";

}  // namespace

absl::Status PrepareDatabase(const std::string& url, const SkillVocabulary& vocabulary) {
  absl::StatusOr<int> applied = db::ApplyMigrations(url, db::AllMigrations());
  if (!applied.ok()) return applied.status();
  try {
    pqxx::connection conn(url);
    pqxx::work tx(conn);
    if (tx.exec1("SELECT EXISTS (SELECT 1 FROM talent.candidates) OR "
                 "EXISTS (SELECT 1 FROM talent.submissions)")[0]
            .as<bool>()) {
      return absl::FailedPreconditionError(
          "the database already holds candidates or submissions: the benchmark fills a fresh, "
          "empty database itself (./meridian bench search makes one)");
    }
    std::vector<std::string> canonical;
    for (int i = 0; i < vocabulary.canonical_count; ++i) {
      canonical.push_back(tx.quote(vocabulary.ids[static_cast<size_t>(i)]));
    }
    const int known = tx.exec1(absl::StrCat("SELECT count(*) FROM shared.skills WHERE id IN (",
                                            absl::StrJoin(canonical, ","), ")"))[0]
                          .as<int>();
    if (known != vocabulary.canonical_count) {
      return absl::FailedPreconditionError(
          absl::StrCat("only ", known, " of the ", vocabulary.canonical_count,
                       " canonical skills the generator uses are in shared.skills"));
    }
    std::vector<std::string> rows;
    for (size_t i = static_cast<size_t>(vocabulary.canonical_count); i < vocabulary.ids.size();
         ++i) {
      rows.push_back(absl::StrCat("(", tx.quote(vocabulary.ids[i]), ")"));
    }
    const std::string values = absl::StrJoin(rows, ",");
    tx.exec(absl::StrCat(
        "INSERT INTO shared.skills (id, display_name, category) SELECT id, initcap(replace(id, "
        "'-', ' ')), 'benchmark' FROM (VALUES ",
        values, ") AS v(id) ON CONFLICT DO NOTHING"));
    tx.exec(
        absl::StrCat("INSERT INTO shared.skill_aliases (alias, skill_id) SELECT id, id FROM "
                     "(VALUES ",
                     values, ") AS v(id) ON CONFLICT DO NOTHING"));
    tx.exec("CREATE EXTENSION IF NOT EXISTS intarray");
    tx.exec("DROP SCHEMA IF EXISTS bench CASCADE");
    tx.exec("CREATE SCHEMA bench");
    tx.commit();
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("preparing the database: ", e.what()));
  }
  return absl::OkStatus();
}

absl::StatusOr<LoadTimings> LoadPool(const std::string& url, const PoolGenerator& pool,
                                     int64_t candidates, int probes) {
  LoadTimings timings;
  const Clock::time_point start = Clock::now();
  try {
    pqxx::connection conn(url);
    const std::vector<std::pair<std::string, std::string>> talent_indexes =
        SecondaryIndexes(conn, "talent.candidates");

    std::mutex error_mutex;
    std::string error;
    const auto fail = [&](const std::exception& e) {
      std::lock_guard lock(error_mutex);
      if (error.empty()) error = e.what();
    };

    // talent.candidates: emptied and filled in one transaction, so COPY can FREEZE (no
    // vacuum needed afterwards); its secondary indexes are dropped first and built after.
    std::thread talent([&] {
      try {
        const Clock::time_point t0 = Clock::now();
        CopyConnection copy(url);
        copy.Exec("BEGIN");
        copy.Exec(
            "TRUNCATE talent.candidates, talent.candidate_external_ids, talent.submissions, "
            "talent.interviews, talent.scorecards, talent.erasures");
        for (const auto& [name, definition] : talent_indexes) {
          copy.Exec(absl::StrCat("DROP INDEX talent.", copy.QuoteIdentifier(name)));
        }
        // The trigger that keeps talent.searchable_candidates (migration 0018) would run a
        // statement per row; the table is filled once after the COPY instead, from the same
        // view the trigger reads (the TRUNCATE above emptied it too).
        copy.Exec("ALTER TABLE talent.candidates DISABLE TRIGGER searchable_candidates_sync");
        copy.BeginCopy(
            "COPY talent.candidates (id, state, email_key, phone_key, country, body) FROM STDIN "
            "WITH (FREEZE)");
        GeneratedCandidate candidate;
        for (int64_t i = 0; i < candidates; ++i) {
          pool.Generate(i, candidate);
          AppendTalentRow(copy.buffer(), pool, candidate);
          copy.FlushIfFull();
        }
        for (int k = 0; k < probes; ++k) {
          pool.GenerateProbe(k, kProbeHiddenRate, candidate);
          AppendTalentRow(copy.buffer(), pool, candidate);
        }
        copy.EndCopy();
        copy.Exec(
            "INSERT INTO talent.searchable_candidates "
            "SELECT * FROM talent.searchable_candidate_fields");
        copy.Exec("ALTER TABLE talent.candidates ENABLE TRIGGER searchable_candidates_sync");
        copy.Exec("COMMIT");
        timings.talent_copy_seconds = SecondsSince(t0);
      } catch (const std::exception& e) {
        fail(e);
      }
    });
    std::thread baseline([&] {
      try {
        const Clock::time_point t0 = Clock::now();
        CopyConnection copy(url);
        std::string overlap_columns;
        for (const ClientWindow& window : kClientWindows) {
          // The minimum daily overlap, in minutes, with a 09:00-17:00 client in this zone.
          absl::StrAppend(&overlap_columns, "overlap_", window.name, " smallint NOT NULL, ");
        }
        copy.Exec("BEGIN");
        copy.Exec(BaselineDdl(overlap_columns));
        copy.BeginCopy("COPY bench.candidates_sql FROM STDIN WITH (FREEZE)");
        // The same-answer baseline's postings, from the same generated candidates, side by
        // side on a second connection.
        CopyConnection postings(url);
        postings.Exec("BEGIN");
        postings.Exec(kPostingsDdl);
        postings.BeginCopy("COPY bench.skill_postings FROM STDIN WITH (FREEZE)");
        OverlapTable overlaps(pool);
        GeneratedCandidate candidate;
        for (int64_t i = 0; i < candidates; ++i) {
          pool.Generate(i, candidate);
          AppendBaselineRow(copy.buffer(), candidate, overlaps);
          copy.FlushIfFull();
          AppendPostingRows(postings.buffer(), candidate);
          postings.FlushIfFull();
        }
        copy.EndCopy();
        postings.EndCopy();
        postings.Exec("COMMIT");
        // Per client window of the mix, the overlap of every group the pool uses.
        copy.Exec(kWindowOverlapDdl);
        copy.BeginCopy("COPY bench.window_overlap FROM STDIN WITH (FREEZE)");
        for (const int group : overlaps.Groups()) {
          const auto& hours = overlaps.MinHours(group);
          for (size_t client = 0; client < hours.size(); ++client) {
            absl::StrAppend(&copy.buffer(), client, "\t", group, "\t",
                            absl::StrFormat("%.17g", hours[client]), "\n");
          }
        }
        copy.EndCopy();
        copy.Exec("COMMIT");
        timings.baseline_copy_seconds = SecondsSince(t0);
      } catch (const std::exception& e) {
        fail(e);
      }
    });
    talent.join();
    baseline.join();
    if (!error.empty()) return absl::InternalError(absl::StrCat("loading the pool: ", error));
    timings.generate_and_copy_seconds = SecondsSince(start);

    // The indexes, two builds at a time (one per core of the machine this was made for).
    std::vector<std::string> statements;
    for (const auto& [name, definition] : talent_indexes) statements.push_back(definition);
    statements.push_back("ALTER TABLE bench.candidates_sql ADD PRIMARY KEY (id)");
    statements.push_back(
        "CREATE INDEX candidates_sql_skills ON bench.candidates_sql USING gin (skills "
        "gin__int_ops)");
    statements.push_back("CREATE INDEX candidates_sql_score ON bench.candidates_sql (score)");
    statements.push_back("CREATE INDEX candidates_sql_country ON bench.candidates_sql (country)");
    statements.push_back("CREATE INDEX candidates_sql_rate ON bench.candidates_sql (rate_usd)");
    // The same-answer baseline's one index: the postings of a skill by level, covering
    // every field its filters and score read, searchable candidates only, so that a query
    // reads the index alone (an index-only scan; the load leaves every page all-visible).
    statements.push_back(
        "CREATE INDEX skill_postings_skill_level ON bench.skill_postings (skill, level) "
        "INCLUDE (years, state, hours_group, seniority, english, available_day, rate_usd, "
        "country, display_name, id) WHERE state IN (1, 2)");
    for (const ClientWindow& window : kClientWindows) {
      statements.push_back(absl::StrCat("CREATE INDEX candidates_sql_overlap_", window.name,
                                        " ON bench.candidates_sql (overlap_", window.name, ")"));
    }
    const Clock::time_point index_start = Clock::now();
    std::atomic<size_t> next{0};
    std::vector<std::thread> builders;
    for (int t = 0; t < 2; ++t) {
      builders.emplace_back([&] {
        try {
          pqxx::connection builder(url);
          pqxx::nontransaction tx(builder);
          tx.exec("SET maintenance_work_mem = '1GB'");
          for (size_t i = next++; i < statements.size(); i = next++) tx.exec(statements[i]);
        } catch (const std::exception& e) {
          fail(e);
        }
      });
    }
    for (std::thread& builder : builders) builder.join();
    if (!error.empty()) return absl::InternalError(absl::StrCat("building indexes: ", error));
    timings.index_seconds = SecondsSince(index_start);

    const Clock::time_point analyze_start = Clock::now();
    pqxx::nontransaction tx(conn);
    tx.exec("ANALYZE talent.candidates");
    tx.exec("ANALYZE talent.candidate_changes");
    // Filled by INSERT, not COPY FREEZE: vacuumed as autovacuum would have done by the time a
    // server restarts on it.
    tx.exec("VACUUM (ANALYZE) talent.searchable_candidates");
    tx.exec("ANALYZE bench.candidates_sql");
    // VACUUM too: the visibility map an index-only scan relies on, whatever COPY FREEZE set.
    tx.exec("VACUUM (ANALYZE) bench.skill_postings");
    tx.exec("ANALYZE bench.window_overlap");
    timings.analyze_seconds = SecondsSince(analyze_start);
    // The narrow table the index loads from is talent's too.
    const pqxx::row talent_bytes = tx.exec1(
        "SELECT pg_total_relation_size('talent.candidates') + "
        "pg_total_relation_size('talent.searchable_candidates')");
    timings.talent_table_bytes = talent_bytes[0].as<int64_t>();
    timings.baseline_table_bytes =
        tx.exec1("SELECT pg_total_relation_size('bench.candidates_sql')")[0].as<int64_t>();
    timings.postings_table_bytes =
        tx.exec1("SELECT pg_total_relation_size('bench.skill_postings')")[0].as<int64_t>();
    timings.postings_rows =
        tx.exec1(
              "SELECT reltuples::bigint FROM pg_class WHERE oid = 'bench.skill_postings'::regclass")
            [0]
                .as<int64_t>();
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("loading the pool: ", e.what()));
  }
  timings.total_seconds = SecondsSince(start);
  return timings;
}

nlohmann::json LoadTimings::ToJson() const {
  const auto round = [](double seconds) { return std::round(seconds * 1000) / 1000; };
  return {{"generate_and_copy_seconds", round(generate_and_copy_seconds)},
          {"talent_copy_seconds", round(talent_copy_seconds)},
          {"baseline_copy_seconds", round(baseline_copy_seconds)},
          {"index_seconds", round(index_seconds)},
          {"analyze_seconds", round(analyze_seconds)},
          {"total_seconds", round(total_seconds)},
          {"talent_table_bytes", talent_table_bytes},
          {"baseline_table_bytes", baseline_table_bytes},
          {"postings_table_bytes", postings_table_bytes},
          {"postings_rows", postings_rows}};
}

nlohmann::json MachineFacts(const std::string& url) {
  nlohmann::json machine;
  machine["nproc"] = sysconf(_SC_NPROCESSORS_ONLN);
  cpu_set_t cpus;
  if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0) machine["cpus_usable"] = CPU_COUNT(&cpus);
  {
    std::ifstream meminfo("/proc/meminfo");
    std::string line;
    while (std::getline(meminfo, line)) {
      int64_t kib = 0;
      if (absl::StartsWith(line, "MemTotal:") &&
          absl::SimpleAtoi(absl::StripAsciiWhitespace(absl::StripSuffix(line.substr(9), "kB")),
                           &kib)) {
        machine["memory_bytes"] = kib * 1024;
      }
    }
  }
  {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
      if (absl::StartsWith(line, "model name")) {
        const size_t colon = line.find(':');
        if (colon != std::string::npos) machine["cpu_model"] = line.substr(colon + 2);
        break;
      }
    }
  }
  utsname name{};
  if (uname(&name) == 0) machine["kernel"] = absl::StrCat(name.sysname, " ", name.release);
  try {
    pqxx::connection conn(url);
    pqxx::nontransaction tx(conn);
    nlohmann::json postgres;
    postgres["version"] = tx.exec1("SHOW server_version")[0].as<std::string>();
    for (const char* setting :
         {"shared_buffers", "work_mem", "maintenance_work_mem", "effective_cache_size", "fsync",
          "synchronous_commit", "jit", "max_parallel_workers_per_gather", "random_page_cost",
          "wal_level", "max_connections"}) {
      postgres[setting] = tx.exec1(absl::StrCat("SHOW ", setting))[0].as<std::string>();
    }
    machine["postgresql"] = postgres;
  } catch (const std::exception& e) {
    machine["postgresql"] = {{"error", e.what()}};
  }
  return machine;
}

}  // namespace meridian::bench
