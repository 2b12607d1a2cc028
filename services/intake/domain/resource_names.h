// Intake resource names: "clients/{client}" and "clients/{client}/roles/{role}".
//
//   absl::StatusOr<RoleName> role = ParseRoleName("clients/abc/roles/def", "name");
#pragma once

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace meridian::intake {

struct RoleName {
  std::string client_id;
  std::string role_id;
};

std::string ClientName(absl::string_view client_id);
std::string RoleNameOf(absl::string_view client_id, absl::string_view role_id);

// The client id in "clients/{client}"; INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<std::string> ParseClientName(absl::string_view name, absl::string_view field);

// A role parent: "clients/{client}", or "clients/-" (returned as an empty id) when
// `allow_wildcard`.
absl::StatusOr<std::string> ParseRoleParent(absl::string_view parent, bool allow_wildcard);

absl::StatusOr<RoleName> ParseRoleName(absl::string_view name, absl::string_view field);

}  // namespace meridian::intake
