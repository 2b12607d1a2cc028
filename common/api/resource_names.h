// Parsing AIP resource names such as "clients/{client}/roles/{role}" whose ids are the
// UUIDs NewResourceId() makes.
//
//   absl::StatusOr<std::vector<std::string>> ids =
//       ParseResourceName(name, {"clients", "roles"}, "parent");  // {client, role}
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meridian {

// The ids of `name` if it is collection/id pairs for `collections` in that order;
// INVALID_ARGUMENT on `field` otherwise. With `allow_wildcards`, an id may be "-" (any).
absl::StatusOr<std::vector<std::string>> ParseResourceName(
    absl::string_view name, std::initializer_list<absl::string_view> collections,
    absl::string_view field, bool allow_wildcards = false);

}  // namespace meridian
