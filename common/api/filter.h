// The list filters Meridian accepts: a small subset of AIP-160, equalities joined by AND.
//
//   absl::StatusOr<EqualityFilter> filter = ParseEqualityFilter("state = OPEN AND kind = QA",
//                                                               {"state", "kind"});
//   // (*filter)["state"] == "OPEN"
//
// A VALUE is a bare word (letters, digits and _ . - / + # :) or a "double-quoted" string,
// which stands for its content. Every error is INVALID_ARGUMENT on the `filter` field: a term
// that is not `field = VALUE`, a field the list does not offer, a field given twice, an empty
// value, a value in single quotes or with anything else after it, or a filter over 1000
// characters. The values' own rules (an enum name, a resource name) are the caller's.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meridian {

using EqualityFilter = std::map<std::string, std::string>;

absl::StatusOr<EqualityFilter> ParseEqualityFilter(absl::string_view filter,
                                                   const std::vector<std::string>& fields);

}  // namespace meridian
