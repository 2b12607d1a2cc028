#include "common/server/server_main.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "common/config/env_flags.h"
#include "common/logging/log.h"
#include "common/logging/protobuf_log.h"
#include "common/migrations/migrations.h"
#include "common/server/service_host.h"

namespace meridian {

int RunServer(int argc, char** argv, const ServerDescription& description,
              const ServiceFactory& make_services) {
  ParseFlagsWithEnvironment(argc, argv, absl::StrCat("Meridian ", description.service, " service"));
  log::SetServiceName(description.service);
  // Before any thread exists: protobuf's own log lines become JSON lines too.
  log::RouteProtobufLog();
  absl::StatusOr<ServerConfig> config = LoadServerConfig(description.default_port);
  if (!config.ok()) {
    std::fprintf(stderr, "invalid configuration: %s\n",
                 std::string(config.status().message()).c_str());
    return 2;
  }
  log::SetMinSeverity(config->log_level);
  log::Info("starting", {{"database", log::RedactDatabaseUrl(config->database_url)},
                         {"listen_address", config->listen_address}});

  // Migrations run before the signal mask is set, so Ctrl-C or SIGTERM still ends a
  // process that waits on another replica's migration lock (each file is one transaction:
  // an interrupted one leaves nothing behind).
  if (config->migrate || config->migrate_only) {
    absl::StatusOr<int> applied = db::ApplyMigrations(config->database_url, db::AllMigrations());
    if (!applied.ok()) {
      log::Error("migrations failed; not starting", {{"error", applied.status().message()}});
      return 1;
    }
    log::Info("migrations up to date", {{"applied_now", *applied}});
    if (config->migrate_only) return 0;
  }

  // Before any thread exists, so that every thread inherits the mask.
  BlockShutdownSignals();

  db::ConnectionPool pool({.url = config->database_url,
                           .size = config->db_pool_size,
                           .statement_timeout = config->statement_timeout});
  db::ConnectionPool health_pool({.url = config->database_url,
                                  .size = 1,
                                  .statement_timeout = absl::Seconds(1),
                                  .connect_timeout = absl::Seconds(1)});
  ServiceBundle bundle = make_services(pool, *config);
  std::vector<grpc::Service*> raw_services;
  for (const auto& service : bundle.services) raw_services.push_back(service.get());

  ServiceHost host({.listen_address = config->listen_address,
                    .health_service_names = description.grpc_service_names,
                    .shutdown_grace = config->shutdown_grace,
                    .health_check_interval = config->health_check_interval},
                   raw_services,
                   // A connection of its own: a pool busy with slow calls must not take every
                   // replica out of rotation at once.
                   [&health_pool, &bundle]() -> absl::Status {
                     if (bundle.ready && !bundle.ready()) {
                       return absl::UnavailableError("not ready");
                     }
                     return health_pool.Ping(absl::Now() + absl::Seconds(1));
                   });
  if (absl::Status started = host.Start(); !started.ok()) {
    log::Error("start-up failed", {{"error", started.message()}});
    return 1;
  }
  log::Info("serving", {{"listen_address", config->listen_address}, {"port", host.port()}});

  const std::string signal = WaitForShutdownSignal();
  log::Info("signal received", {{"signal", signal}});
  host.Shutdown();
  pool.Close();
  health_pool.Close();
  log::Info("stopped");
  return 0;
}

}  // namespace meridian
