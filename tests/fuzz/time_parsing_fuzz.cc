// HH:MM clock times, IANA zone names and API timestamps from callers: parsed or refused,
// never a crash, and what parses is in range. Input: the text.
#include <string>

#include "common/api/time_rules.h"
#include "common/time/working_hours.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian;
  const std::string text(reinterpret_cast<const char*>(data), size);

  absl::StatusOr<int> minutes = ParseClockTime(text);
  FUZZ_CHECK(!minutes.ok() || (*minutes >= 0 && *minutes < 1440), "a clock time out of range");
  absl::StatusOr<int> end = ParseClockTime(text, /*allow_end_of_day=*/true);
  FUZZ_CHECK(!end.ok() || (*end >= 0 && *end <= 1440), "an end time out of range");
  FUZZ_CHECK(!minutes.ok() || (end.ok() && *end == *minutes),
             "a start time that is not the same end time");

  // A name must never reach outside the zone database ("../../etc/passwd").
  absl::StatusOr<absl::TimeZone> zone = LoadIanaTimeZone(text);
  FUZZ_CHECK(!zone.ok() || text.find("..") == std::string::npos,
             "a zone name with '..' was loaded");

  if (std::optional<absl::Time> time = ParseApiTime(text)) {
    FUZZ_CHECK(IsApiTime(*time), "a parsed API time outside the API's range");
  }
  return 0;
}
