#include "common/server/server_main.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/bootstrap.h"
#include "common/config/env_flags.h"
#include "common/logging/log.h"
#include "common/logging/protobuf_log.h"
#include "common/migrations/migrations.h"
#include "common/server/metrics_endpoint.h"
#include "common/server/peer_channel.h"
#include "common/server/service_host.h"

namespace meridian {
namespace {

// How long past the grace the shutdown waits for cancelled calls and background workers.
constexpr absl::Duration kShutdownMargin = absl::Seconds(2);

// Set once the server has stopped and every handler has returned; the teardown thread waits
// for it before it frees what the handlers used.
class ServerStopped final {
 public:
  void Notify() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    changed_.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return stopped_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopped_ = false;
};

}  // namespace

AccessWiring AccessWiringFrom(const ServerConfig& config) {
  AccessWiring access;
  access.gate.request_retention = config.request_id_retention;
  access.gate.rate_limits.replicas = config.rate_limit_replicas;
  access.gate.rate_limits.role_limits = config.rate_limits;
  access.peer_key = config.peer_key;
  return access;
}

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
  // Before any service exists: their wiring creates its channels with these settings.
  if (absl::Status peer_tls = SetPeerTls(config->peer_tls); !peer_tls.ok()) {
    std::fprintf(stderr, "invalid configuration: %s\n", std::string(peer_tls.message()).c_str());
    return 2;
  }
  log::SetMinSeverity(config->log_level);
  log::Info("starting", {{"database", log::RedactDatabaseUrl(config->database_url)},
                         {"listen_address", config->listen_address},
                         {"tls", config->tls.enabled()},
                         {"mtls", !config->tls.client_ca_file.empty()},
                         {"peer_tls", config->peer_tls.enabled()},
                         // Empty: every role has its built-in limit.
                         {"rate_limits", FormatRoleRateLimits(config->rate_limits)}});

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
  if (!config->bootstrap_admin_key_file.empty()) {
    if (absl::Status made = BootstrapAdminKey(pool, config->bootstrap_admin_key_file); !made.ok()) {
      log::Error("the bootstrap ADMIN key could not be made; not starting",
                 {{"error", made.message()}});
      return 1;
    }
  }
  if (!config->peer_key_file.empty()) {
    absl::StatusOr<std::string> key =
        config->peer_key_bootstrap
            ? EnsureServiceKey(pool, config->peer_key_file, description.peer_role)
            : ReadKeyFile(config->peer_key_file);
    if (!key.ok()) {
      std::fprintf(stderr, "invalid configuration: --peer_key_file (MERIDIAN_PEER_KEY_FILE): %s\n",
                   std::string(key.status().message()).c_str());
      return 2;
    }
    config->peer_key = *std::move(key);
  }
  if (!config->webhook_signing_key_file.empty()) {
    absl::StatusOr<std::string> key = ReadKeyFile(config->webhook_signing_key_file);
    if (key.ok() && key->size() < 32) {
      key = absl::FailedPreconditionError("the key must be at least 32 characters");
    }
    if (!key.ok()) {
      std::fprintf(stderr,
                   "invalid configuration: --webhook_signing_key_file "
                   "(MERIDIAN_WEBHOOK_SIGNING_KEY_FILE): %s\n",
                   std::string(key.status().message()).c_str());
      return 2;
    }
    config->webhook_signing_key = *std::move(key);
  }
  std::unique_ptr<MetricsEndpoint> metrics;
  if (!config->metrics_listen_address.empty()) {
    absl::StatusOr<std::unique_ptr<MetricsEndpoint>> started =
        MetricsEndpoint::Start(config->metrics_listen_address);
    if (!started.ok()) {
      std::fprintf(stderr,
                   "invalid configuration: --metrics_listen_address "
                   "(MERIDIAN_METRICS_LISTEN_ADDRESS): %s\n",
                   std::string(started.status().message()).c_str());
      return 2;
    }
    metrics = *std::move(started);
    log::Info("serving metrics",
              {{"address", config->metrics_listen_address}, {"port", metrics->port()}});
  }
  ServiceBundle bundle = make_services(pool, *config);

  ServiceHost host(
      {.listen_address = config->listen_address,
       .health_service_names = description.grpc_service_names,
       .shutdown_grace = config->shutdown_grace,
       .health_check_interval = config->health_check_interval,
       // At the end of the grace the callers of the calls still running are told
       // they failed: their transactions must roll back, not commit later.
       .cancel_in_flight = [&pool](absl::Time deadline) { pool.CancelInFlight(deadline); },
       .cancel_margin = kShutdownMargin,
       .tls = config->tls,
       .health_listen_address = config->health_listen_address},
      bundle.services(),
      // A connection of its own: a pool busy with slow calls must not take every
      // replica out of rotation at once.
      [&health_pool, &bundle] { return CheckReadiness(bundle, health_pool); });
  if (absl::Status started = host.Start(); !started.ok()) {
    log::Error("start-up failed", {{"error", started.message()}});
    return 1;
  }
  log::Fields serving = {{"listen_address", config->listen_address}, {"port", host.port()}};
  if (!config->health_listen_address.empty()) {
    serving["health_listen_address"] = config->health_listen_address;
    serving["health_port"] = host.health_port();
  }
  log::Info("serving", serving);

  const std::string signal = WaitForShutdownSignal();
  log::Info("signal received", {{"signal", signal}});
  const absl::Time grace_end = absl::Now() + config->shutdown_grace;
  const absl::Time give_up = grace_end + kShutdownMargin;
  // From the signal on, while the calls drain, the background workers take no new work and
  // finish what they hold (a webhook delivery, a durable task), committing it and releasing
  // its lease: a lease left behind would hold that work up after every rolling restart. The
  // bundle is released on the same thread once the server has stopped.
  // The handover is a std::mutex, not an absl::Notification: it is what orders the last
  // handler's writes (which Shutdown waited for through InFlightCalls' std::mutex) before the
  // bundle is freed, and ThreadSanitizer sees pthread's locks but not those of Debian's
  // uninstrumented Abseil, so with a Notification it reported that order as a race.
  ServerStopped server_stopped;
  BoundedThread teardown([&bundle, &server_stopped] {
    bundle.StopBackground();
    server_stopped.Wait();
    bundle.Release();
  });
  bool clean = host.Shutdown();
  if (clean) {
    server_stopped.Notify();
    // Background work still running when the grace is over is cut short: nothing commits
    // from then on (its tasks are durable and resume at the next start), so one waiting on
    // the database stops at once; one stuck elsewhere is left behind at the limit.
    if (!teardown.WaitUntil(grace_end)) {
      BoundedThread cancel([&pool, give_up] { pool.CancelInFlight(give_up); });
      clean = teardown.WaitUntil(std::max(give_up, absl::Now() + absl::Milliseconds(500)));
      clean = cancel.WaitUntil(absl::Now() + absl::Milliseconds(500)) && clean;
    }
  }
  if (!clean) {
    // Work is still running, and may use the pools, the services and the host: destroying
    // them under it is what crashed after "stopped". No call still running can commit (the
    // pool is cancelling), and PostgreSQL rolls back what is open when the process ends.
    log::Error("exiting with work still running after the shutdown grace and margin");
    log::Info("stopped");
    std::fflush(stdout);
    std::_Exit(0);
  }
  pool.Close();
  health_pool.Close();
  log::Info("stopped");
  return 0;
}

}  // namespace meridian
