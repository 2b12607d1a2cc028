// Race mode: for every mutating RPC of the API, `calls` identical (or competing) calls
// released at once after a barrier, for the cases issue 16 names: the same email, the same
// phone in other formats, the same request_id, the same etag, competing stage and state moves,
// the same submission placed twice, the same check-in recorded twice, the same person erased
// twice, and so on (the table in bench/README.md, "Race mode"). Each race must have one winner
// and losers with a clear status (ALREADY_EXISTS, ABORTED, FAILED_PRECONDITION; NOT_FOUND for
// a delete), or, for one request_id sent many times or a call idempotent by design, one answer
// that every call gets; and the database holds what the winner wrote, once.
//
//   std::vector<RaceResult> results = RunRaces({.endpoints = endpoints, .staff_key = key,
//                                               .admin_key = admin_key,
//                                               .database_url = url, .run_id = "r1"});
//   bool all_passed = AllPassed(results);
#pragma once

#include <map>
#include <string>
#include <vector>

#include "bench/load/workload.h"
#include "nlohmann/json.hpp"

namespace meridian::bench::load {

struct RaceOptions {
  Endpoints endpoints;
  // A RECRUITER's key: most races run with it.
  std::string staff_key;
  // An ADMIN key, for the RPCs only ADMIN may call (ReleaseCandidate, the access service).
  std::string admin_key;
  // Empty: the database is not looked at (the answers alone are judged).
  std::string database_url;
  std::string run_id;
  int calls = 20;
};

struct RaceResult {
  std::string race;
  int calls = 0;
  int ok = 0;
  std::map<std::string, int> codes;  // every answer, OK included
  bool passed = false;
  // Why it failed, or what the database showed.
  std::string detail;

  nlohmann::json ToJson() const;
};

std::vector<RaceResult> RunRaces(const RaceOptions& options);
bool AllPassed(const std::vector<RaceResult>& results);

}  // namespace meridian::bench::load
