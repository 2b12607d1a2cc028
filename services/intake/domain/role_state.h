// Which moves a role's state may make.
//
//   OPEN    -> ON_HOLD | FILLED | CANCELLED
//   ON_HOLD -> OPEN | CANCELLED
//   FILLED  -> OPEN        (a hire left and is being replaced)
//   CANCELLED is final.
//
//   absl::Status allowed = CheckRoleTransition(Role::OPEN, Role::FILLED);  // OK
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "meridian/intake/v1/intake.pb.h"

namespace meridian::intake {

std::vector<v1::Role::State> AllowedRoleMoves(v1::Role::State from);

// OK for an allowed move or no move; FAILED_PRECONDITION naming the allowed moves otherwise.
absl::Status CheckRoleTransition(v1::Role::State from, v1::Role::State to);

}  // namespace meridian::intake
