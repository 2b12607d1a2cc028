// The demo data's loader: sends the generated requests (generator.h) through the public APIs,
// clients and roles one at a time and candidates `concurrency` calls at a time, then takes one
// candidate per client to a hire that is followed up, and prints what is there now. Every
// create carries a request_id, so a second run creates nothing twice; the follow-up finds its
// work done (see FollowUps in demo_data.cc).
//
//   DemoRequests requests = MakeDemoRequests(/*candidates=*/3000, /*seed=*/42, today);
//   int exit_status = Load(requests, {.intake_address = "127.0.0.1:50051", ...});
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/config/tls_config.h"
#include "tools/demo_data/retrying_client.h"
#include "tools/demo_data/tables.h"

namespace meridian::demo_data {

struct PlannedRole {
  size_t client;
  const RoleSpec* spec;
  intake::CreateRoleRequest request;
  Outcome outcome;
};

// Everything one run sends, generated before anything is sent.
struct DemoRequests {
  std::vector<intake::CreateClientRequest> clients;
  std::vector<PlannedRole> roles;
  std::vector<talent::CreateCandidateRequest> candidates;
};

DemoRequests MakeDemoRequests(int candidates, uint64_t seed, absl::CivilDay today);

// Every request as one JSON line on stdout, nothing sent (roles show the index of their
// client as parent).
void PrintRequests(const DemoRequests& requests);

struct LoadOptions {
  std::string intake_address;
  std::string talent_address;
  // Empty: no hires and placements.
  std::string placement_address;
  int concurrency = 8;
  absl::Duration connect_timeout = absl::Seconds(20);
  uint64_t seed = 0;
  absl::CivilDay today;
  // How the three services are called: plaintext, TLS or mTLS.
  ClientTlsPem tls = {};
  // The API key every call sends (an ADMIN or RECRUITER key).
  std::string key = {};
};

// Sends `requests` and prints a summary: 0 when everything is there now (created or already
// there), 1 when some call failed (the first errors are printed).
int Load(DemoRequests& requests, const LoadOptions& options);

}  // namespace meridian::demo_data
