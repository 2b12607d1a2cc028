// The same-answer SQL baseline (issue 15 part 1): what a skilled engineer would ship on
// PostgreSQL 15 to answer the search mix exactly as the talent engine does, the same page in
// the same order, and the check that it does, page by page, on every query a phase runs.
//
// Its tables (filled by bench/loader.h): bench.skill_postings, one row per (candidate,
// skill) with the fields the filters and the score read, under one covering btree on
// (skill, level) for searchable candidates; bench.window_overlap, per client window and
// hours group the minimum daily overlap in hours by the service's own rule. Its statements:
// one prepared statement per query class that filters, computes the engine's score in SQL
// (services/talent/search/scoring.cc, factor by factor, in the same floating-point steps) and
// returns ORDER BY score DESC, display_name, id LIMIT page.
//
//   PageLog log;
//   RunPhase(8, options, [&](int) { return MakeSameAnswerClient(url, &log); });
//   EnginePages engine(address, pool.vocabulary());
//   nlohmann::json agreement = CheckAgreement(log, engine);   // {"agreement": 1, ...}
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bench/phases.h"
#include "bench/pool.h"
#include "bench/queries.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "nlohmann/json.hpp"

namespace meridian::bench {

// A few lines for the JSON's sql_baseline_design.
extern const char kSameAnswerDesign[];

// One match of a page: the candidate's id (no "candidates/"), display name and score.
struct PageEntry {
  std::string id;
  std::string display_name;
  double score = 0;
  bool operator==(const PageEntry& other) const {
    return id == other.id && display_name == other.display_name && score == other.score;
  }
};
using Page = std::vector<PageEntry>;

// What identifies a query of the mix (every field the request and the statement read).
std::string QueryKey(const BenchQuery& query);

// Every page the same-answer baseline returned in a phase, by distinct query: each distinct
// page with how many runs returned it (one page per query unless the database answered the
// same question two ways). Clients fill their own and merge it here when they are destroyed.
class PageLog final {
 public:
  struct Variant {
    Page page;
    int64_t runs = 0;
  };
  struct Entry {
    BenchQuery query;
    std::vector<Variant> variants;
  };
  using Map = std::map<std::string, Entry>;

  static void Record(Map& map, const BenchQuery& query, Page page);
  void Merge(const Map& map);
  const Map& entries() const { return entries_; }

 private:
  std::mutex mutex_;
  Map entries_;
};

// One client thread of the same-answer phase: prepared statements on two connections
// (selective on one that lets PostgreSQL keep a generic plan, mid and unselective on one that
// plans each execution for its values), parallel query allowed. Each page is read and logged
// in the next Prepare, outside the timed call.
// `score_offset_for_tests` is added to every score read (a wrong baseline, to show that the
// check catches one).
std::unique_ptr<PhaseClient> MakeSameAnswerClient(const std::string& database_url, PageLog* log,
                                                  int parallel_workers,
                                                  double score_offset_for_tests = 0);

// The plan PostgreSQL uses for the first query of each class of thread 0's stream, after
// six executions of its prepared statement (so a generic plan shows when it would be used).
nlohmann::json SameAnswerPlans(const std::string& database_url, const SkillVocabulary& vocabulary,
                               uint64_t seed, int parallel_workers);

// The engine's page for a query: SearchCandidates with the same criteria and page size,
// fetched once per distinct query and kept.
class EnginePages final {
 public:
  EnginePages(const std::string& address, const SkillVocabulary& vocabulary);
  // Fails (an exception) when the call fails.
  const Page& Get(const BenchQuery& query);
  int64_t calls() const { return calls_; }

 private:
  std::unique_ptr<talent::v1::TalentService::Stub> stub_;
  const SkillVocabulary& vocabulary_;
  std::map<std::string, Page> pages_;
  int64_t calls_ = 0;
};

// Whether the baseline's page is the engine's: the same candidates in the same order, scores
// within 0.01.
bool SamePage(const Page& engine, const Page& sql);

// Every run of the log against the engine: {"agreement": agreed runs / runs, "runs",
// "agreed_runs", "distinct_queries", "nonempty_distinct_queries", "engine_calls",
// "first_disagreement": {...} when one disagrees}.
nlohmann::json CheckAgreement(const PageLog& log, EnginePages& engine);

// The shape of an EXPLAIN (FORMAT JSON) plan on one line: "Limit > Sort > Hash Join > [Index
// Only Scan (skill_postings_skill_level); Hash > Seq Scan]", with parallel workers and
// backward scans named (the benchmark reports one per query class and baseline).
std::string PlanShape(const nlohmann::json& node);

}  // namespace meridian::bench
