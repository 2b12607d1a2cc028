#include "tools/meridianctl/config.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "yaml-cpp/yaml.h"

namespace meridian::ctl {
namespace {

// The keys of a context in the file, in the order `view` prints them, and their fields.
struct Key {
  const char* yaml;
  const char* env;  // nullptr: no variable
  std::string Settings::*field;
};

const std::vector<Key>& Keys() {
  static const auto* keys = new std::vector<Key>{
      {"address", "MERIDIAN_ADDRESS", &Settings::address},
      {"intake-address", "MERIDIAN_INTAKE_ADDRESS", &Settings::intake_address},
      {"talent-address", "MERIDIAN_TALENT_ADDRESS", &Settings::talent_address},
      {"placement-address", "MERIDIAN_PLACEMENT_ADDRESS", &Settings::placement_address},
      {"key", "MERIDIAN_API_KEY", &Settings::key},
      {"key-file", "MERIDIAN_KEY_FILE", &Settings::key_file},
      {"tls-ca-file", "MERIDIAN_TLS_CA_FILE", &Settings::tls_ca_file},
      {"tls-client-cert-file", "MERIDIAN_TLS_CLIENT_CERT_FILE", &Settings::tls_client_cert_file},
      {"tls-client-key-file", "MERIDIAN_TLS_CLIENT_KEY_FILE", &Settings::tls_client_key_file},
      {"tls-server-name", "MERIDIAN_TLS_SERVER_NAME", &Settings::tls_server_name},
      {"on-behalf-of", "MERIDIAN_ON_BEHALF_OF", &Settings::on_behalf_of},
      {"tz", "MERIDIAN_TZ", &Settings::tz},
  };
  return *keys;
}

// Lays the non-empty fields of `over` on `base`, keeping a key and its file apart: whichever
// level names one of them decides both.
void Overlay(Settings& base, const Settings& over) {
  if (!over.key.empty() || !over.key_file.empty()) {
    base.key = over.key;
    base.key_file = over.key_file;
  }
  for (const Key& key : Keys()) {
    if (key.field == &Settings::key || key.field == &Settings::key_file) continue;
    if (!(over.*key.field).empty()) base.*key.field = over.*key.field;
  }
}

std::string ContextNames(const CtlConfig& config) {
  std::vector<std::string> names;
  for (const auto& [name, unused] : config.contexts) names.push_back(name);
  return names.empty() ? "none yet; make one with `meridianctl config set-context NAME ...`"
                       : absl::StrJoin(names, ", ");
}

}  // namespace

std::optional<std::string> GetEnv(absl::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::string ConfigPath(const EnvLookup& env) {
  if (auto path = env("MERIDIANCTL_CONFIG"); path && !path->empty()) return *path;
  if (auto xdg = env("XDG_CONFIG_HOME"); xdg && !xdg->empty()) {
    return absl::StrCat(*xdg, "/meridian/config.yaml");
  }
  const std::string home = env("HOME").value_or("");
  return absl::StrCat(home.empty() ? "." : home, "/.config/meridian/config.yaml");
}

absl::StatusOr<CtlConfig> LoadConfig(const std::string& path) {
  CtlConfig config;
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return config;
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not YAML: ", e.what()));
  }
  if (root.IsNull()) return config;
  if (!root.IsMap()) return absl::InvalidArgumentError(absl::StrCat(path, ": not a config map"));
  try {
    if (root["current-context"]) config.current_context = root["current-context"].as<std::string>();
    if (const YAML::Node contexts = root["contexts"]; contexts && !contexts.IsNull()) {
      if (!contexts.IsMap()) {
        return absl::InvalidArgumentError(absl::StrCat(path, ": contexts must be a map"));
      }
      for (const auto& entry : contexts) {
        const std::string name = entry.first.as<std::string>();
        Settings settings;
        if (entry.second.IsMap()) {
          for (const auto& item : entry.second) {
            const std::string yaml_key = item.first.as<std::string>();
            bool known = false;
            for (const Key& key : Keys()) {
              if (yaml_key == key.yaml) {
                settings.*key.field = item.second.as<std::string>();
                known = true;
              }
            }
            if (!known) {
              return absl::InvalidArgumentError(
                  absl::StrCat(path, ": context ", name, ": unknown key '", yaml_key, "'"));
            }
          }
        }
        config.contexts[name] = std::move(settings);
      }
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", e.what()));
  }
  return config;
}

namespace {

std::string ToYaml(const CtlConfig& config, bool mask) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "current-context" << YAML::Value << config.current_context;
  out << YAML::Key << "contexts" << YAML::Value << YAML::BeginMap;
  for (const auto& [name, settings] : config.contexts) {
    out << YAML::Key << name << YAML::Value << YAML::BeginMap;
    for (const Key& key : Keys()) {
      std::string value = settings.*key.field;
      if (value.empty()) continue;
      if (mask && key.field == &Settings::key) value = MaskKey(value);
      out << YAML::Key << key.yaml << YAML::Value << value;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap << YAML::EndMap;
  std::string text = out.c_str();
  text.push_back('\n');
  return text;
}

}  // namespace

absl::Status SaveConfig(const CtlConfig& config, const std::string& path) {
  const std::filesystem::path file(path);
  std::error_code error;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), error);
  const std::string temporary = path + ".tmp";
  {
    // Created 0600 before anything is written, so that a key never sits readable by others.
    const mode_t old_mask = umask(077);
    std::ofstream out(temporary, std::ios::trunc);
    umask(old_mask);
    if (!out) return absl::InternalError(absl::StrCat("cannot write ", temporary));
    out << ToYaml(config, /*mask=*/false);
    if (!out.flush()) return absl::InternalError(absl::StrCat("cannot write ", temporary));
  }
  chmod(temporary.c_str(), 0600);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("cannot replace ", path));
  }
  return absl::OkStatus();
}

