#include "tools/meridianctl/output.h"

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "yaml-cpp/yaml.h"

namespace meridian::ctl {
namespace {

// Whether a YAML reader would take `text` for something other than a string: a boolean or
// null of YAML 1.1 or 1.2 (yes, off, ~), or a number, including 1.1's base-60 "09:00".
// yaml-cpp quotes only what would not parse at all, so these are quoted here.
bool LooksLikeAnotherType(const std::string& text) {
  if (text.empty()) return true;
  static const auto* keywords = new std::vector<std::string>{"true", "false", "yes", "no",   "on",
                                                             "off",  "y",     "n",   "null", "~"};
  const std::string lower = absl::AsciiStrToLower(text);
  for (const std::string& keyword : *keywords) {
    if (lower == keyword) return true;
  }
  bool digit = false;
  for (char c : lower) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      digit = true;
    } else if (std::string_view("+-._:e").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return digit || lower == ".inf" || lower == ".nan";
}

void EmitYaml(const nlohmann::ordered_json& value, YAML::Emitter& out) {
  switch (value.type()) {
    case nlohmann::ordered_json::value_t::object:
      if (value.empty()) out << YAML::Flow;
      out << YAML::BeginMap;
      for (const auto& [key, item] : value.items()) {
        out << YAML::Key << key << YAML::Value;
        EmitYaml(item, out);
      }
      out << YAML::EndMap;
      break;
    case nlohmann::ordered_json::value_t::array:
      if (value.empty()) out << YAML::Flow;
      out << YAML::BeginSeq;
      for (const auto& item : value) EmitYaml(item, out);
      out << YAML::EndSeq;
      break;
    case nlohmann::ordered_json::value_t::string:
      if (LooksLikeAnotherType(value.get<std::string>())) out << YAML::DoubleQuoted;
      out << value.get<std::string>();
      break;
    case nlohmann::ordered_json::value_t::boolean:
      out << value.get<bool>();
      break;
    case nlohmann::ordered_json::value_t::number_integer:
      out << value.get<std::int64_t>();
      break;
    case nlohmann::ordered_json::value_t::number_unsigned:
      out << value.get<std::uint64_t>();
      break;
    case nlohmann::ordered_json::value_t::number_float:
      out << value.get<double>();
      break;
    default:
      out << YAML::Null;
  }
}

}  // namespace

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower.empty() || lower == "table") return OutputFormat::kTable;
  if (lower == "json") return OutputFormat::kJson;
  if (lower == "yaml") return OutputFormat::kYaml;
  return absl::InvalidArgumentError(
      absl::StrCat("-o ", text, ": not an output format (table, json or yaml)"));
}

std::string MessageToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(message, &out, options).ok()) return "{}\n";
  if (out.empty() || out.back() != '\n') out.push_back('\n');
  return out;
}

std::string JsonToYaml(absl::string_view json) {
  nlohmann::ordered_json value =
      nlohmann::ordered_json::parse(json, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::string(json);
  YAML::Emitter out;
  EmitYaml(value, out);
  std::string text = out.c_str();
  if (text.empty() || text.back() != '\n') text.push_back('\n');
  return text;
}

std::string MessageToYaml(const google::protobuf::Message& message) {
  return JsonToYaml(MessageToJson(message));
}

absl::StatusOr<absl::TimeZone> ResolveTimeZone(absl::string_view name) {
  std::string zone_name(name);
  if (zone_name.empty()) {
    const char* tz = std::getenv("TZ");
    if (tz == nullptr || *tz == '\0') return absl::LocalTimeZone();
    zone_name = tz;
    // POSIX allows a leading colon ("TZ=:Europe/Lisbon").
    if (zone_name.front() == ':') zone_name.erase(0, 1);
  }
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(zone_name, &zone)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--tz ", zone_name, ": not a known time zone (an IANA name such as Europe/Lisbon)"));
  }
  return zone;
}

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp, absl::TimeZone zone) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "-";
  const absl::Time time = absl::FromUnixSeconds(timestamp.seconds());
  return absl::FormatTime("%Y-%m-%d %H:%M %Z", time, zone);
}

std::string FormatDate(const google::type::Date& date) {
  if (date.year() == 0) return "-";
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

bool ColourWanted(int fd) {
  if (isatty(fd) == 0) return false;
  if (const char* no_colour = std::getenv("NO_COLOR"); no_colour != nullptr && *no_colour != '\0') {
    return false;
  }
  const char* term = std::getenv("TERM");
  return term == nullptr || absl::string_view(term) != "dumb";
}

std::string Style::Wrap(absl::string_view code, absl::string_view text) const {
  if (!enabled_) return std::string(text);
  return absl::StrCat("\x1b[", code, "m", text, "\x1b[0m");
}

}  // namespace meridian::ctl
