#include "tools/logview/log_line_format.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "nlohmann/json.hpp"

namespace meridian::logview {
namespace {

constexpr absl::string_view kDim = "\x1b[2m";
constexpr absl::string_view kYellow = "\x1b[33m";
constexpr absl::string_view kRed = "\x1b[31m";
constexpr absl::string_view kReset = "\x1b[0m";

// A field value cut to this many characters: one line per event, even for a long error.
constexpr size_t kMaxValue = 200;

// Fields every line has, shown in the line's frame rather than as key=value.
const std::set<std::string>& FrameFields() {
  static const auto* fields = new std::set<std::string>{"time", "severity", "message", "service"};
  return *fields;
}

// Fields an "rpc" line shows in its head ("CreateClient OK 3.2 ms").
const std::set<std::string>& RpcHeadFields() {
  static const auto* fields = new std::set<std::string>{"method", "code", "latency_ms"};
  return *fields;
}

// A value as a person reads it: strings bare unless they hold a space, a quote or '=',
// then quoted; one line; at most kMaxValue characters.
std::string ValueText(const nlohmann::ordered_json& value) {
  std::string text;
  if (value.is_string()) {
    text = value.get<std::string>();
    if (text.empty() || text.find_first_of(" \"=\t\n") != std::string::npos) {
      text = nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  } else {
    text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  if (text.size() > kMaxValue) text = absl::StrCat(text.substr(0, kMaxValue), "...");
  return absl::StrReplaceAll(text, {{"\n", " "}, {"\r", " "}});
}

std::string StringField(const nlohmann::ordered_json& line, const char* key) {
  auto it = line.find(key);
  return it != line.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

int SeverityRank(absl::string_view severity) {
  if (severity == "DEBUG") return 0;
  if (severity == "WARNING") return 2;
  if (severity == "ERROR") return 3;
  return 1;
}

std::optional<std::string> LogLineFormat::Format(absl::string_view raw) const {
  // Ordered: the fields show in the order the service wrote them.
  nlohmann::ordered_json line =
      nlohmann::ordered_json::parse(raw, nullptr, /*allow_exceptions=*/false);
  if (!line.is_object()) return std::string(raw);
  const std::string severity = StringField(line, "severity");
  const int rank = SeverityRank(severity);
  if (rank < options_.min_severity) return std::nullopt;

  std::string time = StringField(line, "time");
  absl::Time parsed;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, time, &parsed, &error)) {
    time = absl::FormatTime("%H:%M:%S", parsed, options_.zone);
  }
  const std::string message = StringField(line, "message");
  const bool rpc = message == "rpc" && line.contains("method");

  // Marker: blank for INFO, W, E or D; coloured on a terminal.
  std::string marker = rank == 1 ? " " : severity.empty() ? "?" : severity.substr(0, 1);
  absl::string_view colour = rank == 3 ? kRed : rank == 2 ? kYellow : absl::string_view();
  std::string out;
  if (options_.colour)
    absl::StrAppend(&out, kDim, time, kReset);
  else
    out = time;
  absl::StrAppend(&out, " ", absl::StrFormat("%-9s", StringField(line, "service")), " ");
  if (options_.colour && !colour.empty()) {
    absl::StrAppend(&out, colour, marker, " ");
  } else {
    absl::StrAppend(&out, marker, " ");
  }
  if (rpc) {
    absl::StrAppend(&out, StringField(line, "method"), " ", StringField(line, "code"));
    auto latency = line.find("latency_ms");
    if (latency != line.end() && latency->is_number()) {
      absl::StrAppend(&out, absl::StrFormat(" %.1f ms", latency->get<double>()));
    }
  } else {
    absl::StrAppend(&out, message);
  }
  if (options_.colour && !colour.empty()) absl::StrAppend(&out, kReset);

  std::string fields;
  for (const auto& [key, value] : line.items()) {
    if (FrameFields().count(key) > 0 || (rpc && RpcHeadFields().count(key) > 0)) continue;
    // The trace id's first 8 characters tell one action's lines apart; the file has it all.
    const std::string text = key == "trace_id" && value.is_string()
                                 ? value.get<std::string>().substr(0, 8)
                                 : ValueText(value);
    absl::StrAppend(&fields, " ", key == "trace_id" ? "trace" : key, "=", text);
  }
  if (!fields.empty()) {
    if (options_.colour)
      absl::StrAppend(&out, " ", kDim, fields, kReset);
    else
      absl::StrAppend(&out, " ", fields);
  }
  return out;
}

}  // namespace meridian::logview
