#include "common/config/server_config.h"

#include <algorithm>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/config/env_flags.h"

ABSL_FLAG(std::string, listen_address, "",
          "host:port to serve gRPC on; defaults to 127.0.0.1 and the service's port");
ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL connection URL, e.g. postgresql://user@127.0.0.1:5432/meridian");
ABSL_FLAG(bool, migrate, true, "apply database migrations at start-up");
ABSL_FLAG(bool, migrate_only, false, "apply database migrations and exit");
ABSL_FLAG(int, db_pool_size, 8, "connections in the database pool (1-256)");
ABSL_FLAG(absl::Duration, statement_timeout, absl::Seconds(10),
          "upper bound for one SQL statement (e.g. 10s)");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "time calls in flight get to finish after SIGTERM (e.g. 10s)");
ABSL_FLAG(absl::Duration, health_check_interval, absl::Seconds(2),
          "how often the database is probed for the health status (e.g. 2s)");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain to serve TLS with on --listen_address (with --tls_key_file); "
          "empty: plaintext. Health then stays in plaintext only on --health_listen_address");
ABSL_FLAG(std::string, tls_key_file, "",
          "unencrypted PEM private key of --tls_cert_file; never logged");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA certificates: when set, every client must present a certificate that chains "
          "to one of them (mTLS); needs --tls_cert_file");
ABSL_FLAG(std::string, health_listen_address, "",
          "host:port where grpc.health.v1 alone (no reflection, no service RPCs) is served in "
          "plaintext, for Kubernetes' gRPC probes, which cannot speak TLS; empty: none");
ABSL_FLAG(std::string, bootstrap_admin_key_file, "",
          "when the database has no working ADMIN API key, create one and write it to this file "
          "(mode 0600); nothing happens once an ADMIN key exists");
ABSL_FLAG(std::string, peer_key_file, "",
          "file with this service's own API key, sent when it calls another Meridian service "
          "(talent and placement need one)");
ABSL_FLAG(bool, peer_key_bootstrap, false,
          "create this service's key in --peer_key_file when the file is missing or its key no "
          "longer works (local set-ups; production provisions keys through AccessService)");
ABSL_FLAG(std::string, metrics_listen_address, "",
          "host:port where Prometheus metrics are served over HTTP at /metrics (for example "
          "0.0.0.0:9090); empty: none");
ABSL_FLAG(std::string, webhook_signing_key_file, "",
          "file with the key (at least 32 characters, mode 0600) every webhook subscription's "
          "signing secret is derived from; empty: no webhooks (the intake service delivers them)");
ABSL_FLAG(bool, webhook_allow_private_targets, false,
          "let webhook targets be http:// and private or loopback addresses: development only, "
          "since it lets callers make the service reach inside its network");
ABSL_FLAG(absl::Duration, event_retention, absl::Hours(24 * 30),
          "how long the event feed keeps an event; a reader further behind gets OUT_OF_RANGE "
          "(the intake service, which serves the feed, purges it)");
ABSL_FLAG(absl::Duration, request_id_retention, absl::Hours(24),
          "how long a served request_id is remembered: a retry within it gets the first answer");
ABSL_FLAG(int, rate_limit_replicas, 1,
          "replicas sharing each API key's rate limit; each replica allows 1/N of it");
ABSL_FLAG(std::string, rate_limits, "",
          "rate limits replacing the built-in ones of roles, for keys that set none of their "
          "own: ROLE=requests_per_second/burst, comma-separated, e.g. "
          "PARTNER=50/100,RECRUITER=300/600; rate above 0 and at most 1000000, burst a whole "
          "number from 1 to 1000000; roles not named keep their defaults");
ABSL_FLAG(std::string, peer_tls_ca_file, "",
          "PEM CA certificates that the other Meridian services' certificates must chain to: "
          "when set, this service calls them over TLS (talent and placement call others)");
ABSL_FLAG(std::string, peer_tls_cert_file, "",
          "PEM client certificate this service presents to the services it calls, for peers "
          "that require mTLS (with --peer_tls_key_file and --peer_tls_ca_file)");
ABSL_FLAG(std::string, peer_tls_key_file, "",
          "unencrypted PEM private key of --peer_tls_cert_file; never logged");

namespace meridian {
namespace {

bool IsHostPort(absl::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos || colon == 0) return false;
  const absl::string_view digits = address.substr(colon + 1);
  int port = 0;
  return !digits.empty() && digits.size() <= 5 &&
         std::all_of(digits.begin(), digits.end(), absl::ascii_isdigit) &&
         absl::SimpleAtoi(digits, &port) && port <= 65535;
}

}  // namespace

