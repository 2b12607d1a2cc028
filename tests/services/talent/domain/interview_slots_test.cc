// Tests for services/talent/domain/interview_slots.h: interview times both sides can make.
//
// Every case is checked against an independent computation in this file: a model of each
// zone as UTC offsets that change at instants read off Debian's tzdata with `zdump -v`
// (never the tz library the code uses), a brute-force walk over every quarter hour of the
// range, and the spreading rule applied to what the walk found. The 2026 changes used:
//   America/New_York     EST -5, EDT -4 from Sun 8 Mar 07:00 UTC to Sun 1 Nov 06:00 UTC.
//   America/Los_Angeles  PST -8, PDT -7 from Sun 8 Mar 10:00 UTC.
//   Europe (EU rule)     Lisbon WET +0 / London GMT +0, summer time +1 from Sun 29 Mar 01:00 UTC
//                        to Sun 25 Oct 01:00 UTC.
//   Australia/Sydney     AEDT +11 until Sat 4 Apr 16:00 UTC, then AEST +10.
//   No daylight time:    Kolkata +5:30, Singapore +8, Manila +8.
#include "services/talent/domain/interview_slots.h"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian::talent {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

absl::Time Utc(int y, int m, int d, int hh = 0, int mm = 0) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, hh, mm), absl::UTCTimeZone());
}

// One side as the test models it: offsets from UTC (minutes) from given instants on, a
// window's local start and end (minutes since midnight) and the weekdays a window starts on.
struct ModelSide {
  std::vector<std::pair<absl::Time, int>> offsets;  // in time order; the first from the past
  int start = 9 * 60;
  int end = 17 * 60;
  std::set<absl::Weekday> days = {absl::Weekday::monday, absl::Weekday::tuesday,
                                  absl::Weekday::wednesday, absl::Weekday::thursday,
                                  absl::Weekday::friday};

  int OffsetAt(absl::Time t) const {
    int offset = offsets.front().second;
    for (const auto& [from, minutes] : offsets) {
      if (t >= from) offset = minutes;
    }
    return offset;
  }

  // Whether the side works at instant `t`: its local time of day is inside the window of
  // that local day, or of the day before for a window that crosses midnight.
  bool WorksAt(absl::Time t) const {
    const absl::CivilMinute local =
        absl::ToCivilMinute(t + absl::Minutes(OffsetAt(t)), absl::UTCTimeZone());
    const absl::CivilDay day(local);
    const int minute = local.hour() * 60 + local.minute();
    if (start < end)
      return days.count(absl::GetWeekday(day)) > 0 && start <= minute && minute < end;
    return (days.count(absl::GetWeekday(day)) > 0 && minute >= start) ||
           (days.count(absl::GetWeekday(day - 1)) > 0 && minute < end);
  }
};

// The client's local date of `t` in the model.
absl::CivilDay ModelDay(const ModelSide& side, absl::Time t) {
  return absl::ToCivilDay(t + absl::Minutes(side.OffsetAt(t)), absl::UTCTimeZone());
}

// Every slot the rules allow, by brute force, spread with count = unlimited: per client day,
// the earliest start, then the next start at or after the previous slot's end.
std::vector<absl::Time> ExpectedStarts(const ModelSide& client, const ModelSide& candidate,
                                       const std::vector<std::pair<absl::Time, absl::Time>>& busy,
                                       absl::Time earliest, absl::Time latest,
                                       absl::Duration duration) {
  auto fits = [&](absl::Time start) {
    if (start < earliest || start + duration > latest) return false;
    for (absl::Time t = start; t < start + duration; t += absl::Minutes(15)) {
      if (!client.WorksAt(t) || !candidate.WorksAt(t)) return false;
    }
    for (const auto& [b, e] : busy) {
      if (start < e && b < start + duration) return false;
    }
    return true;
  };
  std::map<absl::CivilDay, absl::Time> next_free;
  std::vector<absl::Time> starts;
  for (absl::Time t = earliest; t + duration <= latest; t += absl::Minutes(15)) {
    const absl::CivilDay day = ModelDay(client, t);
    auto it = next_free.find(day);
    if (it != next_free.end() && t < it->second) continue;
    if (!fits(t)) continue;
    starts.push_back(t);
    next_free[day] = t + duration;
  }
  return starts;
}

WeeklyHours Hours(const std::string& zone, const std::string& start, const std::string& end) {
  common::v1::WorkingHours proto;
  proto.set_time_zone(zone);
  proto.set_start(start);
  proto.set_end(end);
  absl::StatusOr<WeeklyHours> hours = WeeklyHours::From(proto);
  EXPECT_TRUE(hours.ok()) << hours.status();
  return *hours;
}

