// The start-up sequence every service binary shares, so that main() only wires:
// flags and environment, validated config, logging, migrations, the database pool, the
// host with health and reflection, and a clean exit on SIGTERM or SIGINT.
//
//   int main(int argc, char** argv) {
//     return meridian::RunServer(argc, argv, {.service = "intake", .default_port = 50051, ...},
//         [](meridian::db::ConnectionPool& pool, const meridian::ServerConfig& config) {
//           return std::vector<std::unique_ptr<grpc::Service>>{...};
//         });
//   }
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/config/server_config.h"
#include "common/db/pool.h"
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

using ServiceFactory = std::function<std::vector<std::unique_ptr<grpc::Service>>(
    db::ConnectionPool& pool, const ServerConfig& config)>;

// Runs the server until SIGTERM or SIGINT; returns the process exit code (0 after a clean
// shutdown, 1 when start-up failed, 2 for bad configuration).
int RunServer(int argc, char** argv, const ServerDescription& description,
              const ServiceFactory& make_services);

}  // namespace meridian