absl::Status ValidateServerConfig(const ServerConfig& config) {
  if (!IsHostPort(config.listen_address)) {
    return InvalidFlag("listen_address", "must be host:port with a port from 0 to 65535");
  }
  if (config.database_url.empty()) {
    return InvalidFlag("database_url", "is required");
  }
  if (config.db_pool_size < 1 || config.db_pool_size > 256) {
    return InvalidFlag("db_pool_size", "must be between 1 and 256");
  }
  if (config.statement_timeout <= absl::ZeroDuration()) {
    return InvalidFlag("statement_timeout", "must be positive");
  }
  if (config.shutdown_grace < absl::ZeroDuration()) {
    return InvalidFlag("shutdown_grace", "must not be negative");
  }
  if (config.health_check_interval < absl::Milliseconds(100)) {
    return InvalidFlag("health_check_interval", "must be at least 100ms");
  }
  if (!config.health_listen_address.empty()) {
    if (!IsHostPort(config.health_listen_address)) {
      return InvalidFlag("health_listen_address", "must be host:port with a port from 0 to 65535");
    }
    if (config.health_listen_address == config.listen_address &&
        !absl::EndsWith(config.listen_address, ":0")) {
      return InvalidFlag("health_listen_address", "must differ from --listen_address");
    }
  }
  if (config.request_id_retention < absl::Minutes(1)) {
    return InvalidFlag("request_id_retention", "must be at least 1m");
  }
  if (config.event_retention < absl::Hours(1)) {
    return InvalidFlag("event_retention", "must be at least 1h");
  }
  if (config.rate_limit_replicas < 1 || config.rate_limit_replicas > 1000) {
    return InvalidFlag("rate_limit_replicas", "must be between 1 and 1000");
  }
  if (absl::Status roles = ValidateRoleRateLimits(config.rate_limits); !roles.ok()) {
    return InvalidFlag("rate_limits", roles.message());
  }
  if (config.peer_key_bootstrap && config.peer_key_file.empty()) {
    return InvalidFlag("peer_key_bootstrap", "needs --peer_key_file");
  }
  if (absl::StatusOr<ServerTlsPem> tls = ReadServerTls(config.tls); !tls.ok()) {
    return tls.status();
  }
  if (absl::StatusOr<ClientTlsPem> peer = ReadClientTls(config.peer_tls, kPeerTlsFlags);
      !peer.ok()) {
    return peer.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<ServerConfig> LoadServerConfig(int default_port) {
  ServerConfig config;
  config.listen_address = absl::GetFlag(FLAGS_listen_address);
  if (config.listen_address.empty()) {
    config.listen_address = absl::StrCat("127.0.0.1:", default_port);
  }
  config.database_url = absl::GetFlag(FLAGS_database_url);
  config.migrate = absl::GetFlag(FLAGS_migrate);
  config.migrate_only = absl::GetFlag(FLAGS_migrate_only);
  config.db_pool_size = absl::GetFlag(FLAGS_db_pool_size);
  config.statement_timeout = absl::GetFlag(FLAGS_statement_timeout);
  config.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  config.health_check_interval = absl::GetFlag(FLAGS_health_check_interval);
  config.tls = {.cert_file = absl::GetFlag(FLAGS_tls_cert_file),
                .key_file = absl::GetFlag(FLAGS_tls_key_file),
                .client_ca_file = absl::GetFlag(FLAGS_tls_client_ca_file)};
  config.health_listen_address = absl::GetFlag(FLAGS_health_listen_address);
  config.peer_tls = {.ca_file = absl::GetFlag(FLAGS_peer_tls_ca_file),
                     .cert_file = absl::GetFlag(FLAGS_peer_tls_cert_file),
                     .key_file = absl::GetFlag(FLAGS_peer_tls_key_file)};
  config.bootstrap_admin_key_file = absl::GetFlag(FLAGS_bootstrap_admin_key_file);
  config.peer_key_file = absl::GetFlag(FLAGS_peer_key_file);
  config.peer_key_bootstrap = absl::GetFlag(FLAGS_peer_key_bootstrap);
  config.request_id_retention = absl::GetFlag(FLAGS_request_id_retention);
  config.event_retention = absl::GetFlag(FLAGS_event_retention);
  config.webhook_signing_key_file = absl::GetFlag(FLAGS_webhook_signing_key_file);
  config.metrics_listen_address = absl::GetFlag(FLAGS_metrics_listen_address);
  config.webhook_allow_private_targets = absl::GetFlag(FLAGS_webhook_allow_private_targets);
  config.rate_limit_replicas = absl::GetFlag(FLAGS_rate_limit_replicas);
  absl::StatusOr<RoleRateLimits> rate_limits =
      ParseRoleRateLimits(absl::GetFlag(FLAGS_rate_limits));
  if (!rate_limits.ok()) return InvalidFlag("rate_limits", rate_limits.status().message());
  config.rate_limits = *std::move(rate_limits);
  if (!log::ParseSeverity(absl::GetFlag(FLAGS_log_level), &config.log_level)) {
    return InvalidFlag("log_level", "must be debug, info, warning or error");
  }
  if (absl::Status status = ValidateServerConfig(config); !status.ok()) return status;
  return config;
}

}  // namespace meridian
