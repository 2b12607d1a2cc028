// Tests for services/placement/domain/cadence.h: validation, defaults and due times in the
// client's time zone.
//
// Every expected instant below was derived by hand from the zones' UTC offsets and the 2027
// changes in Debian's tzdata (2025b, checked with `zdump -v ZONE | grep 2027`), never by
// running the code:
//   America/New_York  EST -5 until Sun 14 Mar 2027 02:00 (07:00 UTC), then EDT -4 until
//                     Sun 7 Nov 02:00 (06:00 UTC), then EST -5.
//   Australia/Sydney  AEDT +11 until Sun 4 Apr 2027 03:00 (Sat 3 Apr 16:00 UTC), then AEST +10.
//   Africa/Cairo      EET +2 until Thu 29 Apr 2027 22:00 UTC, when Friday 30 April's local
//                     midnight jumps to 01:00 EEST +3 (00:00-00:59 that Friday does not exist);
//                     back to EET at Thu 28 Oct 21:00 UTC, when Thursday's 23:00-23:59 local
//                     happens twice (first EEST, then EET).
// Weekdays in 2027: 1 Mar is a Monday (1 Jan is a Friday; 31 + 28 days later is a Monday), so
// 6 Mar is a Saturday, 7 Mar a Sunday, 22 Mar a Monday, 23 Apr and 30 Apr are Fridays,
// 21 Oct and 28 Oct Thursdays.
#include "services/placement/domain/cadence.h"

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/errors/errors.h"
#include "common/time/working_hours.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

namespace meridian::placement {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;
using testing::ViolationsOf;

v1::Cadence MakeCadence(const std::vector<int>& weeks, int then_every_weeks,
                        const std::string& local_time) {
  v1::Cadence cadence;
  for (int week : weeks) cadence.add_weeks(week);
  cadence.set_then_every_weeks(then_every_weeks);
  cadence.set_local_time(local_time);
  return cadence;
}

// The fields named by the violations of PrepareCadence(cadence); empty when it is valid.
std::multimap<std::string, std::string> Violations(const v1::Cadence& cadence) {
  const absl::StatusOr<CadenceSpec> spec = PrepareCadence(cadence);
  if (spec.ok()) return {};
  EXPECT_EQ(spec.status().code(), absl::StatusCode::kInvalidArgument) << spec.status();
  return ViolationsOf(spec.status());
}

CadenceSpec Prepare(const v1::Cadence& cadence) {
  absl::StatusOr<CadenceSpec> spec = PrepareCadence(cadence);
  EXPECT_TRUE(spec.ok()) << spec.status();
  return spec.ok() ? *std::move(spec) : CadenceSpec{};
}

absl::TimeZone Zone(const std::string& name) {
  absl::StatusOr<absl::TimeZone> zone = LoadIanaTimeZone(name);
  EXPECT_TRUE(zone.ok()) << zone.status();
  return zone.ok() ? *zone : absl::UTCTimeZone();
}

absl::Time Utc(int year, int month, int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilMinute(year, month, day, hour, minute), absl::UTCTimeZone());
}

// The wall-clock time of `t` in `zone`.
absl::CivilMinute Local(absl::Time t, const absl::TimeZone& zone) {
  return absl::ToCivilMinute(t, zone);
}

// --- PrepareCadence and ToProto -------------------------------------------------------------

TEST(PrepareCadenceTest, EmptyCadenceGetsTheDefaults) {
  const CadenceSpec spec = Prepare(v1::Cadence());
  EXPECT_THAT(spec.weeks, ElementsAre(1, 2, 4, 8, 12));
  EXPECT_EQ(spec.then_every_weeks, 4);
  EXPECT_EQ(spec.local_minutes, 10 * 60);
}

TEST(PrepareCadenceTest, EachFieldDefaultsOnItsOwn) {
  const CadenceSpec only_weeks = Prepare(MakeCadence({3, 6}, 0, ""));
  EXPECT_THAT(only_weeks.weeks, ElementsAre(3, 6));
  EXPECT_EQ(only_weeks.then_every_weeks, 4);
  EXPECT_EQ(only_weeks.local_minutes, 600);

  const CadenceSpec only_every = Prepare(MakeCadence({}, 2, ""));
  EXPECT_THAT(only_every.weeks, ElementsAre(1, 2, 4, 8, 12));
  EXPECT_EQ(only_every.then_every_weeks, 2);

  const CadenceSpec only_time = Prepare(MakeCadence({}, 0, "16:45"));
  EXPECT_THAT(only_time.weeks, ElementsAre(1, 2, 4, 8, 12));
  EXPECT_EQ(only_time.local_minutes, 16 * 60 + 45);
}

