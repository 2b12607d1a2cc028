// What meridianctl's commands share (the *_command.cc files): the usage and status errors and
// their exit statuses, the paging and working-hours options several commands take, an update's
// field mask, enums and money as table cells, and -f's JSON files.
//
//   auto paging = std::make_shared<Paging>();
//   AddPaging(list, *paging);                             // --page-size, --page-token
//   MERIDIANCTL_RETURN_IF_ERROR(ReadJsonFile(path, &client));
//   auto hours = BuildHours(options.hours);               // nullopt when no flag was given
//   if (!hours.ok()) return StatusError(hours.status());  // exit status 2
//   table.AddRow({EnumText(common::v1::Seniority_descriptor(), role.seniority()),
//                 MoneyText(role.monthly_budget())});
#pragma once

#include <optional>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"
#include "meridian/common/v1/common.pb.h"

namespace meridian::ctl {

// A usage error of ours: the message, and exit status 2.
int UsageError(absl::string_view message);

// A failure before or after the calls: the message, and exit status 2 for INVALID_ARGUMENT and
// NOT_FOUND (the user's words or files), 1 otherwise.
int StatusError(const absl::Status& status);

// In a command's action: returns StatusError's exit status when `expr` is not OK.
#define MERIDIANCTL_RETURN_IF_ERROR(expr)               \
  do {                                                  \
    if (absl::Status _status = (expr); !_status.ok()) { \
      return StatusError(_status);                      \
    }                                                   \
  } while (false)

// Options several commands share.
struct Paging {
  int page_size = 0;
  std::string page_token;
};

// --page-size and --page-token on `command`, read into `paging`.
void AddPaging(CLI::App* command, Paging& paging);

// Working hours from --time-zone, --hours and --days; nullopt when none of them is given.
struct HoursOptions {
  std::string time_zone;
  std::string hours;
  std::vector<std::string> days;
};

// --time-zone, --hours and --days on `command`; `whose` names the hours in the help.
void AddHours(CLI::App* command, HoursOptions& options, absl::string_view whose);

// The working hours the options give; INVALID_ARGUMENT for hours or days that do not parse.
absl::StatusOr<std::optional<common::v1::WorkingHours>> BuildHours(const HoursOptions& options);

// The field mask of an update: the flags that were given.
void AddPath(google::protobuf::FieldMask& mask, absl::string_view path);

// An enum value's name; the number when `type` has no such value.
std::string EnumName(const google::protobuf::EnumDescriptor* type, int value);

// An enum value's name for a table; "-" for the *_UNSPECIFIED value (not answered).
template <typename Enum>
std::string EnumText(const google::protobuf::EnumDescriptor* type, Enum value) {
  if (static_cast<int>(value) == 0) return "-";
  return EnumName(type, static_cast<int>(value));
}

// "9000 USD"; "-" when no currency is set.
std::string MoneyText(const common::v1::Money& money);

// Reads `message` from a JSON file ("-": stdin), for -f.
absl::Status ReadJsonFile(const std::string& path, google::protobuf::Message* message);

}  // namespace meridian::ctl
