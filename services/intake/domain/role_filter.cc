#include "services/intake/domain/role_filter.h"

#include "absl/strings/str_cat.h"
#include "common/api/filter.h"
#include "common/errors/errors.h"
#include "meridian/intake/v1/intake.pb.h"

namespace meridian::intake {

std::string RoleFilter::Canonical() const { return absl::StrCat("state=", state, ";kind=", kind); }

absl::StatusOr<RoleFilter> ParseRoleFilter(absl::string_view filter) {
  absl::StatusOr<EqualityFilter> terms = ParseEqualityFilter(filter, {"state", "kind"});
  if (!terms.ok()) return terms.status();
  RoleFilter parsed;
  if (auto it = terms->find("state"); it != terms->end()) {
    v1::Role::State state;
    if (!v1::Role::State_Parse(it->second, &state) || state == v1::Role::STATE_UNSPECIFIED) {
      return InvalidArgument("filter", absl::StrCat("state must be OPEN, ON_HOLD, FILLED or "
                                                    "CANCELLED, not ",
                                                    Quote(it->second)));
    }
    parsed.state = it->second;
  }
  if (auto it = terms->find("kind"); it != terms->end()) {
    common::v1::RoleKind kind;
    if (!common::v1::RoleKind_Parse(it->second, &kind) ||
        kind == common::v1::ROLE_KIND_UNSPECIFIED) {
      return InvalidArgument("filter", absl::StrCat("kind must be a RoleKind such as "
                                                    "BACKEND_ENGINEER, not ",
                                                    Quote(it->second)));
    }
    parsed.kind = it->second;
  }
  return parsed;
}

}  // namespace meridian::intake
