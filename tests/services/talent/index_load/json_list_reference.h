// What ReadJsonList should call back for a JSON list, worked out from a general parser's
// document (nlohmann): the reference json_list_test and the json_list fuzz target compare the
// scanner against. One line a call: "s:<text>", "{", "m:<key>=\"<text>\"", "m:<key>=<n>".
//
//   JsonCalls calls;
//   ReadJsonList(text, decoded, calls);
//   EXPECT_EQ(calls.calls(), ReferenceCalls(nlohmann::json::parse(text)));
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "nlohmann/json.hpp"
#include "services/talent/index_load/json_list.h"

namespace meridian::talent {

// Records what ReadJsonList calls, in the reference's form. An object's members come out in
// key order, the last of a repeated key only: as a JSON document holds them (the text's order
// and repetitions are not the list's meaning, and jsonb's text has neither).
class JsonCalls final : public JsonListVisitor {
 public:
  void String(std::string_view text) override {
    Flush();
    calls_.push_back("s:" + std::string(text));
  }
  void Object() override {
    Flush();
    calls_.push_back("{");
  }
  void Member(const JsonMember& member) override {
    const std::string key(member.key);
    if (member.text == nullptr && !member.whole_number) {
      members_.erase(key);  // a value the reference does not list either
      return;
    }
    members_[key] = member.text != nullptr ? "m:" + key + "=\"" + std::string(*member.text) + "\""
                                           : "m:" + key + "=" + std::to_string(member.number);
  }
  const std::vector<std::string>& calls() {
    Flush();
    return calls_;
  }

 private:
  void Flush() {
    for (const auto& [key, call] : members_) calls_.push_back(call);
    members_.clear();
  }
  std::vector<std::string> calls_;
  std::map<std::string, std::string> members_;  // the open object's, by key
};

// The calls for `list`, a parsed JSON array: string elements; object elements and their
// string and whole-number members (unsigned ones past int64 clamped to it).
inline std::vector<std::string> ReferenceCalls(const nlohmann::json& list) {
  std::vector<std::string> calls;
  for (const nlohmann::json& element : list) {
    if (element.is_string()) calls.push_back("s:" + element.get<std::string>());
    if (!element.is_object()) continue;
    calls.push_back("{");
    for (const auto& [key, value] : element.items()) {
      if (value.is_string()) {
        calls.push_back("m:" + key + "=\"" + value.get<std::string>() + "\"");
      } else if (value.is_number_unsigned()) {
        calls.push_back("m:" + key + "=" +
                        std::to_string(std::min<uint64_t>(value.get<uint64_t>(),
                                                          std::numeric_limits<int64_t>::max())));
      } else if (value.is_number_integer()) {
        calls.push_back("m:" + key + "=" + std::to_string(value.get<int64_t>()));
      }
    }
  }
  return calls;
}

}  // namespace meridian::talent
