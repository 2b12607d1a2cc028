// Who may call what: one table of every RPC Meridian serves, the roles that may call it,
// whether it changes data, and how a PARTNER's view of it is narrowed to its own agency.
//
// The RPC layer looks every call up here before anything else runs (common/server/
// call_gate.h): an RPC with no row cannot be served (the adapter refuses to start), a role
// without the RPC is PERMISSION_DENIED. Tenancy itself (which rows a PARTNER sees) is applied
// by the cores, which know the data; the table says which rule applies so the README and the
// tests read it from one place.
//
//   const MethodRule* rule = FindMethodRule("meridian.talent.v1.TalentService/GetCandidate");
//   if (rule == nullptr || !rule->Allows(access::v1::PARTNER)) { /* PERMISSION_DENIED */ }
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "meridian/access/v1/access.pb.h"

namespace meridian {

// How a PARTNER's call is narrowed to what is its own.
enum class PartnerScope {
  // A PARTNER may not call the RPC at all: PERMISSION_DENIED.
  kDenied,
  // Only candidates its agency owns; any other candidate reads as NOT_FOUND, lists show only
  // its own, and candidates it creates are owned by its agency.
  kOwnCandidates,
  // Only OPEN roles, without the budget, the internal notes or the client's contacts.
  kOpenRolesRedacted,
  // Only submissions its agency put forward, of its own candidates, created at SOURCED.
  kOwnSubmissions,
  // Shared reference data with nothing private in it (skills, exchange rates).
  kReferenceData,
  // Only the events about its agency's candidates and submissions, shown as its reads show
  // those resources.
  kOwnEvents,
};

struct MethodRule {
  // The full RPC name as gRPC writes it without the leading slash:
  // "meridian.talent.v1.TalentService/CreateCandidate".
  absl::string_view method;
  // Changes data: every such call is audited and may carry a request_id.
  bool mutates = false;
  // The roles that may call it, as a bit set over access::v1::Role values.
  uint32_t roles = 0;
  // What a PARTNER sees; kDenied unless PARTNER is among `roles`.
  PartnerScope partner = PartnerScope::kDenied;

  bool Allows(access::v1::Role role) const {
    return role > 0 && role < 32 && (roles & (1u << role)) != 0;
  }
};

// The row for `method`, or nullptr when Meridian serves no such RPC.
const MethodRule* FindMethodRule(absl::string_view method);

// Every row, in the table's order (the README's access table, the tests' matrix).
const std::vector<MethodRule>& AllMethodRules();

// The role's name as in the contract ("PARTNER").
std::string RoleName(access::v1::Role role);

}  // namespace meridian
