// Turns the services' JSON log lines (common/logging/log.h) into one short line a person can
// read on a terminal, for `./meridian up` and `./meridian logs`. The JSON stays what the log
// files and containers hold; this is only a view of it.
//
//   LogLineFormat format({.min_severity = 2, .colour = false});
//   std::optional<std::string> shown = format.Format(
//       R"({"time":"2026-03-10T14:05:01.123456Z","severity":"INFO","message":"rpc",)"
//       R"("service":"intake","method":"CreateClient","code":"OK","latency_ms":3.21})");
//   // nullopt: below the minimum severity. At min_severity 1, in UTC:
//   // "14:05:01 intake    CreateClient OK 3.2 ms"
#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace meridian::logview {

// Severity ranks, as the services write them: DEBUG 0, INFO 1, WARNING 2, ERROR 3.
int SeverityRank(absl::string_view severity);

class LogLineFormat final {
 public:
  struct Options {
    // Lines of a lower rank (SeverityRank) are dropped; lines that are not JSON always show.
    int min_severity = 1;
    // ANSI colours: warnings yellow, errors red, the time and fields dim. Only on a terminal.
    bool colour = false;
    // The zone the time is shown in (the log holds UTC).
    absl::TimeZone zone = absl::LocalTimeZone();
  };

  explicit LogLineFormat(Options options) : options_(options) {}

  // The line to show for one line of a log, or nullopt to show nothing. A line that is not a
  // JSON object (a crash message, a flag error before logging starts) is shown as it is.
  std::optional<std::string> Format(absl::string_view line) const;

 private:
  Options options_;
};

}  // namespace meridian::logview
