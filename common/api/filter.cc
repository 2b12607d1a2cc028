#include "common/api/filter.h"

#include <algorithm>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/errors/errors.h"

namespace meridian {
namespace {

constexpr absl::string_view kOperatorCharacters = "<>=";

bool IsBareWordCharacter(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || absl::StrContains("_.-/+#:", c);
}

bool Contains(const std::vector<std::string>& fields, absl::string_view field) {
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

bool IsLowerBound(FilterOperator op) {
  return op == FilterOperator::kGreater || op == FilterOperator::kGreaterOrEqual;
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

struct Term {
  std::string field;
  FilterOperator op;
  std::string value;
};

// Splits `field OP VALUE` at its one operator; nullopt when the term has none, or more than
// one (`a = b = c`, `a == b`, `a <> b`). A value with an operator character in it is refused
// even inside quotes, as it always was.
std::optional<Term> SplitTerm(absl::string_view term) {
  const size_t at = term.find_first_of(kOperatorCharacters);
  if (at == absl::string_view::npos) return std::nullopt;
  FilterOperator op = FilterOperator::kEqual;
  size_t length = 1;
  const bool or_equal = at + 1 < term.size() && term[at + 1] == '=';
  if (term[at] == '<') {
    op = or_equal ? FilterOperator::kLessOrEqual : FilterOperator::kLess;
    length = or_equal ? 2 : 1;
  } else if (term[at] == '>') {
    op = or_equal ? FilterOperator::kGreaterOrEqual : FilterOperator::kGreater;
    length = or_equal ? 2 : 1;
  }
  const absl::string_view rest = term.substr(at + length);
  if (rest.find_first_of(kOperatorCharacters) != absl::string_view::npos) return std::nullopt;
  return Term{std::string(absl::StripAsciiWhitespace(term.substr(0, at))), op,
              std::string(absl::StripAsciiWhitespace(rest))};
}

}  // namespace

absl::string_view FilterOperatorText(FilterOperator op) {
  switch (op) {
    case FilterOperator::kEqual:
      return "=";
    case FilterOperator::kLess:
      return "<";
    case FilterOperator::kLessOrEqual:
      return "<=";
    case FilterOperator::kGreater:
      return ">";
    case FilterOperator::kGreaterOrEqual:
      return ">=";
  }
  return "?";
}

absl::StatusOr<ParsedFilter> ParseFilter(absl::string_view filter, const FilterFields& fields) {
  const auto bad = [](absl::string_view rule) { return InvalidArgument("filter", rule); };
  const bool has_ordered = !fields.ordered.empty();
  const std::string shape =
      has_ordered ? absl::StrCat("`field = VALUE` (or `field < VALUE` with <, <=, > or >= on ",
                                 absl::StrJoin(fields.ordered, ", "), ")")
                  : "`field = VALUE`";
  std::vector<std::string> all_fields = fields.equality;
  all_fields.insert(all_fields.end(), fields.ordered.begin(), fields.ordered.end());

  ParsedFilter parsed;
  if (filter.size() > 1000) return bad("must be at most 1000 characters");
  if (absl::StripAsciiWhitespace(filter).empty()) return parsed;
  for (absl::string_view text : absl::StrSplit(filter, " AND ")) {
    std::optional<Term> term = SplitTerm(text);
    if (!term.has_value()) {
      return bad(absl::StrCat(Quote(absl::StripAsciiWhitespace(text)), " must be ", shape,
                              "; terms join with AND"));
    }
    const std::string& field = term->field;
    if (!Contains(all_fields, field)) {
      return bad(
          absl::StrCat("can only use ", absl::StrJoin(all_fields, ", "), ", not ", Quote(field)));
    }
    const bool ordered = Contains(fields.ordered, field);
    if (term->op != FilterOperator::kEqual && !ordered) {
      if (!has_ordered) {
        return bad(absl::StrCat(Quote(absl::StripAsciiWhitespace(text)), " must be ", shape,
                                "; terms join with AND"));
      }
      return bad(absl::StrCat(field, " can only be compared with =; only ",
                              absl::StrJoin(fields.ordered, ", "), " take <, <=, > and >="));
    }
    if (term->value.empty()) return bad(absl::StrCat(field, " needs a value"));
    absl::StatusOr<std::string> literal = ParseValue(term->value);
    if (!literal.ok()) {
      return bad(absl::StrCat("the value of ", field, ", ", Quote(term->value),
                              ", must be a bare word (letters, digits and _ . - / + # :) or a "
                              "\"double-quoted\" string"));
    }

    const auto compared = [&](auto same) {
      return std::any_of(parsed.comparisons.begin(), parsed.comparisons.end(),
                         [&](const FilterComparison& c) { return c.field == field && same(c); });
    };
    if (term->op == FilterOperator::kEqual) {
      if (compared([](const FilterComparison&) { return true; })) {
        return bad(
            absl::StrCat(field, " = ... cannot be combined with another comparison of ", field));
      }
      if (!parsed.equalities.emplace(field, *literal).second) {
        return bad(absl::StrCat(field, " may appear once"));
      }
      continue;
    }
    if (parsed.equalities.count(field) > 0) {
      return bad(
          absl::StrCat(field, " = ... cannot be combined with another comparison of ", field));
    }
    const bool lower = IsLowerBound(term->op);
    if (compared([&](const FilterComparison& c) { return IsLowerBound(c.op) == lower; })) {
      return bad(absl::StrCat(field, " may have one ",
                              lower ? "lower bound (> or >=)" : "upper bound (< or <=)"));
    }
    parsed.comparisons.push_back({field, term->op, *literal});
  }
  return parsed;
}

absl::StatusOr<EqualityFilter> ParseEqualityFilter(absl::string_view filter,
                                                   const std::vector<std::string>& fields) {
  absl::StatusOr<ParsedFilter> parsed = ParseFilter(filter, {.equality = fields, .ordered = {}});
  if (!parsed.ok()) return parsed.status();
  return std::move(parsed->equalities);
}

}  // namespace meridian
