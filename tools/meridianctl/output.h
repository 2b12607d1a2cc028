// How meridianctl prints: the output format a user picked (an aligned table for people, JSON or
// YAML for scripts), protobuf messages as JSON (protobuf's JSON mapping, field names as in the
// .proto, zeros included) or YAML, timestamps in the user's zone, and colours only on a
// terminal.
//
//   absl::StatusOr<OutputFormat> format = ParseOutputFormat("yaml");
//   std::string yaml = MessageToYaml(client);          // display_name: Acme ...
//   absl::TimeZone zone = *ResolveTimeZone("Europe/Lisbon");
//   std::string when = FormatTimestamp(client.create_time(), zone);  // 2027-03-08 10:00 WET
//   Style style(ColourWanted(STDOUT_FILENO));
//   std::string state = style.Green("OPEN");
#pragma once

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"

namespace meridian::ctl {

enum class OutputFormat { kTable, kJson, kYaml };

// "table" (or empty), "json", "yaml"; INVALID_ARGUMENT listing them for anything else.
absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text);

// The message in protobuf's JSON mapping, indented, with the .proto's field names and every
// field (a factor worth 0 points shows "points": 0), ending in a line break.
std::string MessageToJson(const google::protobuf::Message& message);

// The same document as YAML (block style, keys in the JSON's order), ending in a line break.
std::string MessageToYaml(const google::protobuf::Message& message);

// A JSON text as YAML; what MessageToYaml does after printing the JSON. Text that is not JSON
// comes back as it was.
std::string JsonToYaml(absl::string_view json);

// The zone to show times in: `name` when given ("Europe/Lisbon", "UTC"), else $TZ, else the
// machine's local zone. INVALID_ARGUMENT naming --tz for a zone that is not known.
absl::StatusOr<absl::TimeZone> ResolveTimeZone(absl::string_view name);

// "2027-03-08 10:00 WET" in `zone`; "-" when the timestamp is unset.
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp, absl::TimeZone zone);

// "2027-03-08"; "-" when the date is unset.
std::string FormatDate(const google::type::Date& date);

// Whether to colour what goes to `fd`: a terminal, NO_COLOR unset or empty (no-color.org) and
// TERM not "dumb".
bool ColourWanted(int fd);

// ANSI colours when enabled, the text as it is when not.
class Style final {
 public:
  explicit Style(bool enabled) : enabled_(enabled) {}
  bool enabled() const { return enabled_; }
  std::string Bold(absl::string_view text) const { return Wrap("1", text); }
  std::string Dim(absl::string_view text) const { return Wrap("2", text); }
  std::string Red(absl::string_view text) const { return Wrap("31", text); }
  std::string Green(absl::string_view text) const { return Wrap("32", text); }
  std::string Yellow(absl::string_view text) const { return Wrap("33", text); }

 private:
  std::string Wrap(absl::string_view code, absl::string_view text) const;
  bool enabled_;
};

}  // namespace meridian::ctl
