// Reads one JSON array, as jsonb writes a list (`["go", "sql"]`, `[{"skill": "go", "level":
// 4}]`), without building a document and without copying its strings: the index load reads
// tens of millions of such lists, and a general JSON parser's lexer (one string allocated per
// token, escapes checked a character at a time) was a sixth of its CPU.
//
//   class Names final : public JsonListVisitor {
//     void String(std::string_view name) override { names.push_back(name); }
//     ...
//   };
//   JsonDecoded decoded;  // where escaped strings go; views into it live until Clear()
//   ReadJsonList(R"(["a", "b\"c"])", decoded, names);
//
// Strings come out as views: into the text itself when they hold no escape, else into
// `decoded`. Elements that are neither strings nor objects, and anything nested deeper, are
// passed over; an object's members come with their values only when those are strings or
// whole numbers (a member of another value is still named, so that a repeated key is seen).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

namespace meridian::talent {

// Strings that JSON escaped, decoded: views of them stay valid until Clear().
class JsonDecoded final {
 public:
  std::string& Add() { return strings_.emplace_back(); }
  void Clear() { strings_.clear(); }

 private:
  std::deque<std::string> strings_;  // a deque: adding never moves the strings already there
};

// A member of an object element, with its value when that is a string or a whole number.
struct JsonMember {
  std::string_view key;
  const std::string_view* text = nullptr;  // the value, when it is a string
  bool whole_number = false;               // whether the value is a whole number:
  int64_t number = 0;                      // this one (clamped to int64)
};

// What ReadJsonList calls back, in the order the text gives them.
class JsonListVisitor {
 public:
  virtual ~JsonListVisitor() = default;
  virtual void String(std::string_view) {}   // a string element
  virtual void Object() {}                   // an object element begins
  virtual void Member(const JsonMember&) {}  // a member of that object
};

// Reads `json`, a JSON array, calling `visitor` for its elements in order. Returns false when
// `json` is not one valid JSON value (the calls made up to the fault stand) or is not an array.
bool ReadJsonList(std::string_view json, JsonDecoded& decoded, JsonListVisitor& visitor);

}  // namespace meridian::talent
