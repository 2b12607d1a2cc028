#include "common/api/filter.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/errors/errors.h"

namespace meridian {

absl::StatusOr<EqualityFilter> ParseEqualityFilter(absl::string_view filter,
                                                   const std::vector<std::string>& fields) {
  const auto bad = [](absl::string_view rule) { return InvalidArgument("filter", rule); };
  EqualityFilter parsed;
  if (filter.size() > 1000) return bad("must be at most 1000 characters");
  if (absl::StripAsciiWhitespace(filter).empty()) return parsed;
  for (absl::string_view term : absl::StrSplit(filter, " AND ")) {
    const std::vector<absl::string_view> sides = absl::StrSplit(term, '=');
    if (sides.size() != 2) {
      return bad(absl::StrCat(Quote(absl::StripAsciiWhitespace(term)),
                              " must be `field = VALUE`; terms join with AND"));
    }
    const std::string field(absl::StripAsciiWhitespace(sides[0]));
    const std::string value(absl::StripAsciiWhitespace(sides[1]));
    if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
      return bad(
          absl::StrCat("can only use ", absl::StrJoin(fields, ", "), ", not ", Quote(field)));
    }
    if (value.empty()) return bad(absl::StrCat(field, " needs a value"));
    if (!parsed.emplace(field, value).second) return bad(absl::StrCat(field, " may appear once"));
  }
  return parsed;
}

}  // namespace meridian
