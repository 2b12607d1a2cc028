// The start-up sequence every service binary shares, so that main() only reads its own flags
// and calls the service's wiring function (services/<svc>/<svc>_wiring.h): flags and
// environment, validated config, logging, migrations, the database pool, the host with health
// and reflection (and TLS, and a plaintext health listener, when configured), and a clean exit
// on SIGTERM or SIGINT. A wiring that calls another service creates its channel with
// CreatePeerChannel (peer_channel.h, included here), which carries the --peer_tls_* settings
// RunServer has checked by then.
//
//   int main(int argc, char** argv) {
//     return meridian::RunServer(argc, argv, meridian::intake::IntakeServerDescription(),
//         [](meridian::db::ConnectionPool& pool, const meridian::ServerConfig&) {
//           return meridian::intake::MakeIntakeServices(pool);
//         });
//   }
#pragma once

#include <functional>

#include "common/config/server_config.h"
#include "common/db/pool.h"
#include "common/server/call_gate.h"
#include "common/server/peer_channel.h"  // IWYU pragma: export (for the wirings)
#include "common/server/service_bundle.h"

namespace meridian {

using ServiceFactory =
    std::function<ServiceBundle(db::ConnectionPool& pool, const ServerConfig& config)>;

// The access settings of `config` for a service's wiring: the call gate's and the peer key.
AccessWiring AccessWiringFrom(const ServerConfig& config);

// Runs the server until SIGTERM or SIGINT; returns the process exit code (0 after a clean
// shutdown, 1 when start-up failed, 2 for bad configuration).
int RunServer(int argc, char** argv, const ServerDescription& description,
              const ServiceFactory& make_services);

}  // namespace meridian
