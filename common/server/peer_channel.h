// Channels from one Meridian service to another (talent to intake, placement to intake and
// talent), all with the process's peer TLS settings (--peer_tls_*, see server_config.h), so that
// a service's wiring names only the address it calls.
//
//   // RunServer, once the configuration is checked:
//   absl::Status set = SetPeerTls(config.peer_tls);
//   // a service's wiring:
//   auto roles = std::make_shared<IntakeRoleSource>(CreatePeerChannel(intake_address, key));
#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/config/tls_config.h"
#include "grpcpp/channel.h"

namespace meridian {

// Reads `tls`'s files and makes them what CreatePeerChannel uses from now on. INVALID_ARGUMENT
// naming the --peer_tls_* flag when one is missing or wrong (then nothing changes). Until
// it is called (in tests, say), peers are called in plaintext.
absl::Status SetPeerTls(const ClientTls& tls);

// A channel to the Meridian service at `target` (host:port): TLS when SetPeerTls turned it on,
// plaintext otherwise. Every call carries `key`, this service's own API key (a TALENT_SERVICE
// or PLACEMENT_SERVICE key, see --peer_key_file).
std::shared_ptr<grpc::Channel> CreatePeerChannel(const std::string& target, const std::string& key);

}  // namespace meridian
