// The start-up sequence every service binary shares, so that main() only wires:
// flags and environment, validated config, logging, migrations, the database pool, the
// host with health and reflection (and TLS, and a plaintext health listener, when
// configured), and a clean exit on SIGTERM or SIGINT. A factory that calls another service
// creates its channel with CreatePeerChannel (peer_channel.h, included here), which carries
// the --peer_tls_* settings RunServer has checked by then.
//
//   int main(int argc, char** argv) {
//     return meridian::RunServer(argc, argv, {.service = "intake", .default_port = 50051, ...},
//         [](meridian::db::ConnectionPool& pool, const meridian::ServerConfig& config) {
//           meridian::ServiceBundle bundle;
//           bundle.services.push_back(std::make_unique<IntakeGrpc>(pool));
//           return bundle;
//         });
//   }
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/config/server_config.h"
#include "common/db/pool.h"
#include "common/server/peer_channel.h"  // IWYU pragma: export (for the factories)
#include "grpcpp/impl/codegen/service_type.h"

namespace meridian {

struct ServerDescription {
  // Short name for logs: "intake".
  std::string service;
  // Port used when --listen_address is not given.
  int default_port = 0;
  // Fully qualified gRPC service names, reported by the health service.
  std::vector<std::string> grpc_service_names;
};

// What a service binary serves, and what its services need kept alive.
struct ServiceBundle {
  // Objects the services use (indexes, clients, background workers). Declared first, so
  // they are destroyed last, after the server has stopped and the services are gone.
  std::vector<std::shared_ptr<void>> dependencies;
  std::vector<std::unique_ptr<grpc::Service>> services;
  // A readiness condition besides the database answering (e.g. an index finished loading);
  // empty means none.
  std::function<bool()> ready;
};

using ServiceFactory =
    std::function<ServiceBundle(db::ConnectionPool& pool, const ServerConfig& config)>;

// Runs the server until SIGTERM or SIGINT; returns the process exit code (0 after a clean
// shutdown, 1 when start-up failed, 2 for bad configuration).
int RunServer(int argc, char** argv, const ServerDescription& description,
              const ServiceFactory& make_services);

}  // namespace meridian
