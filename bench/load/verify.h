// The ledger against the database after a run: every acknowledged write is there exactly once
// with what was written, each request_id maps to one resource, and a sample of the creates
// sent again with their request_id brings back the same resource and adds no row. A write of
// unknown outcome (the tool gave up on it under faults) is there at most once, and every
// candidate and submission the run made (found by the run's email domain) is in the ledger.
// Every acknowledged create of a role, candidate or submission has exactly one
// "<resource>.created" event in the event feed (events.events: the outbox webhooks read).
//
//   absl::StatusOr<std::vector<LedgerEntry>> entries = ReadLedger(path);
//   VerifyReport report = Verify(*entries, {.database_url = url, .endpoints = endpoints,
//                                           .keys = keys, .replays = 50});
//   if (!report.ok()) ... report.ToJson()["problems"] says what is wrong
//
// Reads the services' tables directly (parameterised SQL through libpqxx): talent.candidates,
// talent.submissions, intake.clients and intake.roles, placement.placements and
// placement.check_ins, and access.served_requests (where every served request_id is kept).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/load/ledger.h"
#include "bench/load/workload.h"
#include "nlohmann/json.hpp"

namespace meridian::bench::load {

struct VerifyOptions {
  std::string database_url;
  // For the replays; no keys, no replays.
  Endpoints endpoints;
  std::vector<KeyUse> keys;
  int replays = 50;
  // Also look for each create's event (needs the events schema: the intake service's).
  bool check_events = true;
  // Also compare the search index with the database (running services, a staff key): every
  // searchable candidate found by search exactly once, each with its row's fields.
  bool check_index = false;
};

struct VerifyReport {
  int64_t entries = 0;
  int64_t checked = 0;              // entries found exactly once with what was written
  int64_t missing = 0;              // no row
  int64_t duplicated = 0;           // the row (or its email, submission...) more than once
  int64_t mismatched = 0;           // found, but not as written (or a later write is lost)
  int64_t request_id_problems = 0;  // not kept once, or kept for another resource
  int64_t replayed = 0;
  int64_t replay_problems = 0;   // another resource, an error, or a row added
  int64_t unknown = 0;           // entries of unknown outcome
  int64_t unknown_written = 0;   // of those, found in the database (once)
  int64_t unknown_problems = 0;  // written (or its request_id served) more than once
  int64_t orphans = 0;           // the run's candidates and submissions with no ledger entry
  int64_t event_problems = 0;    // an acknowledged create without exactly one "*.created" event
  int64_t index_checked = 0;     // searchable candidates found by search, equal to their row
  int64_t index_problems = 0;    // a search failed, or one missing, extra, twice or different
  std::vector<std::string> problems;  // the first few, for people

  bool ok() const {
    return missing == 0 && duplicated == 0 && mismatched == 0 && request_id_problems == 0 &&
           replay_problems == 0 && unknown_problems == 0 && orphans == 0 && event_problems == 0 &&
           index_problems == 0 && checked == entries - unknown;
  }
  nlohmann::json ToJson() const;
};

VerifyReport Verify(const std::vector<LedgerEntry>& entries, const VerifyOptions& options);

}  // namespace meridian::bench::load
