// The settings every Meridian service shares, read from flags (with MERIDIAN_* environment
// fallbacks, see env_flags.h) and validated before anything starts.
//
//   meridian::ParseFlagsWithEnvironment(argc, argv, "...");
//   absl::StatusOr<meridian::ServerConfig> config = meridian::LoadServerConfig(50051);
//   if (!config.ok()) { /* message names the setting; exit 2 */ }
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/rate_limiter.h"
#include "common/config/tls_config.h"
#include "common/logging/log.h"

namespace meridian {

struct ServerConfig {
  // host:port to listen on (port 0 picks a free one).
  std::string listen_address;
  // libpq connection URL or key=value string. Holds a password: never log it unredacted.
  std::string database_url;
  // Apply the database migrations at start-up.
  bool migrate = true;
  // Apply the migrations and exit (for a deployment's migration job).
  bool migrate_only = false;
  // Connections in the database pool.
  int db_pool_size = 8;
  // Upper bound for any SQL statement, also when the caller set no deadline.
  absl::Duration statement_timeout = absl::Seconds(10);
  // How long calls in flight may run after SIGTERM before they are cancelled.
  absl::Duration shutdown_grace = absl::Seconds(10);
  // How often the database is probed to keep the health status true.
  absl::Duration health_check_interval = absl::Seconds(2);
  log::Severity log_level = log::Severity::kInfo;
  // TLS (and mTLS) on listen_address; plaintext when nothing is set.
  ServerTls tls = {};
  // Empty, or a host:port where grpc.health.v1 alone is served in plaintext: Kubernetes'
  // gRPC probes speak no TLS, so a TLS deployment points them here.
  std::string health_listen_address = {};
  // The service's calls to the other services (talent and placement make some).
  ClientTls peer_tls = {};
  // When set and the database has no working ADMIN key: create one and write it here (0600).
  std::string bootstrap_admin_key_file = {};
  // The file holding this service's own API key, sent when it calls another service.
  std::string peer_key_file = {};
  // Create that key (of the service's role) when the file is missing or its key no longer
  // works: for local set-ups such as ./meridian up; production provisions keys itself.
  bool peer_key_bootstrap = false;
  // How long a served request_id is remembered for retries.
  absl::Duration request_id_retention = absl::Hours(24);
  // How long the event feed keeps an event (the service serving EventService purges it).
  absl::Duration event_retention = absl::Hours(24 * 30);
  // Replicas sharing each key's rate limit (each allows 1/N of it).
  int rate_limit_replicas = 1;
  // Limits replacing the built-in ones of their roles (--rate_limits); other roles keep
  // DefaultRateLimit's.
  RoleRateLimits rate_limits = {};
  // host:port where Prometheus metrics are served over HTTP at /metrics; empty: none.
  std::string metrics_listen_address = {};
  // The file holding the key webhook secrets are derived from (intake, which delivers
  // webhooks); empty: no webhooks.
  std::string webhook_signing_key_file = {};
  // Lets webhook targets be http:// and private or loopback addresses (development only).
  bool webhook_allow_private_targets = false;
  // Not a flag: the key read from (or made in) peer_key_file by RunServer. A secret: never
  // log it.
  std::string peer_key = {};
  // Not a flag: the key read from webhook_signing_key_file by RunServer. A secret: never log
  // it.
  std::string webhook_signing_key = {};
};

// Reads the shared flags; `default_port` is used when --listen_address is not given.
// Returns INVALID_ARGUMENT naming the flag (and its variable) for a bad value.
absl::StatusOr<ServerConfig> LoadServerConfig(int default_port);

// Validates a config built in code (tests), with the same rules. Reads the TLS files, so that
// a missing or unreadable one stops the start.
absl::Status ValidateServerConfig(const ServerConfig& config);

}  // namespace meridian
