// The demo data's generator: the requests that create the talent pool, the clients and their
// roles, built from the tables (tables.h) before anything is sent. What it makes depends only
// on the seed, the index and the day (available_from dates): candidate i comes from its own
// random stream, so --candidates=300 is the first 300 of the default 3000.
//
//   talent::CreateCandidateRequest candidate = MakeCandidate(/*seed=*/42, /*index=*/0, today);
//   intake::CreateClientRequest client = MakeClient(Clients()[0], 0);
#pragma once

#include <cstddef>
#include <cstdint>

#include "absl/time/civil_time.h"
#include "tools/demo_data/tables.h"

namespace meridian::demo_data {

// Candidate `index` of the pool of `seed`; its request_id derives from both.
talent::CreateCandidateRequest MakeCandidate(uint64_t seed, int index, absl::CivilDay today);

// Client `index` of Clients().
intake::CreateClientRequest MakeClient(const ClientSpec& spec, size_t index);

// Role `index` of client `client_index`. The parent is filled in once the client exists.
intake::CreateRoleRequest MakeRole(const RoleSpec& spec, size_t client_index, size_t index);

}  // namespace meridian::demo_data
