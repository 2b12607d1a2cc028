// meridianctl completion: the bash completion script, made from the command tree itself.
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/meridianctl/cli.h"
#include "tools/meridianctl/commands.h"
#include "tools/meridianctl/rpc_error.h"
#include "tools/meridianctl/session.h"

namespace meridian::ctl {

namespace {

// Every command path ("clients create") with the words that may follow it.
void CollectCompletions(CLI::App& app, const std::string& path,
                        std::vector<std::pair<std::string, std::string>>& out) {
  std::vector<std::string> words;
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    words.push_back(sub->get_name());
  }
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& name : option->get_lnames()) words.push_back("--" + name);
    for (const std::string& name : option->get_snames()) words.push_back("-" + name);
  }
  out.emplace_back(path, absl::StrJoin(words, " "));
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    CollectCompletions(
        *sub, path.empty() ? sub->get_name() : absl::StrCat(path, " ", sub->get_name()), out);
  }
}

}  // namespace

void Cli::AddCompletion() {
  CLI::App* group = Group("completion", "shell completion scripts");
  Leaf(
      group, "bash", "bash completion: source <(meridianctl completion bash)",
      [this](Session&) {
        std::fputs(BashCompletion(*app_).c_str(), stdout);
        return kExitOk;
      },
      /*server=*/false);
}

std::string BashCompletion(CLI::App& app) {
  std::vector<std::pair<std::string, std::string>> paths;
  CollectCompletions(app, "", paths);
  std::string script =
      "# bash completion for meridianctl: source <(meridianctl completion bash)\n"
      "_meridianctl() {\n"
      "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" path=\"\" word i\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    word=\"${COMP_WORDS[i]}\"\n"
      "    [[ $word == -* ]] && continue\n"
      "    case \"${path:+$path }$word\" in\n";
  std::vector<std::string> known;
  for (const auto& [path, words] : paths) {
    if (!path.empty()) known.push_back(absl::StrCat("\"", path, "\""));
  }
  absl::StrAppend(&script, "      ", absl::StrJoin(known, " | "), ")\n",
                  "        path=\"${path:+$path }$word\" ;;\n"
                  "    esac\n"
                  "  done\n"
                  "  local words=\"\"\n"
                  "  case \"$path\" in\n");
  for (const auto& [path, words] : paths) {
    absl::StrAppend(&script, "    \"", path, "\") words=\"", words, "\" ;;\n");
  }
  absl::StrAppend(&script,
                  "  esac\n"
                  "  mapfile -t COMPREPLY < <(compgen -W \"$words\" -- \"$cur\")\n"
                  "}\n"
                  "complete -F _meridianctl meridianctl\n");
  return script;
}

}  // namespace meridian::ctl
