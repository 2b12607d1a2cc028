// meridianctl's entry point and its command tree (CLI11): what each subcommand sends to which
// service, and how it prints the answer. main() only calls Run().
//
//   meridianctl clients create --name "Acme Robotics" --time-zone America/New_York
//   meridianctl roles create clients/1 --title "Backend engineer" --kind BACKEND_ENGINEER
//       --skill go:4:3 --budget "9000 USD"   (one line)
//   meridianctl search clients/1/roles/2 --explain
//   meridianctl -o yaml placements agenda --tz Europe/Lisbon
//
// The parts that need no server (the tree, the bash completion script) are declared here for
// the tests; the parsing of arguments is in arguments.h, the commands in commands.h and the
// *_command.cc files.
#pragma once

#include <string>

#include "CLI/CLI.hpp"

namespace meridian::ctl {

// Runs meridianctl with its command line; returns the exit status (rpc_error.h lists them).
int Run(int argc, char** argv);

// The command tree with every subcommand and option (one for the process), for the tests.
CLI::App& CommandTree();

// A bash completion script for `app`: subcommands, then each subcommand's options.
std::string BashCompletion(CLI::App& app);

}  // namespace meridian::ctl
