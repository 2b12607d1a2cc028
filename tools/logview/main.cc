// meridian_logview: reads the services' JSON log lines on stdin and writes one short line
// each for a person (tools/logview/log_line_format.h). `./meridian up` pipes every service's
// output through it to the terminal while the JSON goes to the log files; `./meridian logs`
// shows the files through it.
//
//   intake_server | meridian_logview --min_severity=warning
#include <unistd.h>

#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "tools/logview/log_line_format.h"

ABSL_FLAG(std::string, min_severity, "info",
          "show lines of this severity and above: debug, info, warning or error");
ABSL_FLAG(std::string, colour, "auto", "auto (on a terminal only), always or never");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Shows Meridian's JSON log lines (stdin) as one short line each (stdout).");
  absl::ParseCommandLine(argc, argv);
  const std::string min = absl::GetFlag(FLAGS_min_severity);
  const std::string colour = absl::GetFlag(FLAGS_colour);
  if (min != "debug" && min != "info" && min != "warning" && min != "error") {
    std::cerr << "meridian_logview: --min_severity must be debug, info, warning or error\n";
    return 2;
  }
  if (colour != "auto" && colour != "always" && colour != "never") {
    std::cerr << "meridian_logview: --colour must be auto, always or never\n";
    return 2;
  }
  std::string upper = min;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const meridian::logview::LogLineFormat format({
      .min_severity = meridian::logview::SeverityRank(upper),
      .colour = colour == "always" || (colour == "auto" && isatty(STDOUT_FILENO) == 1),
  });
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (std::optional<std::string> shown = format.Format(line)) {
      // Flushed per line: the terminal is a live view of the services.
      std::cout << *shown << std::endl;
    }
  }
  return 0;
}
