#include "common/config/env_flags.h"

#include <cstdio>
#include <cstdlib>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace meridian {

std::string EnvironmentVariableFor(absl::string_view flag_name) {
  return absl::StrCat("MERIDIAN_", absl::AsciiStrToUpper(flag_name));
}

std::vector<char*> ParseFlagsWithEnvironment(int argc, char** argv, absl::string_view usage) {
  absl::SetProgramUsageMessage(usage);
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    const std::string variable = EnvironmentVariableFor(name);
    const char* value = std::getenv(variable.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      std::fprintf(stderr, "invalid configuration: %s: %s\n", variable.c_str(), error.c_str());
      std::exit(2);
    }
  }
  return absl::ParseCommandLine(argc, argv);
}

absl::Status InvalidFlag(absl::string_view flag, absl::string_view rule) {
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, " (", EnvironmentVariableFor(flag), "): ", rule));
}

}  // namespace meridian
