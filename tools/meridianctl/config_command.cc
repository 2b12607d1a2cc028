// meridianctl config: the contexts of the config file (set-context, use-context, view,
// current-context). None of it calls a service.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/strip.h"
#include "tools/meridianctl/command_support.h"
#include "tools/meridianctl/commands.h"
#include "tools/meridianctl/config.h"
#include "tools/meridianctl/rpc_error.h"
#include "tools/meridianctl/session.h"

namespace meridian::ctl {

void Cli::AddConfig() {
  CLI::App* group = Group("config", "contexts in the config file: set-context, use-context, view");
  {
    struct Options {
      std::string name;
      bool key_from_stdin = false;
      bool use = false;
    };
    auto options = std::make_shared<Options>();
    // The context's settings are the global options (--address, --key-file, --tls-ca-file,
    // --tz ...), given after the name as anywhere else.
    CLI::App* set = Leaf(
        group, "set-context", "make or change a context from the global options given",
        [options, this](Session&) {
          const std::string path = ConfigPath(GetEnv);
          auto config = LoadConfig(path);
          if (!config.ok()) return StatusError(config.status());
          Settings changes = globals_.flags;
          changes.tz = globals_.tz;
          if (options->key_from_stdin) {
            std::string key;
            std::getline(std::cin, key);
            changes.key = std::string(absl::StripAsciiWhitespace(key));
            if (changes.key.empty()) return UsageError("--key-from-stdin: no key on stdin");
            changes.key_file.clear();
          }
          SetContext(*config, options->name, changes);
          if (options->use || config->current_context.empty())
            config->current_context = options->name;
          if (absl::Status saved = SaveConfig(*config, path); !saved.ok())
            return StatusError(saved);
          std::printf("context %s set in %s%s\n", options->name.c_str(), path.c_str(),
                      config->current_context == options->name ? " (current)" : "");
          return kExitOk;
        },
        /*server=*/false);
    set->add_option("name", options->name, "the context's name")->required();
    set->add_flag("--key-from-stdin", options->key_from_stdin,
                  "store the API key read from stdin in the context (the file is mode 0600)");
    set->add_flag("--use", options->use, "make it the current context");
    set->footer(
        "e.g. meridianctl config set-context prod --address meridian.example.com "
        "--key-file ~/.meridian/prod.key --tls-ca-file ca.pem --tz Europe/Lisbon --use");
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* use = Leaf(
        group, "use-context", "make a context the current one",
        [name](Session&) {
          const std::string path = ConfigPath(GetEnv);
          auto config = LoadConfig(path);
          if (!config.ok()) return StatusError(config.status());
          if (absl::Status used = UseContext(*config, *name); !used.ok()) return StatusError(used);
          if (absl::Status saved = SaveConfig(*config, path); !saved.ok())
            return StatusError(saved);
          std::printf("current context: %s\n", name->c_str());
          return kExitOk;
        },
        /*server=*/false);
    use->add_option("name", *name, "the context")->required();
  }
  Leaf(
      group, "view", "print the config (keys never in full)",
      [](Session&) {
        auto config = LoadConfig(ConfigPath(GetEnv));
        if (!config.ok()) return StatusError(config.status());
        std::fputs(ViewConfig(*config).c_str(), stdout);
        return kExitOk;
      },
      /*server=*/false);
  Leaf(
      group, "current-context", "print the context in use and where each service is called",
      [](Session& session) {
        auto config = LoadConfig(ConfigPath(GetEnv));
        if (!config.ok()) return StatusError(config.status());
        std::printf("context: %s\nintake: %s\ntalent: %s\nplacement: %s\nkey: %s\n",
                    config->current_context.empty() ? "(none)" : config->current_context.c_str(),
                    AddressOf(session.settings(), Service::kIntake).c_str(),
                    AddressOf(session.settings(), Service::kTalent).c_str(),
                    AddressOf(session.settings(), Service::kPlacement).c_str(),
                    !session.settings().key.empty()        ? MaskKey(session.settings().key).c_str()
                    : !session.settings().key_file.empty() ? session.settings().key_file.c_str()
                                                           : "(none)");
        return kExitOk;
      },
      /*server=*/false);
}

}  // namespace meridian::ctl