std::vector<absl::Time> StartsOf(const SlotProposal& proposal) {
  std::vector<absl::Time> starts;
  for (const ProposedSlot& slot : proposal.slots) starts.push_back(slot.start);
  return starts;
}

const ModelSide kNewYork{.offsets = {{absl::InfinitePast(), -300},
                                     {Utc(2026, 3, 8, 7), -240},
                                     {Utc(2026, 11, 1, 6), -300}}};
const ModelSide kLisbon{
    .offsets = {{absl::InfinitePast(), 0}, {Utc(2026, 3, 29, 1), 60}, {Utc(2026, 10, 25, 1), 0}}};

TEST(InterviewSlots, NewYorkAndLisbonWhileOnlyTheUsHasChangedItsClocks) {
  const WeeklyHours client = Hours("America/New_York", "09:00", "17:00");
  const WeeklyHours candidate = Hours("Europe/Lisbon", "09:00", "17:00");
  const absl::Time earliest = Utc(2026, 3, 2), latest = Utc(2026, 4, 4);
  const SlotProposal proposal = ProposeInterviewSlots(
      client, candidate, {},
      {.duration = absl::Minutes(60), .earliest = earliest, .latest = latest, .count = 1000});
  const std::vector<absl::Time> expected =
      ExpectedStarts(kNewYork, kLisbon, {}, earliest, latest, absl::Minutes(60));
  EXPECT_EQ(StartsOf(proposal), expected);
  // 3 hours a day, 4 while only New York is on daylight time (9 to 27 March), then 3.
  EXPECT_EQ(expected.size(), 5 * 3 + 15 * 4 + 5 * 3);
  ASSERT_FALSE(proposal.slots.empty());
  EXPECT_EQ(proposal.slots[0].sentence,
            "Mon 2 Mar 2026, 09:00-10:00 in New York (America/New_York) = 14:00-15:00 in Lisbon "
            "(Europe/Lisbon)");
  // The first slot of Tuesday 10 March is an hour earlier in Lisbon, the same in New York.
  bool seen = false;
  for (const ProposedSlot& slot : proposal.slots) {
    if (slot.start == Utc(2026, 3, 10, 13)) {
      seen = true;
      EXPECT_EQ(slot.sentence,
                "Tue 10 Mar 2026, 09:00-10:00 in New York (America/New_York) = 13:00-14:00 in "
                "Lisbon (Europe/Lisbon)");
    }
  }
  EXPECT_TRUE(seen);
}

TEST(InterviewSlots, NewYorkAndLisbonWhileOnlyEuropeHasChangedBack) {
  const absl::Time earliest = Utc(2026, 10, 19), latest = Utc(2026, 11, 7);
  const SlotProposal proposal = ProposeInterviewSlots(
      Hours("America/New_York", "09:00", "17:00"), Hours("Europe/Lisbon", "09:00", "17:00"), {},
      {.duration = absl::Minutes(45), .earliest = earliest, .latest = latest, .count = 1000});
  EXPECT_EQ(StartsOf(proposal),
            ExpectedStarts(kNewYork, kLisbon, {}, earliest, latest, absl::Minutes(45)));
}

TEST(InterviewSlots, AHalfHourZoneAcrossTheEuropeanChange) {
  const ModelSide london{.offsets = {{absl::InfinitePast(), 0}, {Utc(2026, 3, 29, 1), 60}},
                         .start = 9 * 60,
                         .end = 17 * 60 + 30};
  const ModelSide kolkata{
      .offsets = {{absl::InfinitePast(), 330}}, .start = 10 * 60, .end = 19 * 60};
  const absl::Time earliest = Utc(2026, 3, 23), latest = Utc(2026, 4, 4);
  const SlotProposal proposal = ProposeInterviewSlots(
      Hours("Europe/London", "09:00", "17:30"), Hours("Asia/Kolkata", "10:00", "19:00"), {},
      {.duration = absl::Minutes(60), .earliest = earliest, .latest = latest, .count = 1000});
  EXPECT_EQ(StartsOf(proposal),
            ExpectedStarts(london, kolkata, {}, earliest, latest, absl::Minutes(60)));
  ASSERT_FALSE(proposal.slots.empty());
  EXPECT_EQ(proposal.slots[0].sentence,
            "Mon 23 Mar 2026, 09:00-10:00 in London (Europe/London) = 14:30-15:30 in Kolkata "
            "(Asia/Kolkata)");
}

