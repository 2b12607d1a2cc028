#include "common/api/resource_names.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/errors/errors.h"
#include "common/util/ids.h"

namespace meridian {

absl::StatusOr<std::vector<std::string>> ParseResourceName(
    absl::string_view name, std::initializer_list<absl::string_view> collections,
    absl::string_view field, bool allow_wildcards) {
  const std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  std::vector<std::string> ids;
  bool ok = parts.size() == 2 * collections.size();
  size_t i = 0;
  for (absl::string_view collection : collections) {
    if (!ok) break;
    const absl::string_view id = parts[2 * i + 1];
    ok = parts[2 * i] == collection && (IsResourceId(id) || (allow_wildcards && id == "-"));
    ids.emplace_back(id == "-" ? "" : std::string(id));
    ++i;
  }
  if (!ok) {
    std::vector<std::string> pattern;
    for (absl::string_view collection : collections) {
      // The placeholder is the singular: "agencies/{agency}", "clients/{client}".
      const std::string singular =
          absl::EndsWith(collection, "ies")
              ? absl::StrCat(collection.substr(0, collection.size() - 3), "y")
              : std::string(collection.substr(0, collection.size() - 1));
      pattern.push_back(absl::StrCat(collection, "/{", singular, "}"));
    }
    return InvalidArgument(
        field, absl::StrCat("must be a name like \"", absl::StrJoin(pattern, "/"), "\""));
  }
  return ids;
}

}  // namespace meridian
