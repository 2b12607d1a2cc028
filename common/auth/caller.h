// Who is calling: the principal behind an authenticated call, as business logic sees it.
//
// The RPC layer (common/server/call_gate.h) authenticates the call's key and hands the
// Caller to the core with the call's deadline; cores use it for tenancy (a PARTNER sees only
// its agency's candidates) and stamp it on what they write (owner, submitted_by, the audit).
//
//   if (call.caller.role == access::v1::PARTNER && candidate.owner() != call.caller.agency) {
//     return NotFound(candidate.name());   // another tenant's resource does not exist
//   }
#pragma once

#include <string>

#include "meridian/access/v1/access.pb.h"

namespace meridian {

struct Caller {
  // The key that made the call: "apiKeys/{key}". Empty only for work the service does on
  // its own (background tasks), never for an RPC.
  std::string principal = {};
  access::v1::Role role = access::v1::ROLE_UNSPECIFIED;
  // "agencies/{agency}" for a PARTNER, else empty.
  std::string agency = {};
  // The person an internal tool acted for (`x-meridian-on-behalf-of`), else empty.
  std::string on_behalf_of = {};

  bool is_partner() const { return role == access::v1::PARTNER; }
};

}  // namespace meridian
