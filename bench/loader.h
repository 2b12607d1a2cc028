// Puts the generated pool into PostgreSQL, fast: the talent service's own table
// (talent.candidates, rows as talent_store writes them), the static SQL baseline's table
// (bench.candidates_sql) and the same-answer baseline's (bench.skill_postings and
// bench.window_overlap, bench/sql_baseline.h), each through COPY ... FREEZE on its own
// connection, with the secondary indexes built afterwards.
//
//   PrepareDatabase(url, pool.vocabulary());     // migrations, tail skills, bench schema
//   LoadTimings timings = LoadPool(url, pool, 1000000, 200);
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bench/pool.h"
#include "nlohmann/json.hpp"

namespace meridian::bench {

// The talent service's lock around the change feed (services/talent/talent_store.cc:
// kCandidateChangesLock, "talent" + 1).
inline constexpr int64_t kCandidateChangesLock = 0x74616c656e740001;

// Applies the migrations, checks that the pool is empty (this program fills the database
// itself and refuses to touch one that holds candidates), adds the tail skills and the probe
// skill to shared.skills and shared.skill_aliases, and creates the baseline's schema `bench`
// (CREATE EXTENSION intarray).
absl::Status PrepareDatabase(const std::string& url, const SkillVocabulary& vocabulary);

struct LoadTimings {
  double generate_and_copy_seconds = 0;  // both COPYs, in parallel, until both committed
  double talent_copy_seconds = 0;
  double baseline_copy_seconds = 0;
  double index_seconds = 0;    // secondary indexes of both tables, two at a time
  double analyze_seconds = 0;  // ANALYZE of both tables
  double total_seconds = 0;
  int64_t talent_table_bytes = 0;    // pg_total_relation_size, indexes included, of
                                     // talent.candidates and talent.searchable_candidates
  int64_t baseline_table_bytes = 0;  // the static baseline's bench.candidates_sql
  int64_t postings_table_bytes = 0;  // the same-answer baseline's bench.skill_postings
  int64_t postings_rows = 0;
  nlohmann::json ToJson() const;
};

// Candidates 0..candidates-1 and `probes` freshness probes (rate kProbeHiddenRate) into
// talent.candidates; the candidates (not the probes) into bench.candidates_sql and
// bench.skill_postings; the overlap of every hours group with each client window of the mix
// into bench.window_overlap.
absl::StatusOr<LoadTimings> LoadPool(const std::string& url, const PoolGenerator& pool,
                                     int64_t candidates, int probes);

// The freshness probes' rates: above the probe search's budget (hidden) or below it.
inline constexpr int64_t kProbeHiddenRate = 9000;
inline constexpr int64_t kProbeVisibleRate = 1000;
inline constexpr int64_t kProbeBudget = 5000;

// Cores, memory, CPU, kernel, and the PostgreSQL server's version and settings.
nlohmann::json MachineFacts(const std::string& url);

}  // namespace meridian::bench
