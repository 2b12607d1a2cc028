// The list filters Meridian accepts: a small subset of AIP-160, comparisons joined by AND.
//
//   absl::StatusOr<EqualityFilter> filter = ParseEqualityFilter("state = OPEN AND kind = QA",
//                                                               {"state", "kind"});
//   // (*filter)["state"] == "OPEN"
//
// A list whose fields include ordered ones (a time) also takes `<`, `<=`, `>` and `>=` on
// those, at most one lower and one upper bound each:
//
//   absl::StatusOr<ParsedFilter> parsed = ParseFilter(
//       "principal = apiKeys/abc AND create_time >= \"2026-11-01T00:00:00Z\"",
//       {.equality = {"principal"}, .ordered = {"create_time"}});
//   // parsed->equalities["principal"] == "apiKeys/abc";
//   // parsed->comparisons[0] == {"create_time", FilterOperator::kGreaterOrEqual, "2026-..."}
//
// A VALUE is a bare word (letters, digits and _ . - / + # :) or a "double-quoted" string,
// which stands for its content. Every error is INVALID_ARGUMENT on the `filter` field: a term
// that is not `field OP VALUE`, a field the list does not offer, an operator other than `=` on
// a field that is not ordered, a field given twice (or two bounds on the same side), an empty
// value, a value in single quotes or with anything else after it, or a filter over 1000
// characters. The values' own rules (an enum name, a resource name, a time) are the caller's.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meridian {

using EqualityFilter = std::map<std::string, std::string>;

// Only `field = VALUE` terms, on `fields`.
absl::StatusOr<EqualityFilter> ParseEqualityFilter(absl::string_view filter,
                                                   const std::vector<std::string>& fields);

// The comparison a term makes.
enum class FilterOperator {
  kEqual,           // =
  kLess,            // <
  kLessOrEqual,     // <=
  kGreater,         // >
  kGreaterOrEqual,  // >=
};

// How an operator is written ("<=").
absl::string_view FilterOperatorText(FilterOperator op);

// One `field OP VALUE` term whose operator is not `=`.
struct FilterComparison {
  std::string field = {};
  FilterOperator op = FilterOperator::kEqual;
  std::string value = {};

  bool operator==(const FilterComparison& other) const {
    return field == other.field && op == other.op && value == other.value;
  }
};

// The fields a list offers.
struct FilterFields {
  // Fields that take `=` only (enum names, resource names, flags).
  std::vector<std::string> equality = {};
  // Fields whose values are ordered (times): `=`, `<`, `<=`, `>` and `>=`.
  std::vector<std::string> ordered = {};
};

struct ParsedFilter {
  // Every `field = VALUE` term (on either kind of field), by field.
  EqualityFilter equalities = {};
  // Every other term, in the order written: on ordered fields only, at most one lower bound
  // (`>` or `>=`) and one upper bound (`<` or `<=`) per field, never beside an `=` on it.
  std::vector<FilterComparison> comparisons = {};
};

absl::StatusOr<ParsedFilter> ParseFilter(absl::string_view filter, const FilterFields& fields);

}  // namespace meridian
