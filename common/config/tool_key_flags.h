// The API-key flags of the tools that call a Meridian deployment (meridian_call,
// meridian_demo_data): --key_file (MERIDIAN_KEY_FILE), the file holding the key every call
// sends, and --on_behalf_of (MERIDIAN_ON_BEHALF_OF), the person the tool acts for, recorded in
// the audit log. The key is read from a file (mode 0600), never taken on the command line,
// where other users could read it.
//
//   absl::StatusOr<ToolKey> key = ToolKeyFromFlags();
//   if (!key.ok()) { /* message names the flag; exit 2 */ }
//   auto channel = CreateChannel(address, tls, {.key = key->key,
//                                               .on_behalf_of = key->on_behalf_of});
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace meridian {

struct ToolKey {
  // Empty when --key_file is not given: calls then carry no key (and are refused).
  std::string key;
  std::string on_behalf_of;
};

// INVALID_ARGUMENT naming --key_file when its file cannot be read or is readable by others.
absl::StatusOr<ToolKey> ToolKeyFromFlags();

}  // namespace meridian
