#include "common/api/filter.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/errors/errors.h"

namespace meridian {
namespace {

bool IsBareWordCharacter(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || absl::StrContains("_.-/+#:", c);
}

// A value as AIP-160 writes it: a bare word, or a string in double quotes (no escapes). Anything
// else (single quotes, spaces, semicolons, trailing SQL) is refused, never matched literally:
// a filter that cannot mean what its author wrote must not return an empty list with OK.
absl::StatusOr<std::string> ParseValue(absl::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    absl::string_view inner = value.substr(1, value.size() - 2);
    if (inner.empty() || absl::StrContains(inner, '"') || absl::StrContains(inner, '\\')) {
      return absl::InvalidArgumentError("bad string");
    }
    return std::string(inner);
  }
  if (!std::all_of(value.begin(), value.end(), IsBareWordCharacter)) {
    return absl::InvalidArgumentError("bad word");
  }
  return std::string(value);
}

}  // namespace

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
    absl::StatusOr<std::string> literal = ParseValue(value);
    if (!literal.ok()) {
      return bad(absl::StrCat("the value of ", field, ", ", Quote(value),
                              ", must be a bare word (letters, digits and _ . - / + # :) or a "
                              "\"double-quoted\" string"));
    }
    if (!parsed.emplace(field, *literal).second) {
      return bad(absl::StrCat(field, " may appear once"));
    }
  }
  return parsed;
}

}  // namespace meridian
