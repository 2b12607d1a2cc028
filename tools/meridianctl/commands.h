// meridianctl's command tree: the global options and one group of subcommands an area (clients,
// roles, candidates, search, submissions, interviews and scorecards, placements, events, keys
// and agencies, config, completion). Each Add* is defined in its area's *_command.cc, and each
// subcommand's action runs with the Session of the run.
//
//   void Cli::AddEvents() {                                      // in events_command.cc
//     CLI::App* group = Group("events", "the event feed: follow it, or list a page");
//     auto paging = std::make_shared<Paging>();
//     CLI::App* list = Leaf(group, "list", "a page of past events",
//                           [paging](Session& session) { ...; return kExitOk; });
//     AddPaging(list, *paging);
//   }
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "tools/meridianctl/session.h"

namespace meridian::ctl {

// What a subcommand does once the command line is parsed; returns the exit status.
using Action = std::function<int(Session&)>;

class Cli final {
 public:
  // The whole tree, with the global options.
  Cli();

  CLI::App& app() { return *app_; }

  // Parses the command line and runs the subcommand it names; returns the exit status.
  int Execute(int argc, char** argv);

 private:
  // A subcommand that runs `run` (calling the services unless `server` is false).
  CLI::App* Leaf(CLI::App* parent, const std::string& name, const std::string& description,
                 Action run, bool server = true);

  // A top-level command that takes one subcommand.
  CLI::App* Group(const std::string& name, const std::string& description);

  void AddClients();        // clients_command.cc
  void AddRoles();          // roles_command.cc
  void AddRecommendKind();  // roles_command.cc
  void AddCandidates();     // candidates_command.cc
  void AddSearch();         // search_command.cc
  void AddSubmissions();    // submissions_command.cc
  void AddInterviews();     // interviews_command.cc
  void AddScorecards();     // interviews_command.cc
  void AddPlacements();     // placements_command.cc
  void AddEvents();         // events_command.cc
  void AddKeys();           // admin_commands.cc
  void AddAgencies();       // admin_commands.cc
  void AddConfig();         // config_command.cc
  void AddCompletion();     // completion_command.cc

  Globals globals_;
  std::unique_ptr<CLI::App> app_;
  Action action_;
  bool needs_server_ = true;
};

}  // namespace meridian::ctl
