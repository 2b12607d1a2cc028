#include "services/intake/domain/role_state.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors/errors.h"

namespace meridian::intake {

using State = v1::Role::State;

std::vector<State> AllowedRoleMoves(State from) {
  switch (from) {
    case v1::Role::OPEN:
      return {v1::Role::ON_HOLD, v1::Role::FILLED, v1::Role::CANCELLED};
    case v1::Role::ON_HOLD:
      return {v1::Role::OPEN, v1::Role::CANCELLED};
    case v1::Role::FILLED:
      return {v1::Role::OPEN};
    default:
      return {};
  }
}

absl::Status CheckRoleTransition(State from, State to) {
  if (from == to) return absl::OkStatus();
  const std::vector<State> allowed = AllowedRoleMoves(from);
  if (std::find(allowed.begin(), allowed.end(), to) != allowed.end()) return absl::OkStatus();
  std::vector<std::string> names;
  for (State state : allowed) names.push_back(v1::Role::State_Name(state));
  return WithReason(absl::FailedPreconditionError(absl::StrCat(
                        "a role cannot move from ", v1::Role::State_Name(from), " to ",
                        v1::Role::State_Name(to), "; allowed from ", v1::Role::State_Name(from),
                        ": ", names.empty() ? "none (final state)" : absl::StrJoin(names, ", "))),
                    common::v1::ILLEGAL_STATE_TRANSITION,
                    {{"from", v1::Role::State_Name(from)}, {"to", v1::Role::State_Name(to)}});
}

}  // namespace meridian::intake
