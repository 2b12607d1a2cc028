// The TLS flags of the tools that call a Meridian deployment from outside (meridian_call,
// meridian_demo_data): --tls_ca_file, --tls_client_cert_file, --tls_client_key_file and
// --tls_server_name, with their MERIDIAN_* variables (env_flags.h). Linking this file adds
// the flags to a binary.
//
//   std::vector<char*> rest = ParseFlagsWithEnvironment(argc, argv, "...");
//   absl::StatusOr<ClientTlsPem> tls = ReadClientTls(ToolTlsFromFlags(), kToolTlsFlags);
//   if (!tls.ok()) { /* message names the flag; exit 2 */ }
//   auto channel = CreateChannel(address, *tls);   // common/server/tls_credentials.h
#pragma once

#include "common/config/tls_config.h"

namespace meridian {

// The settings the flags hold (paths, unchecked: ReadClientTls checks them).
ClientTls ToolTlsFromFlags();

}  // namespace meridian