std::string MaskKey(absl::string_view key) {
  if (key.empty()) return "";
  return absl::StrCat(key.substr(0, std::min<std::size_t>(8, key.size() / 2)), "…");
}

std::string ViewConfig(const CtlConfig& config) { return ToYaml(config, /*mask=*/true); }

void SetContext(CtlConfig& config, const std::string& name, const Settings& changes) {
  Overlay(config.contexts[name], changes);
}

absl::Status UseContext(CtlConfig& config, const std::string& name) {
  if (!config.contexts.contains(name)) {
    return absl::NotFoundError(
        absl::StrCat("no context '", name, "' (contexts: ", ContextNames(config), ")"));
  }
  config.current_context = name;
  return absl::OkStatus();
}

absl::StatusOr<Settings> ResolveSettings(const CtlConfig& config, const std::string& context_name,
                                         const Settings& flags, const EnvLookup& env) {
  std::string name = context_name;
  if (name.empty()) name = env("MERIDIAN_CONTEXT").value_or("");
  if (name.empty()) name = config.current_context;
  Settings settings;
  if (!name.empty()) {
    auto found = config.contexts.find(name);
    if (found == config.contexts.end()) {
      return absl::NotFoundError(
          absl::StrCat("no context '", name, "' (contexts: ", ContextNames(config), ")"));
    }
    settings = found->second;
  }
  Settings from_env;
  for (const Key& key : Keys()) {
    if (auto value = env(key.env); value && !value->empty()) from_env.*key.field = *value;
  }
  // MERIDIAN_API_KEY and MERIDIAN_KEY_FILE together: the key itself is what was meant.
  if (!from_env.key.empty()) from_env.key_file.clear();
  Overlay(settings, from_env);
  Overlay(settings, flags);
  return settings;
}

std::string AddressOf(const Settings& settings, Service service) {
  const std::string* own = nullptr;
  const char* port = "";
  switch (service) {
    case Service::kIntake:
      own = &settings.intake_address;
      port = "50051";
      break;
    case Service::kTalent:
      own = &settings.talent_address;
      port = "50052";
      break;
    case Service::kPlacement:
      own = &settings.placement_address;
      port = "50053";
      break;
  }
  if (!own->empty()) return *own;
  if (settings.address.empty()) return absl::StrCat("127.0.0.1:", port);
  // host:port (or [v6]:port) as given; a bare host gets the service's port.
  const std::string& address = settings.address;
  const bool has_port =
      absl::StartsWith(address, "[")
          ? absl::StrContains(address, "]:")
          : address.find(':') != std::string::npos && address.find(':') == address.rfind(':');
  return has_port ? address : absl::StrCat(address, ":", port);
}

}  // namespace meridian::ctl