TEST(PrepareCadenceTest, CustomCadenceIsKept) {
  const CadenceSpec spec = Prepare(MakeCadence({2, 3, 6, 26, 520}, 52, "07:05"));
  EXPECT_THAT(spec.weeks, ElementsAre(2, 3, 6, 26, 520));
  EXPECT_EQ(spec.then_every_weeks, 52);
  EXPECT_EQ(spec.local_minutes, 7 * 60 + 5);
}

TEST(PrepareCadenceTest, BoundariesAreAccepted) {
  std::vector<int> twenty;
  for (int week = 1; week <= 20; ++week) twenty.push_back(week);
  EXPECT_THAT(Violations(MakeCadence(twenty, 1, "00:00")), IsEmpty());
  EXPECT_THAT(Violations(MakeCadence({1, 520}, 52, "23:59")), IsEmpty());
}

TEST(PrepareCadenceTest, WeekOutOfRangeNamesTheEntry) {
  EXPECT_THAT(Violations(MakeCadence({0}, 0, "")),
              ElementsAre(Pair("cadence.weeks[0]", "must be between 1 and 520")));
  EXPECT_THAT(Violations(MakeCadence({-3}, 0, "")), ElementsAre(Key("cadence.weeks[0]")));
  EXPECT_THAT(Violations(MakeCadence({1, 2, 521}, 0, "")), ElementsAre(Key("cadence.weeks[2]")));
}

TEST(PrepareCadenceTest, WeeksMustBeStrictlyIncreasing) {
  EXPECT_THAT(Violations(MakeCadence({1, 1}, 0, "")),
              ElementsAre(Pair("cadence.weeks[1]", "must be greater than the week before it (1)")));
  EXPECT_THAT(Violations(MakeCadence({4, 2}, 0, "")), ElementsAre(Key("cadence.weeks[1]")));
  EXPECT_THAT(Violations(MakeCadence({1, 3, 2, 5}, 0, "")), ElementsAre(Key("cadence.weeks[2]")));
}

TEST(PrepareCadenceTest, AtMostTwentyWeeks) {
  std::vector<int> twenty_one;
  for (int week = 1; week <= 21; ++week) twenty_one.push_back(week);
  EXPECT_THAT(Violations(MakeCadence(twenty_one, 0, "")),
              ElementsAre(Pair("cadence.weeks", "must have at most 20 entries")));
}

TEST(PrepareCadenceTest, AHugeWeekListGivesABoundedError) {
  std::vector<int> zeros(10000, 0);
  const auto violations = Violations(MakeCadence(zeros, 0, ""));
  // The count, then the first 20 entries one by one; the detail holds at most 20 in all.
  EXPECT_EQ(violations.count("cadence.weeks"), 1u);
  EXPECT_EQ(violations.size(), kMaxReportedViolations);
}

TEST(PrepareCadenceTest, ThenEveryWeeksRange) {
  EXPECT_THAT(Violations(MakeCadence({}, -1, "")),
              ElementsAre(Pair("cadence.then_every_weeks", "must be between 1 and 52")));
  EXPECT_THAT(Violations(MakeCadence({}, 53, "")), ElementsAre(Key("cadence.then_every_weeks")));
}

TEST(PrepareCadenceTest, LocalTimeMustBeHhMm) {
  for (const std::string bad : {"24:00", "9:0", "10:60", "10.00", "ab:cd", "10:00 ", "1000"}) {
    EXPECT_THAT(Violations(MakeCadence({}, 0, bad)), ElementsAre(Key("cadence.local_time"))) << bad;
  }
}

TEST(PrepareCadenceTest, EveryViolationIsReportedAtOnce) {
  const absl::StatusOr<CadenceSpec> spec = PrepareCadence(MakeCadence({0, 5, 5}, 60, "25:00"));
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationsOf(spec.status()),
              UnorderedElementsAre(Key("cadence.weeks[0]"), Key("cadence.weeks[2]"),
                                   Key("cadence.then_every_weeks"), Key("cadence.local_time")));
}

TEST(CadenceToProtoTest, DefaultsAreFilledAndTimeIsHhMm) {
  const v1::Cadence proto = ToProto(Prepare(v1::Cadence()));
  EXPECT_THAT(proto.weeks(), ElementsAre(1, 2, 4, 8, 12));
  EXPECT_EQ(proto.then_every_weeks(), 4);
  EXPECT_EQ(proto.local_time(), "10:00");
}

