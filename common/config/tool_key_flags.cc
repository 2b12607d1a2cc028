#include "common/config/tool_key_flags.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/auth/bootstrap.h"

ABSL_FLAG(std::string, key_file, "",
          "file holding the API key every call sends (mode 0600; ./meridian up writes its admin "
          "key to .meridian/keys/admin.key)");
ABSL_FLAG(std::string, on_behalf_of, "",
          "the person this tool acts for, recorded in the audit log beside the key");

namespace meridian {

absl::StatusOr<ToolKey> ToolKeyFromFlags() {
  ToolKey tool;
  tool.on_behalf_of = absl::GetFlag(FLAGS_on_behalf_of);
  const std::string path = absl::GetFlag(FLAGS_key_file);
  if (path.empty()) return tool;
  absl::StatusOr<std::string> key = ReadKeyFile(path);
  if (!key.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--key_file (MERIDIAN_KEY_FILE): ", key.status().message()));
  }
  tool.key = *std::move(key);
  return tool;
}

}  // namespace meridian
