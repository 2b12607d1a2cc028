// Tests for common/time/working_hours.h: clock times, IANA zones and working-hours rules.
#include "common/time/working_hours.h"

#include <map>
#include <string>

#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

namespace meridian {
namespace {

using common::v1::WorkingHours;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::UnorderedElementsAre;

// field -> description of every violation `ValidateWorkingHours` reports under "x".
std::multimap<std::string, std::string> ViolationsOf(const WorkingHours& hours) {
  FieldViolations violations;
  ValidateWorkingHours(hours, "x", violations);
  return testing::ViolationsOf(violations.ToStatus());
}

WorkingHours Hours(absl::string_view zone, absl::string_view start, absl::string_view end) {
  WorkingHours hours;
  hours.set_time_zone(std::string(zone));
  hours.set_start(std::string(start));
  hours.set_end(std::string(end));
  return hours;
}

TEST(ParseClockTime, ReturnsMinutesSinceMidnight) {
  EXPECT_EQ(ParseClockTime("00:00").value(), 0);
  EXPECT_EQ(ParseClockTime("09:30").value(), 570);
  EXPECT_EQ(ParseClockTime("23:59").value(), 23 * 60 + 59);
}

TEST(ParseClockTime, TakesASingleDigitHourAsPeopleWriteIt) {
  EXPECT_EQ(ParseClockTime("9:30").value(), 570);
  EXPECT_EQ(ParseClockTime("0:00").value(), 0);
  EXPECT_FALSE(ParseClockTime("9:60").ok());
}

TEST(ParseClockTime, AcceptsEndOfDayOnlyWhenAllowed) {
  EXPECT_FALSE(ParseClockTime("24:00").ok());
  EXPECT_EQ(ParseClockTime("24:00", /*allow_end_of_day=*/true).value(), 1440);
  EXPECT_FALSE(ParseClockTime("24:01", /*allow_end_of_day=*/true).ok());
  EXPECT_FALSE(ParseClockTime("24:30", /*allow_end_of_day=*/true).ok());
}

TEST(ParseClockTime, RejectsMalformedTimes) {
  for (absl::string_view text : {"9:3", "09:3", "25:00", "12:60", "ab:cd", "", "09.30", "09:30 ",
                                 " 9:30", "+9:30", "0930", "09:30:00", "-1:00"}) {
    const absl::StatusOr<int> minutes = ParseClockTime(text, /*allow_end_of_day=*/true);
    EXPECT_FALSE(minutes.ok()) << "\"" << text << "\"";
    if (!minutes.ok()) {
      EXPECT_EQ(minutes.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(LoadIanaTimeZone, LoadsRealZones) {
  for (absl::string_view name :
       {"America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "UTC", "Europe/Lisbon"}) {
    EXPECT_TRUE(LoadIanaTimeZone(name).ok()) << name;
  }
  // Kathmandu's odd offset proves that the real rules were loaded, not UTC.
  const absl::TimeZone kathmandu = LoadIanaTimeZone("Asia/Kathmandu").value();
  const absl::TimeZone::CivilInfo info =
      kathmandu.At(absl::FromCivil(absl::CivilSecond(2024, 1, 1, 0, 0, 0), absl::UTCTimeZone()));
  EXPECT_EQ(info.cs, absl::CivilSecond(2024, 1, 1, 5, 45, 0));
}

TEST(LoadIanaTimeZone, RejectsNonIanaNames) {
  for (absl::string_view name : {"Mars/Base", "EST", "localtime", "", "../etc/passwd",
                                 "/etc/localtime", "America/../../etc/passwd", "New York"}) {
    const auto zone = LoadIanaTimeZone(name);
    EXPECT_FALSE(zone.ok()) << "\"" << name << "\"";
    if (!zone.ok()) {
      EXPECT_EQ(zone.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(LoadIanaTimeZone, SuggestsTheZoneMeant) {
  const auto misspelt = LoadIanaTimeZone("Europe/Lisabon");
  ASSERT_FALSE(misspelt.ok());
  EXPECT_THAT(std::string(misspelt.status().message()),
              ::testing::HasSubstr("did you mean \"Europe/Lisbon\"?"));
  EXPECT_THAT(SuggestTimeZones("new york"), ::testing::Contains("America/New_York"));
  EXPECT_THAT(SuggestTimeZones("Asia/Kolkatta"), ::testing::ElementsAre("Asia/Kolkata"));
  // Nothing close: no suggestion rather than a wild one.
  EXPECT_THAT(SuggestTimeZones("Mars/Olympus_Mons"), IsEmpty());
  const auto far = LoadIanaTimeZone("Mars/Olympus_Mons");
  ASSERT_FALSE(far.ok());
  EXPECT_THAT(std::string(far.status().message()), ::testing::Not(::testing::HasSubstr("did you")));
}

// Regression (found in review): absl::LoadTimeZone also reads "file:<path>" and the "posix/" tzdata
// copies, so the shape check lets the host's local zone ("file:/etc/localtime", which differs
// between machines) and abbreviations ("posix/EST") through, and probes server files by path.
TEST(LoadIanaTimeZone, RejectsFilePathsAndAbbreviationsInDisguise) {
  for (absl::string_view name :
       {"file:/etc/localtime", "file:/usr/share/zoneinfo/EST", "posix/EST"}) {
    EXPECT_FALSE(LoadIanaTimeZone(name).ok()) << "\"" << name << "\"";
  }
}

TEST(ValidateWorkingHours, AcceptsOrdinaryAndOvernightWindows) {
  EXPECT_THAT(ViolationsOf(Hours("America/New_York", "09:00", "17:00")), IsEmpty());
  EXPECT_THAT(ViolationsOf(Hours("Asia/Kolkata", "22:00", "06:00")), IsEmpty());
  EXPECT_THAT(ViolationsOf(Hours("UTC", "00:00", "24:00")), IsEmpty());
}

TEST(ValidateWorkingHours, ReportsEveryWrongPartWithItsPath) {
  WorkingHours hours = Hours("Mars/Base", "9:0", "25:00");
  hours.add_days(common::v1::MONDAY);
  hours.add_days(common::v1::WEEKDAY_UNSPECIFIED);
  hours.add_days(static_cast<common::v1::Weekday>(9));
  hours.add_days(common::v1::MONDAY);
  EXPECT_THAT(ViolationsOf(hours),
              UnorderedElementsAre(Key("x.time_zone"), Key("x.start"), Key("x.end"),
                                   Key("x.days[1]"), Key("x.days[2]"), Key("x.days[3]")));
}

TEST(ValidateWorkingHours, RequiresATimeZoneAndTimes) {
  EXPECT_THAT(ViolationsOf(WorkingHours()),
              UnorderedElementsAre(Key("x.time_zone"), Key("x.start"), Key("x.end")));
}

TEST(ValidateWorkingHours, RejectsEqualStartAndEnd) {
  EXPECT_THAT(ViolationsOf(Hours("UTC", "09:00", "09:00")), ElementsAre(Key("x.end")));
}

TEST(ValidateWorkingHours, RejectsEndOfDayAsStart) {
  EXPECT_THAT(ViolationsOf(Hours("UTC", "24:00", "06:00")), ElementsAre(Key("x.start")));
}

TEST(NormalizeWorkingHours, WritesASingleDigitHourWithTwo) {
  WorkingHours hours = Hours("UTC", "9:00", "5:30");
  EXPECT_THAT(ViolationsOf(hours), IsEmpty());
  NormalizeWorkingHours(hours);
  EXPECT_EQ(hours.start(), "09:00");
  EXPECT_EQ(hours.end(), "05:30");
}

TEST(NormalizeWorkingHours, DefaultsToMondayToFriday) {
  WorkingHours hours = Hours("UTC", "09:00", "17:00");
  NormalizeWorkingHours(hours);
  EXPECT_THAT(hours.days(),
              ElementsAre(common::v1::MONDAY, common::v1::TUESDAY, common::v1::WEDNESDAY,
                          common::v1::THURSDAY, common::v1::FRIDAY));
}

TEST(NormalizeWorkingHours, SortsGivenDaysAndKeepsThem) {
  WorkingHours hours = Hours("UTC", "09:00", "17:00");
  hours.add_days(common::v1::SUNDAY);
  hours.add_days(common::v1::MONDAY);
  hours.add_days(common::v1::SATURDAY);
  NormalizeWorkingHours(hours);
  EXPECT_THAT(hours.days(),
              ElementsAre(common::v1::MONDAY, common::v1::SATURDAY, common::v1::SUNDAY));
  EXPECT_EQ(hours.time_zone(), "UTC");
  EXPECT_EQ(hours.start(), "09:00");
  EXPECT_EQ(hours.end(), "17:00");
}

}  // namespace
}  // namespace meridian
