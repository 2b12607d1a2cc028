// The ListRoles filter: equalities on `state` and `kind` joined by AND (a small subset of
// AIP-160), for example "state = OPEN AND kind = BACKEND_ENGINEER".
//
//   absl::StatusOr<RoleFilter> filter = ParseRoleFilter(request.filter());
#pragma once

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace meridian::intake {

struct RoleFilter {
  // Enum value names; empty means "any".
  std::string state;
  std::string kind;
  // A canonical spelling, so equivalent filters share page tokens.
  std::string Canonical() const;
};

absl::StatusOr<RoleFilter> ParseRoleFilter(absl::string_view filter);

}  // namespace meridian::intake
