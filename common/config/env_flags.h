// Environment-variable fallbacks for absl flags: --database_url falls back to
// MERIDIAN_DATABASE_URL, --listen_address to MERIDIAN_LISTEN_ADDRESS, and so on. A flag on
// the command line always wins over the environment.
//
//   int main(int argc, char** argv) {
//     meridian::ParseFlagsWithEnvironment(argc, argv, "Meridian intake service");
//     ...
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace meridian {

// The environment variable that backs a flag: "database_url" -> "MERIDIAN_DATABASE_URL".
std::string EnvironmentVariableFor(absl::string_view flag_name);

// Applies MERIDIAN_* variables to every registered flag that has one, then parses the
// command line. A variable whose value does not parse stops the process with a message
// naming the variable. Returns what absl::ParseCommandLine does: the program name and the
// arguments that are not flags.
std::vector<char*> ParseFlagsWithEnvironment(int argc, char** argv, absl::string_view usage);

// INVALID_ARGUMENT for a setting that breaks `rule`, naming the flag and its variable:
// "--db_pool_size (MERIDIAN_DB_POOL_SIZE): must be between 1 and 256".
absl::Status InvalidFlag(absl::string_view flag, absl::string_view rule);

}  // namespace meridian
