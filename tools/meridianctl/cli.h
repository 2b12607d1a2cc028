// meridianctl's commands: the command tree (CLI11), what each subcommand sends to which
// service, and how it prints the answer. main() only calls Run().
//
//   meridianctl clients create --name "Acme Robotics" --time-zone America/New_York
//   meridianctl roles create clients/1 --title "Backend engineer" --kind BACKEND_ENGINEER
//       --skill go:4:3 --budget "9000 USD"   (one line)
//   meridianctl search clients/1/roles/2 --explain
//   meridianctl -o yaml placements agenda --tz Europe/Lisbon
//
// The parts that need no server (argument parsing, the bash completion script) are
// declared here for the tests.
#pragma once

#include <string>
#include "absl/strings/string_view.h"

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"
#include "meridian/common/v1/common.pb.h"

namespace meridian::ctl {

// Runs meridianctl with its command line; returns the exit status (rpc_error.h lists them).
int Run(int argc, char** argv);

// The command tree with every subcommand and option (one for the process), for the tests.
CLI::App& CommandTree();

// A bash completion script for `app`: subcommands, then each subcommand's options.
std::string BashCompletion(CLI::App& app);

// `id` as a resource name: "clients/7" stays, "7" becomes "<collection>/7".
std::string Qualify(absl::string_view collection, absl::string_view id);

// An enum value by its name in any case ("senior" -> SENIOR; "backend-engineer" ->
// BACKEND_ENGINEER); INVALID_ARGUMENT naming `flag` and listing the values otherwise.
absl::StatusOr<int> ParseEnum(const google::protobuf::EnumDescriptor& type, absl::string_view text,
                              absl::string_view flag);

// "go", "go:4" or "go:4:3" (skill, minimum level, minimum years).
absl::StatusOr<common::v1::SkillRequirement> ParseSkillRequirement(absl::string_view text);

// "9000 USD" or "USD 9000".
absl::StatusOr<common::v1::Money> ParseMoney(absl::string_view text, absl::string_view flag);

// "2027-03-08".
absl::StatusOr<google::type::Date> ParseDate(absl::string_view text, absl::string_view flag);

// RFC 3339 ("2027-03-08T10:00:00Z"), or "2027-03-08 10:00" in `zone`.
absl::StatusOr<google::protobuf::Timestamp> ParseTime(absl::string_view text, absl::TimeZone zone,
                                                      absl::string_view flag);

// The end of the week `now` is in, in `zone`: next Monday 00:00 there.
absl::Time EndOfWeek(absl::Time now, absl::TimeZone zone);

}  // namespace meridian::ctl
