// What `./meridian up` shows on the terminal for each JSON log line: the time in the viewer's
// zone, the service, a severity marker, the message (or an RPC's method, code and latency) and
// the other fields as key=value; lines below the minimum hidden; anything else shown as is.
#include "tools/logview/log_line_format.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian::logview {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;

LogLineFormat Plain(int min_severity = 1) {
  return LogLineFormat(
      {.min_severity = min_severity, .colour = false, .zone = absl::UTCTimeZone()});
}

TEST(LogLineFormat, AnRpcLineShowsMethodCodeLatencyAndAShortTrace) {
  EXPECT_THAT(
      Plain().Format(R"({"time":"2026-03-10T14:05:01.123456Z","severity":"INFO","message":"rpc",)"
                     R"("service":"intake","trace_id":"0123456789abcdef","method":"CreateClient",)"
                     R"("code":"OK","latency_ms":3.21,"principal":"apiKeys/k1"})"),
      Optional(std::string("14:05:01 intake      CreateClient OK 3.2 ms  trace=01234567 "
                           "principal=apiKeys/k1")));
}

TEST(LogLineFormat, TheTimeIsShownInTheViewersZone) {
  LogLineFormat lisbon_summer({.zone = [] {
    absl::TimeZone zone;
    EXPECT_TRUE(absl::LoadTimeZone("Europe/Lisbon", &zone));
    return zone;
  }()});
  EXPECT_THAT(lisbon_summer.Format(R"({"time":"2026-07-01T08:00:00.000000Z","severity":"INFO",)"
                                   R"("message":"listening","service":"talent"})"),
              Optional(HasSubstr("09:00:00 talent")));
}

TEST(LogLineFormat, WarningsAndErrorsAreMarkedAndValuesWithSpacesQuoted) {
  EXPECT_THAT(Plain().Format(R"({"time":"2026-03-10T14:05:01Z","severity":"WARNING",)"
                             R"("message":"search index load failed; retrying",)"
                             R"("service":"talent","error":"connection refused"})"),
              Optional(std::string("14:05:01 talent    W search index load failed; retrying  "
                                   "error=\"connection refused\"")));
  EXPECT_THAT(Plain().Format(R"({"time":"2026-03-10T14:05:01Z","severity":"ERROR",)"
                             R"("message":"database error","service":"intake"})"),
              Optional(HasSubstr("intake    E database error")));
}

TEST(LogLineFormat, LinesBelowTheMinimumAreHiddenAndOthersKept) {
  const std::string info =
      R"({"time":"2026-03-10T14:05:01Z","severity":"INFO","message":"rpc","service":"intake"})";
  const std::string error =
      R"({"time":"2026-03-10T14:05:01Z","severity":"ERROR","message":"boom","service":"intake"})";
  EXPECT_EQ(Plain(2).Format(info), std::nullopt);
  EXPECT_NE(Plain(2).Format(error), std::nullopt);
  EXPECT_NE(Plain(1).Format(info), std::nullopt);
}

TEST(LogLineFormat, ALineThatIsNotJsonIsShownAsItIs) {
  // What a binary prints before its logging starts, e.g. a refused flag.
  EXPECT_THAT(Plain(3).Format("ERROR: Unknown command line flag 'no_such_flag'"),
              Optional(std::string("ERROR: Unknown command line flag 'no_such_flag'")));
  EXPECT_THAT(Plain().Format("[1, 2]"), Optional(std::string("[1, 2]")));
}

TEST(LogLineFormat, ALongOrMultiLineValueStaysOnOneShortLine) {
  const std::string long_error(5000, 'x');
  std::optional<std::string> shown =
      Plain().Format(R"({"time":"2026-03-10T14:05:01Z","severity":"ERROR","message":"failed",)"
                     R"("service":"intake","error":")" +
                     long_error + R"(","detail":"a\nb"})");
  ASSERT_TRUE(shown.has_value());
  EXPECT_LT(shown->size(), 300u);
  EXPECT_THAT(*shown, Not(HasSubstr("\n")));
}

TEST(LogLineFormat, ColoursOnlyWhenAsked) {
  const std::string error =
      R"({"time":"2026-03-10T14:05:01Z","severity":"ERROR","message":"boom","service":"intake"})";
  EXPECT_THAT(Plain().Format(error), Optional(Not(HasSubstr("\x1b["))));
  EXPECT_THAT(LogLineFormat({.colour = true, .zone = absl::UTCTimeZone()}).Format(error),
              Optional(HasSubstr("\x1b[31mE boom")));
}

}  // namespace
}  // namespace meridian::logview
