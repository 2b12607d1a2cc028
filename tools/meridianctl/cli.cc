#include "tools/meridianctl/cli.h"

#include <memory>
#include <string>
#include <utility>

#include "tools/meridianctl/command_support.h"
#include "tools/meridianctl/commands.h"
#include "tools/meridianctl/rpc_error.h"
#include "tools/meridianctl/session.h"

namespace meridian::ctl {

Cli::Cli()
    : app_(std::make_unique<CLI::App>(
          "meridianctl: the recruiter's command line for Meridian (clients, roles, "
          "candidates, search, submissions, interviews, scorecards, placements, events, keys)",
          "meridianctl")) {
  CLI::App& app = *app_;
  app.fallthrough();
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "every command and option");
  app.add_option("-o,--output", globals_.output, "table (default), json or yaml");
  app.add_option("--tz", globals_.tz,
                 "time zone to show times in (default: the context's tz, $TZ or the machine's)");
  app.add_option("--context", globals_.context, "the config context to use (default: current)");
  app.add_option("--address", globals_.flags.address,
                 "host of the services on their default ports, or host:port ($MERIDIAN_ADDRESS)");
  app.add_option("--intake-address", globals_.flags.intake_address, "host:port of intake");
  app.add_option("--talent-address", globals_.flags.talent_address, "host:port of talent");
  app.add_option("--placement-address", globals_.flags.placement_address, "host:port of placement");
  app.add_option("--key-file", globals_.flags.key_file,
                 "file holding the API key, mode 0600 ($MERIDIAN_KEY_FILE)");
  app.add_option("--tls-ca-file", globals_.flags.tls_ca_file, "CA of the servers (turns TLS on)");
  app.add_option("--tls-client-cert-file", globals_.flags.tls_client_cert_file,
                 "client certificate for mTLS");
  app.add_option("--tls-client-key-file", globals_.flags.tls_client_key_file,
                 "client key for mTLS");
  app.add_option("--tls-server-name", globals_.flags.tls_server_name,
                 "name the servers' certificates carry");
  app.add_option("--on-behalf-of", globals_.flags.on_behalf_of,
                 "the person the key acts for (audit log)");
  app.add_option("--timeout", globals_.timeout_seconds, "seconds each call may take (default 30)");
  AddClients();
  AddRoles();
  AddRecommendKind();
  AddCandidates();
  AddSearch();
  AddSubmissions();
  AddInterviews();
  AddScorecards();
  AddPlacements();
  AddEvents();
  AddKeys();
  AddAgencies();
  AddConfig();
  AddCompletion();
}

int Cli::Execute(int argc, char** argv) {
  try {
    app_->parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app_->exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (!action_) return UsageError("nothing to do; see meridianctl --help");
  Session session(globals_);
  if (auto failed = session.Init()) return *failed;
  if (needs_server_) {
    if (auto failed = session.Connect()) return *failed;
  }
  return action_(session);
}

CLI::App* Cli::Leaf(CLI::App* parent, const std::string& name, const std::string& description,
                    Action run, bool server) {
  CLI::App* command = parent->add_subcommand(name, description);
  command->callback([this, run = std::move(run), server] {
    action_ = run;
    needs_server_ = server;
  });
  return command;
}

CLI::App* Cli::Group(const std::string& name, const std::string& description) {
  CLI::App* group = app_->add_subcommand(name, description);
  group->require_subcommand(1);
  return group;
}

CLI::App& CommandTree() {
  static auto* cli = new Cli();
  return cli->app();
}

int Run(int argc, char** argv) {
  Cli cli;
  return cli.Execute(argc, argv);
}

}  // namespace meridian::ctl
