// Tests for common/api/time_rules.h: the one range of times and dates the API accepts.
#include "common/api/time_rules.h"

#include "gtest/gtest.h"

namespace meridian {
namespace {

google::protobuf::Timestamp At(int64_t seconds, int32_t nanos = 0) {
  google::protobuf::Timestamp time;
  time.set_seconds(seconds);
  time.set_nanos(nanos);
  return time;
}

google::type::Date Day(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

TEST(TimeRules, TimestampsAreProtobufsDocumentedRange) {
  EXPECT_TRUE(IsApiTimestamp(At(kMinApiSeconds)));
  EXPECT_TRUE(IsApiTimestamp(At(kMaxApiSeconds, 999999999)));
  EXPECT_TRUE(IsApiTimestamp(At(0)));
  EXPECT_FALSE(IsApiTimestamp(At(kMinApiSeconds - 1)));
  EXPECT_FALSE(IsApiTimestamp(At(kMaxApiSeconds + 1)));
  EXPECT_FALSE(IsApiTimestamp(At(0, -1)));
  EXPECT_FALSE(IsApiTimestamp(At(0, 1000000000)));
}

TEST(TimeRules, ParsedTimesOutsideTheRangeAreRefused) {
  EXPECT_EQ(ParseApiTime("0001-01-01T00:00:00Z"), absl::FromUnixSeconds(kMinApiSeconds));
  EXPECT_EQ(ParseApiTime("9999-12-31T23:59:59.999999999Z"),
            absl::FromUnixSeconds(kMaxApiSeconds) + absl::Nanoseconds(999999999));
  EXPECT_EQ(ParseApiTime("2027-03-01T10:00:00+01:00"),
            absl::FromCivil(absl::CivilSecond(2027, 3, 1, 9, 0, 0), absl::UTCTimeZone()));
  for (const char* text : {"-5000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "10000-01-01T00:00:00Z",
                           "0001-01-01T00:00:00+00:01", "infinite-future", "infinite-past",
                           "2027-02-30T00:00:00Z", "2027-03-01", "2027-03-01T10:00:00", ""}) {
    EXPECT_EQ(ParseApiTime(text), std::nullopt) << text;
  }
  EXPECT_FALSE(IsApiTime(absl::InfiniteFuture()));
  EXPECT_FALSE(IsApiTime(absl::InfinitePast()));
}

TEST(TimeRules, DatesAreRealCalendarDatesInYearsOneTo9999) {
  EXPECT_EQ(CalendarDay(Day(1, 1, 1)), absl::CivilDay(1, 1, 1));
  EXPECT_EQ(CalendarDay(Day(9999, 12, 31)), absl::CivilDay(9999, 12, 31));
  EXPECT_EQ(CalendarDay(Day(2028, 2, 29)), absl::CivilDay(2028, 2, 29));
  for (const google::type::Date& date :
       {Day(0, 1, 1), Day(10000, 1, 1), Day(-5000, 1, 1), Day(2027, 2, 29), Day(2027, 0, 1),
        Day(2027, 1, 0), Day(2027, 13, 1), Day(2027, 4, 31), Day(0, 0, 0)}) {
    EXPECT_EQ(CalendarDay(date), std::nullopt) << date.ShortDebugString();
  }
}

}  // namespace
}  // namespace meridian
