#include "common/events/event_filter.h"

#include <algorithm>
#include <regex>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors/errors.h"

namespace meridian {
namespace {

constexpr size_t kMaxFilterLength = 1000;
constexpr size_t kMaxValueLength = 300;

absl::Status Bad(absl::string_view rule) { return InvalidArgument("filter", rule); }

// Splits into words and "quoted strings" (a quoted string becomes its content, marked quoted
// so that a quoted "AND" is a value, not the operator).
struct Token {
  std::string text;
  bool quoted = false;
};

absl::StatusOr<std::vector<Token>> Tokenize(absl::string_view filter) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < filter.size()) {
    if (absl::ascii_isspace(static_cast<unsigned char>(filter[i]))) {
      ++i;
    } else if (filter[i] == '"') {
      const size_t end = filter.find('"', i + 1);
      if (end == absl::string_view::npos) return Bad("has a quote that is not closed");
      tokens.push_back({std::string(filter.substr(i + 1, end - i - 1)), true});
      i = end + 1;
    } else if (filter[i] == '=') {
      tokens.push_back({"=", false});
      ++i;
    } else {
      size_t end = i;
      while (end < filter.size() && !absl::ascii_isspace(static_cast<unsigned char>(filter[end])) &&
             filter[end] != '=' && filter[end] != '"') {
        ++end;
      }
      tokens.push_back({std::string(filter.substr(i, end - i)), false});
      i = end;
    }
  }
  return tokens;
}

bool IsOperator(const Token& token, absl::string_view op) {
  return !token.quoted && token.text == op;
}

absl::Status AddValue(const std::string& field, const std::string& value,
                      EventSelection& selection) {
  static const std::regex kType("^[a-z][a-z_]*(\\.[a-z][a-z_]*)*$");
  static const std::regex kKind("^[a-z][a-z_]*\\.\\*$");
  if (value.empty() || value.size() > kMaxValueLength) {
    return Bad(absl::StrCat(field, " must be 1-", kMaxValueLength, " characters"));
  }
  if (field == "resource") {
    for (char c : value) {
      if (absl::ascii_iscntrl(static_cast<unsigned char>(c)) || c == ' ') {
        return Bad("resource must be a resource name such as candidates/123");
      }
    }
    selection.resources.push_back(value);
  } else if (std::regex_match(value, kKind)) {
    selection.type_prefixes.push_back(value.substr(0, value.size() - 1));
  } else if (std::regex_match(value, kType)) {
    selection.types.push_back(value);
  } else {
    return Bad(
        absl::StrCat("type must be an event type such as submission.stage_changed or "
                     "submission.*, not ",
                     Quote(value)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<EventSelection> ParseEventFilter(absl::string_view filter) {
  EventSelection selection;
  if (filter.size() > kMaxFilterLength) {
    return Bad(absl::StrCat("must be at most ", kMaxFilterLength, " characters"));
  }
  absl::StatusOr<std::vector<Token>> tokens = Tokenize(filter);
  if (!tokens.ok()) return tokens.status();
  if (tokens->empty()) return selection;
  std::vector<std::string> fields_seen;
  size_t i = 0;
  while (true) {
    // One AND clause: field = value (OR field = value)*, one field throughout.
    std::string clause_field;
    while (true) {
      if (i + 3 > tokens->size()) {
        return Bad("must be terms like type = \"submission.stage_changed\" joined by AND or OR");
      }
      const Token& field = (*tokens)[i];
      if (field.quoted || (field.text != "type" && field.text != "resource")) {
        return Bad(absl::StrCat("can filter on type and resource, not ", Quote(field.text)));
      }
      if (!IsOperator((*tokens)[i + 1], "=")) {
        return Bad(absl::StrCat("needs = after ", field.text));
      }
      const Token& value = (*tokens)[i + 2];
      if (!value.quoted && (value.text == "AND" || value.text == "OR" || value.text == "=")) {
        return Bad(absl::StrCat("needs a value after ", field.text, " ="));
      }
      if (clause_field.empty()) {
        clause_field = field.text;
        if (std::find(fields_seen.begin(), fields_seen.end(), clause_field) != fields_seen.end()) {
          return Bad(absl::StrCat(clause_field, " is in two AND clauses; join its values by OR"));
        }
        fields_seen.push_back(clause_field);
      } else if (clause_field != field.text) {
        return Bad("OR joins values of one field; join different fields by AND");
      }
      if (absl::Status added = AddValue(field.text, value.text, selection); !added.ok()) {
        return added;
      }
      i += 3;
      if (i < tokens->size() && IsOperator((*tokens)[i], "OR")) {
        ++i;
        continue;
      }
      break;
    }
    if (i == tokens->size()) break;
    if (!IsOperator((*tokens)[i], "AND")) {
      return Bad(absl::StrCat("expected AND or OR, not ", Quote((*tokens)[i].text)));
    }
    ++i;
  }
  return selection;
}

absl::StatusOr<EventSelection> SelectionOfTypes(const std::vector<std::string>& types,
                                                absl::string_view field) {
  EventSelection selection;
  FieldViolations violations;
  if (types.size() > 50) violations.Add(field, "must have at most 50 types");
  for (size_t i = 0; i < types.size() && i < 50; ++i) {
    absl::Status added = AddValue("type", types[i], selection);
    if (!added.ok()) {
      violations.Add(absl::StrCat(field, "[", i, "]"),
                     "must be an event type such as submission.stage_changed or submission.*");
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  return selection;
}

std::string CanonicalSelection(const EventSelection& selection) {
  auto sorted = [](std::vector<std::string> values) {
    std::sort(values.begin(), values.end());
    return absl::StrJoin(values, ",");
  };
  return absl::StrCat("types=", sorted(selection.types), ";kinds=", sorted(selection.type_prefixes),
                      ";resources=", sorted(selection.resources), ";tenant=", selection.tenant);
}

}  // namespace meridian
