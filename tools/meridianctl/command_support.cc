#include "tools/meridianctl/command_support.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "tools/meridianctl/arguments.h"
#include "tools/meridianctl/rpc_error.h"

namespace meridian::ctl {

namespace pb = google::protobuf;
namespace common_v1 = meridian::common::v1;

int UsageError(absl::string_view message) {
  std::fprintf(stderr, "meridianctl: %s\n", std::string(message).c_str());
  return kExitUsage;
}

int StatusError(const absl::Status& status) {
  std::fprintf(stderr, "meridianctl: %s\n", std::string(status.message()).c_str());
  return status.code() == absl::StatusCode::kInvalidArgument ||
                 status.code() == absl::StatusCode::kNotFound
             ? kExitUsage
             : kExitFailed;
}

void AddPaging(CLI::App* command, Paging& paging) {
  command->add_option("--page-size", paging.page_size,
                      "results per page (0: the service's default)");
  command->add_option("--page-token", paging.page_token,
                      "the page to read, from the previous list");
}

void AddHours(CLI::App* command, HoursOptions& options, absl::string_view whose) {
  command->add_option("--time-zone", options.time_zone,
                      absl::StrCat("IANA time zone of ", whose, " hours, e.g. Europe/Lisbon"));
  command->add_option("--hours", options.hours, "working hours, HH:MM-HH:MM (default 09:00-17:00)");
  command->add_option("--days", options.days, "working days (MONDAY ...; default Monday to Friday)")
      ->delimiter(',');
}

absl::StatusOr<std::optional<common_v1::WorkingHours>> BuildHours(const HoursOptions& options) {
  if (options.time_zone.empty() && options.hours.empty() && options.days.empty()) {
    return std::nullopt;
  }
  common_v1::WorkingHours hours;
  hours.set_time_zone(options.time_zone);
  const std::string text = options.hours.empty() ? "09:00-17:00" : options.hours;
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  if (parts.size() != 2) {
    return absl::InvalidArgumentError(absl::StrCat("--hours ", text, ": expected HH:MM-HH:MM"));
  }
  hours.set_start(parts[0]);
  hours.set_end(parts[1]);
  for (const std::string& day : options.days) {
    auto value = ParseEnum(*common_v1::Weekday_descriptor(), day, "--days");
    if (!value.ok()) return value.status();
    hours.add_days(static_cast<common_v1::Weekday>(*value));
  }
  return hours;
}

void AddPath(pb::FieldMask& mask, absl::string_view path) { mask.add_paths(std::string(path)); }

std::string EnumName(const pb::EnumDescriptor* type, int value) {
  const pb::EnumValueDescriptor* found = type->FindValueByNumber(value);
  return found == nullptr ? absl::StrCat(value) : found->name();
}

std::string MoneyText(const common_v1::Money& money) {
  if (money.currency_code().empty()) return "-";
  return absl::StrCat(money.units(), " ", money.currency_code());
}

absl::Status ReadJsonFile(const std::string& path, pb::Message* message) {
  std::string text;
  if (path == "-") {
    std::stringstream buffer;
    buffer << std::cin.rdbuf();
    text = buffer.str();
  } else {
    std::ifstream in(path);
    if (!in) return absl::InvalidArgumentError(absl::StrCat("-f ", path, ": cannot read"));
    std::stringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
  }
  const auto parsed = pb::util::JsonStringToMessage(text, message);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("-f ", path, ": ", parsed.message().ToString()));
  }
  return absl::OkStatus();
}

}  // namespace meridian::ctl