TEST(CadenceToProtoTest, CustomCadenceRoundTrips) {
  const v1::Cadence in = MakeCadence({2, 3, 6}, 3, "07:05");
  const v1::Cadence out = ToProto(Prepare(in));
  EXPECT_THAT(out.weeks(), ElementsAre(2, 3, 6));
  EXPECT_EQ(out.then_every_weeks(), 3);
  EXPECT_EQ(out.local_time(), "07:05");
  EXPECT_EQ(ToProto(Prepare(out)).SerializeAsString(), out.SerializeAsString());
  EXPECT_EQ(ToProto(CadenceSpec{{1}, 1, 0}).local_time(), "00:00");
  EXPECT_EQ(ToProto(CadenceSpec{{1}, 1, 23 * 60 + 59}).local_time(), "23:59");
}

// --- WeeksAfterStart ---------------------------------------------------------------------

TEST(WeeksAfterStartTest, ListedWeeksThenEveryFewWeeks) {
  const CadenceSpec spec;  // 1, 2, 4, 8, 12, then every 4
  std::vector<int> weeks;
  for (int n = 0; n < 8; ++n) weeks.push_back(WeeksAfterStart(spec, n));
  EXPECT_THAT(weeks, ElementsAreArray({1, 2, 4, 8, 12, 16, 20, 24}));
  // 12 + (100 - 5 + 1) * 4
  EXPECT_EQ(WeeksAfterStart(spec, 100), 396);
}

TEST(WeeksAfterStartTest, CustomCadenceBeyondTheList) {
  const CadenceSpec spec{{3}, 2, 600};
  EXPECT_EQ(WeeksAfterStart(spec, 0), 3);
  EXPECT_EQ(WeeksAfterStart(spec, 1), 5);
  EXPECT_EQ(WeeksAfterStart(spec, 2), 7);
}

TEST(WeeksAfterStartTest, NoListedWeeksAndNegativeN) {
  const CadenceSpec none{{}, 3, 600};
  EXPECT_EQ(WeeksAfterStart(none, 0), 3);
  EXPECT_EQ(WeeksAfterStart(none, 1), 6);
  EXPECT_EQ(WeeksAfterStart(CadenceSpec(), -1), 1);
}

// --- DueTime ----------------------------------------------------------------------------

TEST(DueTimeTest, LocalTimeStaysWhileUtcShiftsAcrossSpringForwardInNewYork) {
  const absl::TimeZone zone = Zone("America/New_York");
  const CadenceSpec spec;                  // 10:00
  const absl::CivilDay start(2027, 3, 1);  // Monday
  // Week 1: Mon 8 Mar, EST (-5): 10:00 + 5 h = 15:00 UTC.
  EXPECT_EQ(DueTime(spec, start, zone, 0), Utc(2027, 3, 8, 15, 0));
  // Week 2: Mon 15 Mar, EDT (-4) since Sun 14 Mar: 10:00 + 4 h = 14:00 UTC.
  EXPECT_EQ(DueTime(spec, start, zone, 1), Utc(2027, 3, 15, 14, 0));
  // Week 4: Mon 29 Mar, EDT: 14:00 UTC.
  EXPECT_EQ(DueTime(spec, start, zone, 2), Utc(2027, 3, 29, 14, 0));
  for (int n = 0; n < 3; ++n) {
    EXPECT_EQ(Local(DueTime(spec, start, zone, n), zone).hour(), 10) << n;
  }
}

TEST(DueTimeTest, FallBackInNewYorkBeyondTheListedWeeks) {
  const absl::TimeZone zone = Zone("America/New_York");
  const CadenceSpec spec;
  const absl::CivilDay start(2027, 3, 1);
  // n = 9 is week 12 + 5 * 4 = 32: 1 Mar + 224 days = Mon 11 Oct (1 Oct is 1 Mar + 214), EDT:
  // 14:00 UTC.
  EXPECT_EQ(DueTime(spec, start, zone, 9), Utc(2027, 10, 11, 14, 0));
  // n = 10 is week 36: 1 Mar + 252 days = Mon 8 Nov (1 Nov is 1 Mar + 245), EST again since
  // Sun 7 Nov: 15:00 UTC.
  EXPECT_EQ(DueTime(spec, start, zone, 10), Utc(2027, 11, 8, 15, 0));
  EXPECT_EQ(Local(DueTime(spec, start, zone, 10), zone), absl::CivilMinute(2027, 11, 8, 10, 0));
}

