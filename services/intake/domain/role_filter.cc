#include "services/intake/domain/role_filter.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/errors/errors.h"
#include "meridian/intake/v1/intake.pb.h"

namespace meridian::intake {
namespace {

absl::Status BadFilter(absl::string_view rule) { return InvalidArgument("filter", rule); }

}  // namespace

std::string RoleFilter::Canonical() const { return absl::StrCat("state=", state, ";kind=", kind); }

absl::StatusOr<RoleFilter> ParseRoleFilter(absl::string_view filter) {
  RoleFilter parsed;
  if (absl::StripAsciiWhitespace(filter).empty()) return parsed;
  if (filter.size() > 1000) return BadFilter("must be at most 1000 characters");
  for (absl::string_view term : absl::StrSplit(filter, " AND ")) {
    const std::vector<absl::string_view> sides = absl::StrSplit(term, '=');
    if (sides.size() != 2) {
      return BadFilter(absl::StrCat(Quote(absl::StripAsciiWhitespace(term)),
                                    " must be `field = VALUE`; terms join with AND"));
    }
    const absl::string_view field = absl::StripAsciiWhitespace(sides[0]);
    const std::string value(absl::StripAsciiWhitespace(sides[1]));
    if (field == "state") {
      v1::Role::State state;
      if (!parsed.state.empty()) return BadFilter("state may appear once");
      if (!v1::Role::State_Parse(value, &state) || state == v1::Role::STATE_UNSPECIFIED) {
        return BadFilter(
            absl::StrCat("state must be OPEN, ON_HOLD, FILLED or CANCELLED, not ", Quote(value)));
      }
      parsed.state = value;
    } else if (field == "kind") {
      common::v1::RoleKind kind;
      if (!parsed.kind.empty()) return BadFilter("kind may appear once");
      if (!common::v1::RoleKind_Parse(value, &kind) || kind == common::v1::ROLE_KIND_UNSPECIFIED) {
        return BadFilter(
            absl::StrCat("kind must be a RoleKind such as BACKEND_ENGINEER, not ", Quote(value)));
      }
      parsed.kind = value;
    } else {
      return BadFilter(absl::StrCat("can only use state and kind, not ", Quote(field)));
    }
  }
  return parsed;
}

}  // namespace meridian::intake
