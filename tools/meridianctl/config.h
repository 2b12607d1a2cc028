// meridianctl's settings: named contexts in a config file, like kubectl's, and how a call's
// settings are put together from the context, the environment and the flags (the flags win,
// then MERIDIAN_* variables, then the context).
//
// The file is $MERIDIANCTL_CONFIG, else $XDG_CONFIG_HOME/meridian/config.yaml, else
// ~/.config/meridian/config.yaml; written with mode 0600 because a context may hold a key.
//
//   current-context: local
//   contexts:
//     local:
//       address: 127.0.0.1          # the services' host, on their default ports
//       key-file: /home/ana/meridian/.meridian/keys/admin.key
//     prod:
//       intake-address: intake.example.com:443
//       talent-address: talent.example.com:443
//       placement-address: placement.example.com:443
//       key: mrd_...                # or key-file; `config view` never prints it in full
//       tls-ca-file: /etc/meridian/ca.pem
//       tz: Europe/Lisbon
//
//   absl::StatusOr<CtlConfig> config = LoadConfig(ConfigPath());
//   absl::StatusOr<Settings> settings = ResolveSettings(*config, flags, GetEnv);
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace meridian::ctl {

// Where to call and as whom. Every field may be empty (not set at this level).
struct Settings {
  // The host of all three services on their default ports (intake 50051, talent 50052,
  // placement 50053), or host:port when one address serves all of them.
  std::string address = {};
  // host:port of one service, overriding `address` for it.
  std::string intake_address = {};
  std::string talent_address = {};
  std::string placement_address = {};
  // The API key, or the file that holds it (mode 0600). `key` wins when both are set.
  std::string key = {};
  std::string key_file = {};
  // TLS: the CA the servers' certificates chain to (set turns TLS on), a client certificate
  // and key for mTLS, and the name the certificates carry when the address's host is not it.
  std::string tls_ca_file = {};
  std::string tls_client_cert_file = {};
  std::string tls_client_key_file = {};
  std::string tls_server_name = {};
  // The person the key acts for, recorded in the audit log.
  std::string on_behalf_of = {};
  // The zone times are shown in (IANA name); empty means $TZ or the machine's.
  std::string tz = {};
};

// The config file: contexts by name and the one in use.
struct CtlConfig {
  std::string current_context = {};
  std::map<std::string, Settings> contexts = {};
};

// The config file's path from the environment (see the top of this file). `env` reads a
// variable (nullopt when unset); tests pass their own.
using EnvLookup = std::function<std::optional<std::string>(absl::string_view)>;
std::string ConfigPath(const EnvLookup& env);

// The process's own environment.
std::optional<std::string> GetEnv(absl::string_view name);

// An empty config when the file does not exist; INVALID_ARGUMENT naming the file and the
// problem when it is not a config (not YAML, an unknown key in a context).
absl::StatusOr<CtlConfig> LoadConfig(const std::string& path);

// Writes `config` to `path` (directories made as needed, mode 0600, replaced atomically).
absl::Status SaveConfig(const CtlConfig& config, const std::string& path);

// The config as YAML, keys shown as their first 8 characters and "…" (never in full).
std::string ViewConfig(const CtlConfig& config);

// A key as `config view` shows it: "mrd_ab12…" (at most 8 characters), "" when empty.
std::string MaskKey(absl::string_view key);

// Sets the fields of `changes` that are not empty on context `name` (made when missing). The
// key of a context is one or the other: setting `key` clears `key_file` and the other way.
void SetContext(CtlConfig& config, const std::string& name, const Settings& changes);

// Makes `name` the current context; NOT_FOUND listing the contexts when there is none by that
// name.
absl::Status UseContext(CtlConfig& config, const std::string& name);

// The settings of one call: the context (`context_name`, else $MERIDIAN_CONTEXT, else the
// current one; NOT_FOUND when it names a context that does not exist), over which the
// environment's MERIDIAN_ADDRESS, MERIDIAN_INTAKE_ADDRESS, MERIDIAN_TALENT_ADDRESS,
// MERIDIAN_PLACEMENT_ADDRESS, MERIDIAN_API_KEY, MERIDIAN_KEY_FILE, MERIDIAN_TLS_CA_FILE,
// MERIDIAN_TLS_CLIENT_CERT_FILE, MERIDIAN_TLS_CLIENT_KEY_FILE, MERIDIAN_TLS_SERVER_NAME,
// MERIDIAN_ON_BEHALF_OF and MERIDIAN_TZ, then the non-empty `flags`, are laid.
absl::StatusOr<Settings> ResolveSettings(const CtlConfig& config, const std::string& context_name,
                                         const Settings& flags, const EnvLookup& env);

// The services meridianctl calls, by their default ports.
enum class Service { kIntake, kTalent, kPlacement };

// host:port to call `service` at: its own address when set, else `address` (with the
// service's default port when it has none), else 127.0.0.1 on the default port.
std::string AddressOf(const Settings& settings, Service service);

}  // namespace meridian::ctl
