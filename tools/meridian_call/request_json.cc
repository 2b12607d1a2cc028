#include "tools/meridian_call/request_json.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/skills/skill_catalog.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"

namespace meridian::call {
namespace {

namespace pb = google::protobuf;
using Json = nlohmann::json;

// Messages whose JSON form is not an object (proto3 JSON mapping).
bool IsScalarWellKnown(const pb::Descriptor& type) {
  const std::string& name = type.full_name();
  return name == "google.protobuf.Timestamp" || name == "google.protobuf.Duration" ||
         name == "google.protobuf.FieldMask" || absl::EndsWith(name, "Value") ||
         name == "google.protobuf.Struct" || name == "google.protobuf.ListValue" ||
         name == "google.protobuf.Any" || name == "google.protobuf.Empty";
}

std::string JsonTypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "true or false";
    default:
      return value.is_number() ? "a number" : "null";
  }
}

class Checker final {
 public:
  std::vector<std::string> problems;

  void Message(const Json& value, const pb::Descriptor& type, const std::string& path) {
    if (!value.is_object()) {
      Add(path,
          absl::StrCat("must be an object (", type.full_name(), "), not ", JsonTypeName(value)));
      return;
    }
    for (const auto& [key, field_value] : value.items()) {
      const std::string at = path.empty() ? key : absl::StrCat(path, ".", key);
      const pb::FieldDescriptor* field = type.FindFieldByName(key);
      for (int i = 0; field == nullptr && i < type.field_count(); ++i) {
        if (type.field(i)->json_name() == key) field = type.field(i);
      }
      if (field == nullptr) {
        Unknown(at, key, type);
        continue;
      }
      Field(field_value, *field, at);
    }
  }

 private:
  void Add(const std::string& path, absl::string_view problem) {
    problems.push_back(absl::StrCat(path.empty() ? "request" : path, ": ", problem));
  }

  void Unknown(const std::string& at, const std::string& key, const pb::Descriptor& type) {
    std::string nearest;
    int best = 1 << 20;
    for (int i = 0; i < type.field_count(); ++i) {
      const int distance =
          EditDistance(absl::AsciiStrToLower(key), absl::AsciiStrToLower(type.field(i)->name()));
      if (distance < best) {
        best = distance;
        nearest = type.field(i)->name();
      }
    }
    const bool close = best <= std::max<int>(2, static_cast<int>(key.size()) / 3);
    Add(at, absl::StrCat("unknown field of ", type.full_name(),
                         close ? absl::StrCat("; did you mean ", nearest, "?") : std::string(),
                         " (--describe lists its fields)"));
  }

  void Field(const Json& value, const pb::FieldDescriptor& field, const std::string& at) {
    if (value.is_null()) return;
    if (field.is_map()) {
      if (!value.is_object()) {
        Add(at, absl::StrCat("must be an object (a map), not ", JsonTypeName(value)));
        return;
      }
      const pb::FieldDescriptor& map_value = *field.message_type()->map_value();
      for (const auto& [key, item] : value.items()) {
        if (!item.is_null()) Single(item, map_value, absl::StrCat(at, "[\"", key, "\"]"));
      }
      return;
    }
    if (field.is_repeated()) {
      if (!value.is_array()) {
        Add(at, absl::StrCat("must be an array, not ", JsonTypeName(value)));
        return;
      }
      for (size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_null()) Single(value[i], field, absl::StrCat(at, "[", i, "]"));
      }
      return;
    }
    Single(value, field, at);
  }

  void Single(const Json& value, const pb::FieldDescriptor& field, const std::string& at) {
    switch (field.cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        if (!IsScalarWellKnown(*field.message_type())) Message(value, *field.message_type(), at);
        return;
      case pb::FieldDescriptor::CPPTYPE_ENUM:
        Enum(value, *field.enum_type(), at);
        return;
      case pb::FieldDescriptor::CPPTYPE_STRING:
        if (!value.is_string())
          Add(at, absl::StrCat("must be a string, not ", JsonTypeName(value)));
        return;
      case pb::FieldDescriptor::CPPTYPE_BOOL:
        if (!value.is_boolean())
          Add(at, absl::StrCat("must be true or false, not ", JsonTypeName(value)));
        return;
      default:
        // Numbers; proto JSON also takes them as strings ("1234" for an int64).
        if (!value.is_number() && !value.is_string()) {
          Add(at, absl::StrCat("must be a number, not ", JsonTypeName(value)));
        }
        return;
    }
  }

  void Enum(const Json& value, const pb::EnumDescriptor& type, const std::string& at) {
    if (value.is_number_integer() && type.FindValueByNumber(value.get<int>()) != nullptr) return;
    if (value.is_string() && type.FindValueByName(value.get<std::string>()) != nullptr) return;
    std::vector<std::string> allowed;
    for (int i = 0; i < type.value_count(); ++i) {
      if (type.value(i)->number() != 0) allowed.push_back(type.value(i)->name());
    }
    Add(at,
        absl::StrCat(
            value.is_string() ? absl::StrCat("\"", value.get<std::string>(), "\"") : value.dump(),
            " is not a ", type.full_name(), "; allowed: ", absl::StrJoin(allowed, ", ")));
  }
};

// "line 3, column 14: <what>" and the line with a caret under the place.
std::string SyntaxError(absl::string_view json, const nlohmann::json::parse_error& error,
                        const pb::Descriptor& type) {
  const size_t byte = error.byte == 0 ? 0 : error.byte - 1;
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < byte && i < json.size(); ++i) {
    if (json[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  const size_t column = byte - line_start + 1;
  size_t line_end = json.find('\n', line_start);
  if (line_end == absl::string_view::npos) line_end = json.size();
  std::string what = error.what();
  if (const size_t colon = what.find(": "); colon != std::string::npos)
    what = what.substr(colon + 2);
  if (absl::StartsWith(what, "syntax error while parsing ")) {
    what = what.substr(std::string("syntax error while parsing ").size());
  }
  std::string text(json.substr(line_start, std::min<size_t>(line_end - line_start, 160)));
  return absl::StrCat("the request (", type.full_name(), ") is not valid JSON at line ", line,
                      ", column ", column, ": ", what, "\n  ", text, "\n  ",
                      std::string(column > 0 ? column - 1 : 0, ' '), "^");
}

}  // namespace

absl::StatusOr<std::unique_ptr<pb::Message>> ParseRequest(absl::string_view json,
                                                          const pb::Descriptor& type,
                                                          pb::MessageFactory* factory) {
  Json parsed;
  try {
    parsed = Json::parse(json.begin(), json.end());
  } catch (const nlohmann::json::parse_error& error) {
    return absl::InvalidArgumentError(SyntaxError(json, error, type));
  }
  Checker checker;
  checker.Message(parsed, type, "");
  if (!checker.problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("the request does not fit ", type.full_name(),
                                                   ":\n  ",
                                                   absl::StrJoin(checker.problems, "\n  ")));
  }
  std::unique_ptr<pb::Message> message(factory->GetPrototype(&type)->New());
  if (auto status = pb::util::JsonStringToMessage(std::string(json), message.get()); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("the request does not fit ", type.full_name(),
                                                   ": ", std::string(status.message())));
  }
  return message;
}

}  // namespace meridian::call
