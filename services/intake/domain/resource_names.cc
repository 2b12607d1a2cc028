#include "services/intake/domain/resource_names.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors/errors.h"
#include "common/util/ids.h"

namespace meridian::intake {

std::string ClientName(absl::string_view client_id) { return absl::StrCat("clients/", client_id); }

std::string RoleNameOf(absl::string_view client_id, absl::string_view role_id) {
  return absl::StrCat("clients/", client_id, "/roles/", role_id);
}

absl::StatusOr<std::string> ParseClientName(absl::string_view name, absl::string_view field) {
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 2 || parts[0] != "clients" || !IsResourceId(parts[1])) {
    return InvalidArgument(field, "must be a client name \"clients/{client}\"");
  }
  return std::string(parts[1]);
}

absl::StatusOr<std::string> ParseRoleParent(absl::string_view parent, bool allow_wildcard) {
  if (allow_wildcard && parent == "clients/-") return std::string();
  return ParseClientName(parent, "parent");
}

absl::StatusOr<RoleName> ParseRoleName(absl::string_view name, absl::string_view field) {
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 4 || parts[0] != "clients" || parts[2] != "roles" ||
      !IsResourceId(parts[1]) || !IsResourceId(parts[3])) {
    return InvalidArgument(field, "must be a role name \"clients/{client}/roles/{role}\"");
  }
  return RoleName{std::string(parts[1]), std::string(parts[3])};
}

}  // namespace meridian::intake
