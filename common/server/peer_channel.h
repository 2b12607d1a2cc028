// Channels from one Meridian service to another (talent to intake, placement to intake and
// talent), all with the process's peer TLS settings (--peer_tls_*, see server_config.h), so that
// a service's wiring names only the address it calls, and all balancing every call round robin
// over the addresses the target resolves to.
//
// Why round robin: gRPC keeps one HTTP/2 connection to a target, and pick_first (gRPC's
// default) sends every call over it, so behind a Kubernetes ClusterIP (which balances
// connections, not calls) one caller loads one replica. With a headless Service the name
// resolves to every ready pod, and round_robin spreads calls over them
// (`dns:///talent-headless:50052`, see deploy/README.md).
//
//   // RunServer, once the configuration is checked:
//   absl::Status set = SetPeerTls(config.peer_tls);
//   // a service's wiring:
//   auto roles = std::make_shared<IntakeRoleSource>(
//       CreatePeerChannel("dns:///intake-headless:50051", key));
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

// The default service config of every peer channel: calls go round robin over every address
// of the target that is connected (a service config from the resolver would replace it).
inline constexpr char kPeerServiceConfig[] = R"({"loadBalancingConfig":[{"round_robin":{}}]})";

// A channel to the Meridian service at `target` (a gRPC target: host:port, dns:///host:port, or
// ipv4:addr:port,addr:port): TLS when SetPeerTls turned it on, plaintext otherwise. Calls are
// balanced over the target's addresses with kPeerServiceConfig. Every call carries `key`, this
// service's own API key (a TALENT_SERVICE or PLACEMENT_SERVICE key, see --peer_key_file).
std::shared_ptr<grpc::Channel> CreatePeerChannel(const std::string& target, const std::string& key);

}  // namespace meridian