TEST(DueTimeTest, SouthernHemisphereAutumnChangeInSydney) {
  const absl::TimeZone zone = Zone("Australia/Sydney");
  const CadenceSpec spec{{1, 2}, 4, 10 * 60};
  const absl::CivilDay start(2027, 3, 22);  // Monday
  // Week 1: Mon 29 Mar 10:00 AEDT (+11) = Sun 28 Mar 23:00 UTC: the UTC date is the day before.
  EXPECT_EQ(DueTime(spec, start, zone, 0), Utc(2027, 3, 28, 23, 0));
  // Week 2: Mon 5 Apr 10:00 AEST (+10) since Sun 4 Apr = Mon 5 Apr 00:00 UTC.
  EXPECT_EQ(DueTime(spec, start, zone, 1), Utc(2027, 4, 5, 0, 0));
  EXPECT_EQ(Local(DueTime(spec, start, zone, 0), zone), absl::CivilMinute(2027, 3, 29, 10, 0));
  EXPECT_EQ(Local(DueTime(spec, start, zone, 1), zone), absl::CivilMinute(2027, 4, 5, 10, 0));
}

TEST(DueTimeTest, SaturdayStartMovesEachCheckInToMonday) {
  const absl::TimeZone zone = Zone("America/New_York");
  const CadenceSpec spec;
  const absl::CivilDay start(2027, 3, 6);  // Saturday
  // Week 1: Sat 13 Mar (EST) moves to Mon 15 Mar, which is EDT: 14:00 UTC, not 15:00.
  EXPECT_EQ(DueTime(spec, start, zone, 0), Utc(2027, 3, 15, 14, 0));
  // Week 2: Sat 20 Mar -> Mon 22 Mar, EDT: 14:00 UTC.
  EXPECT_EQ(DueTime(spec, start, zone, 1), Utc(2027, 3, 22, 14, 0));
  for (int n = 0; n < 8; ++n) {
    EXPECT_EQ(absl::GetWeekday(absl::CivilDay(Local(DueTime(spec, start, zone, n), zone))),
              absl::Weekday::monday)
        << n;
  }
}

TEST(DueTimeTest, SundayMovesToMondayAndWeekdaysStay) {
  const absl::TimeZone zone = Zone("America/New_York");
  const CadenceSpec spec;
  // Sunday 7 Mar + 1 week = Sun 14 Mar (the day of the change) -> Mon 15 Mar, 14:00 UTC.
  EXPECT_EQ(DueTime(spec, absl::CivilDay(2027, 3, 7), zone, 0), Utc(2027, 3, 15, 14, 0));
  // Friday 5 Mar + 1 week = Fri 12 Mar, EST, stays: 15:00 UTC.
  EXPECT_EQ(DueTime(spec, absl::CivilDay(2027, 3, 5), zone, 0), Utc(2027, 3, 12, 15, 0));
}

TEST(DueTimeTest, SkippedLocalTimeMapsToTheMomentOfTheChange) {
  const absl::TimeZone zone = Zone("Africa/Cairo");
  const CadenceSpec spec{{1, 2}, 4, 30};    // 00:30
  const absl::CivilDay start(2027, 4, 23);  // Friday
  // Week 1: Fri 30 Apr 00:30 does not exist in Cairo (midnight EET jumps to 01:00 EEST at
  // Thu 29 Apr 22:00 UTC). It maps to that change: 22:00 UTC, shown as 01:00 local. (On the
  // old offset it would have been 22:30 UTC, on the new one 21:30 UTC.)
  EXPECT_EQ(DueTime(spec, start, zone, 0), Utc(2027, 4, 29, 22, 0));
  EXPECT_EQ(Local(DueTime(spec, start, zone, 0), zone), absl::CivilMinute(2027, 4, 30, 1, 0));
  // Week 2: Fri 7 May 00:30 EEST (+3) = Thu 6 May 21:30 UTC.
  EXPECT_EQ(DueTime(spec, start, zone, 1), Utc(2027, 5, 6, 21, 30));
}

TEST(DueTimeTest, RepeatedLocalTimeIsItsFirstOccurrence) {
  const absl::TimeZone zone = Zone("Africa/Cairo");
  const CadenceSpec spec{{1}, 4, 23 * 60 + 30};  // 23:30
  const absl::CivilDay start(2027, 10, 21);      // Thursday
  // Thu 28 Oct 23:30 happens twice in Cairo; the first is EEST (+3): 20:30 UTC (the second,
  // EET, would be 21:30 UTC).
  EXPECT_EQ(DueTime(spec, start, zone, 0), Utc(2027, 10, 28, 20, 30));
  // A week earlier the same local time is plain EEST: Thu 21 Oct 23:30 = 20:30 UTC.
  EXPECT_EQ(DueTime(CadenceSpec{{1}, 4, 23 * 60 + 30}, absl::CivilDay(2027, 10, 14), zone, 0),
            Utc(2027, 10, 21, 20, 30));
}

}  // namespace
}  // namespace meridian::placement