TEST(InterviewSlots, ASouthernHemisphereClientWhoseClocksGoBack) {
  const ModelSide sydney{.offsets = {{absl::InfinitePast(), 660}, {Utc(2026, 4, 4, 16), 600}}};
  const ModelSide singapore{
      .offsets = {{absl::InfinitePast(), 480}}, .start = 9 * 60, .end = 18 * 60};
  const absl::Time earliest = Utc(2026, 3, 29), latest = Utc(2026, 4, 11);
  const SlotProposal proposal = ProposeInterviewSlots(
      Hours("Australia/Sydney", "09:00", "17:00"), Hours("Asia/Singapore", "09:00", "18:00"), {},
      {.duration = absl::Minutes(90), .earliest = earliest, .latest = latest, .count = 1000});
  const std::vector<absl::Time> expected =
      ExpectedStarts(sydney, singapore, {}, earliest, latest, absl::Minutes(90));
  EXPECT_EQ(StartsOf(proposal), expected);
  EXPECT_FALSE(expected.empty());
}

TEST(InterviewSlots, ANightShiftThatCrossesMidnightMeetsADayAcrossTheUsChange) {
  const ModelSide los_angeles{
      .offsets = {{absl::InfinitePast(), -480}, {Utc(2026, 3, 8, 10), -420}}};
  const ModelSide manila{.offsets = {{absl::InfinitePast(), 480}}, .start = 22 * 60, .end = 6 * 60};
  const absl::Time earliest = Utc(2026, 3, 2), latest = Utc(2026, 3, 14);
  const WeeklyHours client = Hours("America/Los_Angeles", "09:00", "17:00");
  const WeeklyHours candidate = Hours("Asia/Manila", "22:00", "06:00");
  const SlotProposal proposal = ProposeInterviewSlots(
      client, candidate, {},
      {.duration = absl::Minutes(60), .earliest = earliest, .latest = latest, .count = 1000});
  const std::vector<absl::Time> expected =
      ExpectedStarts(los_angeles, manila, {}, earliest, latest, absl::Minutes(60));
  EXPECT_EQ(StartsOf(proposal), expected);
  // 5 hours a day on standard time, 6 once Los Angeles is on daylight time.
  EXPECT_EQ(expected.size(), 5 * 5 + 5 * 6);
  ASSERT_FALSE(proposal.slots.empty());
  EXPECT_EQ(proposal.slots[0].sentence,
            "Mon 2 Mar 2026, 09:00-10:00 in Los Angeles (America/Los_Angeles) = Tue 3 Mar 2026, "
            "01:00-02:00 in Manila (Asia/Manila)");
}

TEST(InterviewSlots, BusyTimesAreAvoidedAndTouchingThemIsFine) {
  const std::vector<std::pair<absl::Time, absl::Time>> busy = {
      {Utc(2026, 3, 3, 14, 30), Utc(2026, 3, 3, 15, 20)},  // Tuesday, inside the overlap
      {Utc(2026, 3, 4, 13, 0), Utc(2026, 3, 4, 15, 0)},    // Wednesday, the start of it
      {Utc(2026, 3, 4, 14, 0), Utc(2026, 3, 4, 16, 0)},    // overlapping the one before
  };
  std::vector<BusyInterval> given;
  for (const auto& [start, end] : busy) given.push_back({start, end, "interviews/x"});
  const absl::Time earliest = Utc(2026, 3, 2), latest = Utc(2026, 3, 7);
  const SlotProposal proposal = ProposeInterviewSlots(
      Hours("America/New_York", "09:00", "17:00"), Hours("Europe/Lisbon", "09:00", "17:00"), given,
      {.duration = absl::Minutes(60), .earliest = earliest, .latest = latest, .count = 1000});
  const std::vector<absl::Time> expected =
      ExpectedStarts(kNewYork, kLisbon, busy, earliest, latest, absl::Minutes(60));
  EXPECT_EQ(StartsOf(proposal), expected);
  // Tuesday: 14:00 is taken by the busy time from 14:30; the next start is 15:30 (the
  // quarter hour after 15:20), then 16:30 does not fit before 17:00 UTC.
  std::vector<absl::Time> tuesday;
  for (absl::Time start : expected) {
    if (start >= Utc(2026, 3, 3) && start < Utc(2026, 3, 4)) tuesday.push_back(start);
  }
  EXPECT_EQ(tuesday, (std::vector<absl::Time>{Utc(2026, 3, 3, 15, 30)}));
  // A slot may start exactly when a busy time ends: Wednesday 16:00.
  EXPECT_NE(std::find(expected.begin(), expected.end(), Utc(2026, 3, 4, 16)), expected.end());
}

TEST(InterviewSlots, AFewSlotsAreSpreadOverDaysEarliestFirst) {
  const SlotProposal proposal = ProposeInterviewSlots(
      Hours("America/New_York", "09:00", "17:00"), Hours("Europe/Lisbon", "09:00", "17:00"), {},
      {.duration = absl::Minutes(30),
       .earliest = Utc(2026, 3, 3, 15, 7),  // Tuesday, mid-overlap
       .latest = Utc(2026, 3, 14),
       .count = 4});
  // One a day: Tuesday's first quarter hour after 15:07, then each next working day's start
  // (Monday 9 March already on daylight time in New York).
  EXPECT_EQ(StartsOf(proposal), (std::vector<absl::Time>{
                                    Utc(2026, 3, 3, 15, 15),
                                    Utc(2026, 3, 4, 14),
                                    Utc(2026, 3, 5, 14),
                                    Utc(2026, 3, 6, 14),
                                }));
  EXPECT_THAT(proposal.reason, IsEmpty());
}

TEST(InterviewSlots, NoSlotSaysWhatTheLongestCommonTimeIs) {
  const SlotProposal too_long = ProposeInterviewSlots(Hours("America/New_York", "09:00", "17:00"),
                                                      Hours("Europe/Lisbon", "09:00", "17:00"), {},
                                                      {.duration = absl::Minutes(240),
                                                       .earliest = Utc(2026, 3, 2),
                                                       .latest = Utc(2026, 3, 7),
                                                       .count = 3});
  EXPECT_THAT(too_long.slots, IsEmpty());
  EXPECT_EQ(too_long.reason,
            "no 240 minutes when both sides work and are free between Sun 1 Mar 2026 and Fri 6 "
            "Mar 2026 (America/New_York); the longest is 180 minutes, on 5 days");

  // Sydney's 09:00-17:00 and Berlin's 08:00-16:00 never meet.
  const SlotProposal never = ProposeInterviewSlots(Hours("Australia/Sydney", "09:00", "17:00"),
                                                   Hours("Europe/Berlin", "08:00", "16:00"), {},
                                                   {.duration = absl::Minutes(30),
                                                    .earliest = Utc(2026, 3, 2),
                                                    .latest = Utc(2026, 3, 16),
                                                    .count = 3});
  EXPECT_THAT(never.slots, IsEmpty());
  EXPECT_THAT(never.reason, HasSubstr("no time when both sides work and are free between"));
}

TEST(InterviewSlots, InsideAWorkingWindowOrNotWithTheLocalTime) {
  const WeeklyHours lisbon = Hours("Europe/Lisbon", "09:00", "17:00");
  EXPECT_TRUE(InsideWorkingWindow(lisbon, Utc(2026, 3, 10, 9), Utc(2026, 3, 10, 17)));
  std::string local;
  EXPECT_FALSE(InsideWorkingWindow(lisbon, Utc(2026, 3, 14, 20), Utc(2026, 3, 14, 21), &local));
  EXPECT_EQ(local, "Sat 14 Mar 2026 20:00 in Lisbon (Europe/Lisbon)");
  // After the change 16:00-17:00 UTC is 17:00-18:00 in Lisbon, 15:00-16:00 UTC 16:00-17:00.
  EXPECT_FALSE(InsideWorkingWindow(lisbon, Utc(2026, 3, 30, 16), Utc(2026, 3, 30, 17)));
  EXPECT_TRUE(InsideWorkingWindow(lisbon, Utc(2026, 3, 30, 15), Utc(2026, 3, 30, 16)));
  // A night window holds an interview across its midnight.
  const WeeklyHours manila = Hours("Asia/Manila", "22:00", "06:00");
  EXPECT_TRUE(InsideWorkingWindow(manila, Utc(2026, 3, 2, 15, 30), Utc(2026, 3, 2, 16, 30)));
}

TEST(InterviewSlots, ZoneCitiesReadLikePlaces) {
  EXPECT_EQ(ZoneCity("America/Argentina/Buenos_Aires"), "Buenos Aires");
  EXPECT_EQ(ZoneCity("Europe/Lisbon"), "Lisbon");
  EXPECT_EQ(ZoneCity("UTC"), "UTC");
}

}  // namespace
}  // namespace meridian::talent
