// Tests for services/talent/domain/overlap.h: working-hours overlap across real time zones.
//
// Every expected number below was derived by hand from the zones' UTC offsets and the 2027
// daylight-saving dates in Debian's tzdata (checked with `zdump -v`), never by running the
// code. The dates used:
//   America/New_York    EST -5 until Sun 14 Mar 2027 02:00, EDT -4 until Sun 7 Nov 02:00.
//   Europe (EU rule)    summer time from Sun 28 Mar 2027 01:00 UTC to Sun 31 Oct 01:00 UTC:
//                       Lisbon WET +0 / WEST +1, Warsaw CET +1 / CEST +2, Kyiv EET +2 / EEST +3.
//   Australia/Sydney    AEDT +11 until Sun 4 Apr 2027 03:00, AEST +10, AEDT from Sun 3 Oct.
//   Pacific/Auckland    NZDT +13 until Sun 4 Apr 2027 03:00, NZST +12, NZDT from Sun 26 Sep.
//   America/Santiago    -03 (summer) until Sat 3 Apr 2027 24:00, -04, -03 from Sun 5 Sep
//                       (local midnight is skipped: Sat 23:59:59 -04 is followed by 01:00 -03).
//   No daylight time:   Lagos +1, Nairobi +3, Kolkata +5:30, Kathmandu +5:45, Manila +8,
//                       Tokyo +9, Sao Paulo -3, Buenos Aires -3, Mexico City -6 (since 2022).
// The five reference dates: Mon 1 Mar 2027 (all on winter time in the north), Wed 17 Mar
// (only the US on daylight time), Mon 12 Apr (both on daylight time; Sydney, Auckland and
// Santiago back on standard time), Wed 3 Nov (Europe back, the US not yet) and Mon 15 Nov.
// In UTC, New York's 09:00-17:00 is 14:00-22:00 on EST and 13:00-21:00 on EDT.
#include "services/talent/domain/overlap.h"

#include <algorithm>
#include <iterator>
#include <ostream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian::talent {
namespace {

using common::v1::FRIDAY;
using common::v1::MONDAY;
using common::v1::SATURDAY;
using common::v1::SUNDAY;
using common::v1::THURSDAY;
using common::v1::TUESDAY;
using common::v1::WEDNESDAY;
using common::v1::Weekday;
using ::testing::HasSubstr;

// One side's working hours as the proto carries them.
struct Side {
  std::string zone;
  std::string start = "09:00";
  std::string end = "17:00";
  std::vector<Weekday> days = {};  // empty: Monday to Friday
};

common::v1::WorkingHours ToProto(const Side& side) {
  common::v1::WorkingHours hours;
  hours.set_time_zone(side.zone);
  hours.set_start(side.start);
  hours.set_end(side.end);
  for (Weekday day : side.days) hours.add_days(day);
  return hours;
}

WeeklyHours Load(const Side& side) {
  absl::StatusOr<WeeklyHours> hours = WeeklyHours::From(ToProto(side));
  EXPECT_TRUE(hours.ok()) << hours.status();
  return *std::move(hours);
}

const Side kNewYork{"America/New_York"};
const std::vector<Weekday> kEveryDay = {MONDAY, TUESDAY,  WEDNESDAY, THURSDAY,
                                        FRIDAY, SATURDAY, SUNDAY};
// Works around the clock every day: the overlap is then the client's real window length.
const Side kUtcAllDay{"UTC", "00:00", "24:00", kEveryDay};

// Candidates used in several rows.
const Side kKolkataLate{"Asia/Kolkata", "14:00", "22:00"};      // 08:30-16:30 UTC
const Side kKathmanduLate{"Asia/Kathmandu", "14:00", "22:00"};  // 08:15-16:15 UTC
const Side kManilaNight{"Asia/Manila", "22:00", "06:00"};       // 14:00-22:00 UTC
const Side kSydneyEarly{"Australia/Sydney", "07:00", "15:00"};
const Side kTokyoFridayNight{"Asia/Tokyo", "20:00", "04:00", {FRIDAY}};  // Fri 11-19 UTC

const absl::CivilDay kMar1(2027, 3, 1);     // Monday, before any spring change
const absl::CivilDay kMar5(2027, 3, 5);     // Friday
const absl::CivilDay kMar17(2027, 3, 17);   // Wednesday, US on EDT, Europe still on winter time
const absl::CivilDay kMar19(2027, 3, 19);   // Friday, same
const absl::CivilDay kApr12(2027, 4, 12);   // Monday, after both spring changes
const absl::CivilDay kNov3(2027, 11, 3);    // Wednesday, Europe back on winter time, US on EDT
const absl::CivilDay kNov15(2027, 11, 15);  // Monday, after both autumn changes

struct Case {
  std::string name;
  Side client;
  Side candidate;
  absl::CivilDay date;  // a horizon of one day
  double hours;
};

std::vector<Case> Cases() {
  return {
      // Europe/Lisbon: WET 9-17 UTC, WEST 8-16 UTC.
      {"Lisbon_Mar1", kNewYork, {"Europe/Lisbon"}, kMar1, 3},    // 14-22 ∩ 9-17 = 14-17
      {"Lisbon_Mar17", kNewYork, {"Europe/Lisbon"}, kMar17, 4},  // 13-21 ∩ 9-17 = 13-17
      {"Lisbon_Apr12", kNewYork, {"Europe/Lisbon"}, kApr12, 3},  // 13-21 ∩ 8-16 = 13-16
      {"Lisbon_Nov3", kNewYork, {"Europe/Lisbon"}, kNov3, 4},    // 13-21 ∩ 9-17 = 13-17
      {"Lisbon_Nov15", kNewYork, {"Europe/Lisbon"}, kNov15, 3},  // 14-22 ∩ 9-17 = 14-17
      // Europe/Warsaw: CET 8-16 UTC, CEST 7-15 UTC.
      {"Warsaw_Mar1", kNewYork, {"Europe/Warsaw"}, kMar1, 2},    // 14-22 ∩ 8-16 = 14-16
      {"Warsaw_Mar17", kNewYork, {"Europe/Warsaw"}, kMar17, 3},  // 13-21 ∩ 8-16 = 13-16
      {"Warsaw_Apr12", kNewYork, {"Europe/Warsaw"}, kApr12, 2},  // 13-21 ∩ 7-15 = 13-15
      {"Warsaw_Nov3", kNewYork, {"Europe/Warsaw"}, kNov3, 3},    // 13-21 ∩ 8-16 = 13-16
      {"Warsaw_Nov15", kNewYork, {"Europe/Warsaw"}, kNov15, 2},  // 14-22 ∩ 8-16 = 14-16
      // Europe/Kyiv: EET 7-15 UTC, EEST 6-14 UTC.
      {"Kyiv_Mar1", kNewYork, {"Europe/Kyiv"}, kMar1, 1},    // 14-22 ∩ 7-15 = 14-15
      {"Kyiv_Mar17", kNewYork, {"Europe/Kyiv"}, kMar17, 2},  // 13-21 ∩ 7-15 = 13-15
      {"Kyiv_Apr12", kNewYork, {"Europe/Kyiv"}, kApr12, 1},  // 13-21 ∩ 6-14 = 13-14
      {"Kyiv_Nov3", kNewYork, {"Europe/Kyiv"}, kNov3, 2},    // 13-21 ∩ 7-15 = 13-15
      {"Kyiv_Nov15", kNewYork, {"Europe/Kyiv"}, kNov15, 1},  // 14-22 ∩ 7-15 = 14-15
      // Africa/Lagos: WAT +1 all year, 8-16 UTC.
      {"Lagos_Mar1", kNewYork, {"Africa/Lagos"}, kMar1, 2},    // 14-22 ∩ 8-16 = 14-16
      {"Lagos_Mar17", kNewYork, {"Africa/Lagos"}, kMar17, 3},  // 13-21 ∩ 8-16 = 13-16
      {"Lagos_Apr12", kNewYork, {"Africa/Lagos"}, kApr12, 3},  // 13-21 ∩ 8-16 = 13-16
      {"Lagos_Nov3", kNewYork, {"Africa/Lagos"}, kNov3, 3},    // 13-21 ∩ 8-16 = 13-16
      {"Lagos_Nov15", kNewYork, {"Africa/Lagos"}, kNov15, 2},  // 14-22 ∩ 8-16 = 14-16
      // Africa/Nairobi: EAT +3 all year, 6-14 UTC; on EST the windows only touch at 14:00.
      {"Nairobi_Mar1", kNewYork, {"Africa/Nairobi"}, kMar1, 0},    // 14-22 ∩ 6-14 = empty
      {"Nairobi_Mar17", kNewYork, {"Africa/Nairobi"}, kMar17, 1},  // 13-21 ∩ 6-14 = 13-14
      {"Nairobi_Apr12", kNewYork, {"Africa/Nairobi"}, kApr12, 1},  // 13-21 ∩ 6-14 = 13-14
      {"Nairobi_Nov3", kNewYork, {"Africa/Nairobi"}, kNov3, 1},    // 13-21 ∩ 6-14 = 13-14
      {"Nairobi_Nov15", kNewYork, {"Africa/Nairobi"}, kNov15, 0},  // 14-22 ∩ 6-14 = empty
      // Asia/Kolkata +5:30: 09:00-17:00 is 03:30-11:30 UTC, no overlap either way; a
      // 14:00-22:00 shift is 08:30-16:30 UTC and gives half hours.
      {"Kolkata_Mar1", kNewYork, {"Asia/Kolkata"}, kMar1, 0},      // 14-22 ∩ 3:30-11:30
      {"Kolkata_Mar17", kNewYork, {"Asia/Kolkata"}, kMar17, 0},    // 13-21 ∩ 3:30-11:30
      {"Kolkata_Nov15", kNewYork, {"Asia/Kolkata"}, kNov15, 0},    // 14-22 ∩ 3:30-11:30
      {"KolkataLate_Mar1", kNewYork, kKolkataLate, kMar1, 2.5},    // 14-16:30
      {"KolkataLate_Mar17", kNewYork, kKolkataLate, kMar17, 3.5},  // 13-16:30
      {"KolkataLate_Apr12", kNewYork, kKolkataLate, kApr12, 3.5},  // 13-16:30
      {"KolkataLate_Nov3", kNewYork, kKolkataLate, kNov3, 3.5},    // 13-16:30
      {"KolkataLate_Nov15", kNewYork, kKolkataLate, kNov15, 2.5},  // 14-16:30
      // Asia/Kathmandu +5:45: 09:00-17:00 is 03:15-11:15 UTC (no overlap); 14:00-22:00 is
      // 08:15-16:15 UTC.
      {"Kathmandu_Mar1", kNewYork, {"Asia/Kathmandu"}, kMar1, 0},       // 14-22 ∩ 3:15-11:15
      {"Kathmandu_Mar17", kNewYork, {"Asia/Kathmandu"}, kMar17, 0},     // 13-21 ∩ 3:15-11:15
      {"KathmanduLate_Mar1", kNewYork, kKathmanduLate, kMar1, 2.25},    // 14-16:15
      {"KathmanduLate_Mar17", kNewYork, kKathmanduLate, kMar17, 3.25},  // 13-16:15
      {"KathmanduLate_Apr12", kNewYork, kKathmanduLate, kApr12, 3.25},  // 13-16:15
      {"KathmanduLate_Nov3", kNewYork, kKathmanduLate, kNov3, 3.25},    // 13-16:15
      {"KathmanduLate_Nov15", kNewYork, kKathmanduLate, kNov15, 2.25},  // 14-16:15
      // Asia/Manila +8: a day's 09:00-17:00 is 01:00-09:00 UTC that same date, before New
      // York's day starts; the next day's starts at 01:00 UTC, after New York's ends.
      {"Manila_Mar1", kNewYork, {"Asia/Manila"}, kMar1, 0},    // 14-22 vs 01-09 either date
      {"Manila_Mar17", kNewYork, {"Asia/Manila"}, kMar17, 0},  // 13-21 vs 01-09 either date
      {"Manila_Apr12", kNewYork, {"Asia/Manila"}, kApr12, 0},  // 13-21 vs 01-09
      {"Manila_Nov15", kNewYork, {"Asia/Manila"}, kNov15, 0},  // 14-22 vs 01-09
      // Manila night shift 22:00-06:00: day D's shift is D 14:00-22:00 UTC.
      {"ManilaNight_Mar1", kNewYork, kManilaNight, kMar1, 8},     // 14-22 ∩ 14-22
      {"ManilaNight_Mar5Fri", kNewYork, kManilaNight, kMar5, 8},  // Friday's shift
      {"ManilaNight_Mar17", kNewYork, kManilaNight, kMar17, 7},   // 13-21 ∩ 14-22
      {"ManilaNight_Apr12", kNewYork, kManilaNight, kApr12, 7},   // 13-21 ∩ 14-22
      {"ManilaNight_Nov3", kNewYork, kManilaNight, kNov3, 7},     // 13-21 ∩ 14-22
      {"ManilaNight_Nov15", kNewYork, kManilaNight, kNov15, 8},   // 14-22 ∩ 14-22
      // America/Sao_Paulo -3 all year (no daylight time since 2019): 12-20 UTC.
      {"SaoPaulo_Mar1", kNewYork, {"America/Sao_Paulo"}, kMar1, 6},    // 14-22 ∩ 12-20 = 14-20
      {"SaoPaulo_Mar17", kNewYork, {"America/Sao_Paulo"}, kMar17, 7},  // 13-21 ∩ 12-20 = 13-20
      {"SaoPaulo_Apr12", kNewYork, {"America/Sao_Paulo"}, kApr12, 7},  // 13-21 ∩ 12-20 = 13-20
      {"SaoPaulo_Nov3", kNewYork, {"America/Sao_Paulo"}, kNov3, 7},    // 13-21 ∩ 12-20 = 13-20
      {"SaoPaulo_Nov15", kNewYork, {"America/Sao_Paulo"}, kNov15, 6},  // 14-22 ∩ 12-20 = 14-20
      // America/Argentina/Buenos_Aires -3 all year: 12-20 UTC.
      {"BuenosAires_Mar1", kNewYork, {"America/Argentina/Buenos_Aires"}, kMar1, 6},    // 14-20
      {"BuenosAires_Mar17", kNewYork, {"America/Argentina/Buenos_Aires"}, kMar17, 7},  // 13-20
      {"BuenosAires_Apr12", kNewYork, {"America/Argentina/Buenos_Aires"}, kApr12, 7},  // 13-20
      {"BuenosAires_Nov3", kNewYork, {"America/Argentina/Buenos_Aires"}, kNov3, 7},    // 13-20
      {"BuenosAires_Nov15", kNewYork, {"America/Argentina/Buenos_Aires"}, kNov15, 6},  // 14-20
      // America/Mexico_City -6 all year (no daylight time since Oct 2022): 15-23 UTC.
      {"MexicoCity_Mar1", kNewYork, {"America/Mexico_City"}, kMar1, 7},  // 14-22 ∩ 15-23 = 15-22
      {"MexicoCity_Mar17", kNewYork, {"America/Mexico_City"}, kMar17, 6},  // 13-21 ∩ 15-23 = 15-21
      {"MexicoCity_Apr12", kNewYork, {"America/Mexico_City"}, kApr12, 6},  // 13-21 ∩ 15-23 = 15-21
      {"MexicoCity_Nov3", kNewYork, {"America/Mexico_City"}, kNov3, 6},  // 13-21 ∩ 15-23 = 15-21
      {"MexicoCity_Nov15", kNewYork, {"America/Mexico_City"}, kNov15, 7},  // 14-22 ∩ 15-23 = 15-22
      // Australia/Sydney 09:00-17:00 on day D: AEDT (D-1) 22:00 - D 06:00 UTC, AEST (D-1)
      // 23:00 - D 07:00 UTC. It starts as New York's day ends: never any overlap.
      {"Sydney_Mar1", kNewYork, {"Australia/Sydney"}, kMar1, 0},    // 14-22 vs Tue from 22:00
      {"Sydney_Mar17", kNewYork, {"Australia/Sydney"}, kMar17, 0},  // 13-21 vs Thu from 22:00
      {"Sydney_Apr12", kNewYork, {"Australia/Sydney"}, kApr12, 0},  // 13-21 vs Tue from 23:00
      {"Sydney_Nov3", kNewYork, {"Australia/Sydney"}, kNov3, 0},    // 13-21 vs Thu from 22:00
      {"Sydney_Nov15", kNewYork, {"Australia/Sydney"}, kNov15, 0},  // 14-22 vs Tue from 22:00
      // Sydney early shift 07:00-15:00 on day D: AEDT (D-1) 20:00 - D 04:00 UTC, AEST (D-1)
      // 21:00 - D 05:00 UTC. New York's Monday meets Sydney's Tuesday morning.
      {"SydneyEarly_Mar1", kNewYork, kSydneyEarly, kMar1, 2},    // 20-22
      {"SydneyEarly_Mar17", kNewYork, kSydneyEarly, kMar17, 1},  // 20-21
      {"SydneyEarly_Apr12", kNewYork, kSydneyEarly, kApr12, 0},  // 21 vs 21
      {"SydneyEarly_Nov3", kNewYork, kSydneyEarly, kNov3, 1},    // 20-21
      {"SydneyEarly_Nov15", kNewYork, kSydneyEarly, kNov15, 2},  // 20-22
      // Friday 14-22 UTC meets Sydney's Saturday morning (Fri 20:00 UTC), not a working day;
      // Sydney's Friday shift ended Fri 04:00 UTC.
      {"SydneyEarly_Mar5Fri", kNewYork, kSydneyEarly, kMar5, 0},
      // Pacific/Auckland 09:00-17:00 on day D: NZDT (D-1) 20:00 - D 04:00 UTC, NZST (D-1)
      // 21:00 - D 05:00 UTC.
      {"Auckland_Mar1", kNewYork, {"Pacific/Auckland"}, kMar1, 2},     // 14-22 ∩ 20- = 20-22
      {"Auckland_Mar5Fri", kNewYork, {"Pacific/Auckland"}, kMar5, 0},  // Auckland's Saturday
      {"Auckland_Mar17", kNewYork, {"Pacific/Auckland"}, kMar17, 1},   // 13-21 ∩ 20- = 20-21
      {"Auckland_Apr12", kNewYork, {"Pacific/Auckland"}, kApr12, 0},   // 13-21 vs NZST 21-
      {"Auckland_Nov3", kNewYork, {"Pacific/Auckland"}, kNov3, 1},     // 13-21 ∩ 20- = 20-21
      {"Auckland_Nov15", kNewYork, {"Pacific/Auckland"}, kNov15, 2},   // 14-22 ∩ 20- = 20-22
      // America/Santiago: -03 in its summer (12-20 UTC), -04 in winter (13-21 UTC).
      {"Santiago_Mar1", kNewYork, {"America/Santiago"}, kMar1, 6},    // 14-22 ∩ 12-20 = 14-20
      {"Santiago_Mar17", kNewYork, {"America/Santiago"}, kMar17, 7},  // 13-21 ∩ 12-20 = 13-20
      {"Santiago_Apr12", kNewYork, {"America/Santiago"}, kApr12, 8},  // 13-21 ∩ 13-21
      {"Santiago_Nov3", kNewYork, {"America/Santiago"}, kNov3, 7},    // 13-21 ∩ 12-20 = 13-20
      {"Santiago_Nov15", kNewYork, {"America/Santiago"}, kNov15, 6},  // 14-22 ∩ 12-20 = 14-20
      // Asia/Tokyo +9, 20:00-04:00 on Fridays only: Fri 11:00-19:00 UTC. The window crosses
      // into Saturday and still belongs to Friday; counting 00:00-04:00 as Saturday's would
      // leave only Fri 11-15 UTC (1 h on EST).
      {"TokyoFriNight_Mar5", kNewYork, kTokyoFridayNight, kMar5, 5},    // 14-19
      {"TokyoFriNight_Mar19", kNewYork, kTokyoFridayNight, kMar19, 6},  // 13-19
      {"TokyoFriNight_Thu", kNewYork, kTokyoFridayNight, absl::CivilDay(2027, 3, 4),
       0},  // Thursday 14-22 UTC; Friday's shift starts Fri 11:00
      // New York 11:00-19:00 on Fri 5 Mar (EST) is 16:00-24:00 UTC, which starts at Sat 01:00
      // in Tokyo: the candidate is still inside Friday's shift (to 19:00 UTC) -> 16-19.
      {"TokyoFriNight_ClientStartsOnTokyoSaturday",
       {"America/New_York", "11:00", "19:00"},
       kTokyoFridayNight,
       kMar5,
       3},
      // A Saturday-only shift starts Sat 11:00 UTC, after New York's Friday (ends Fri 22:00).
      {"TokyoSatNight_Fri", kNewYork, {"Asia/Tokyo", "20:00", "04:00", {SATURDAY}}, kMar5, 0},
      // Client night shift 22:00-06:00 in New York: Mon 1 Mar 22:00 EST = Tue 03:00 UTC to Tue
      // 11:00 UTC; Manila's Tuesday 09:00-17:00 = Tue 01:00-09:00 UTC -> 03-09.
      {"ClientNight_Mar1", {"America/New_York", "22:00", "06:00"}, {"Asia/Manila"}, kMar1, 6},
      // Wed 17 Mar 22:00 EDT = Thu 02:00 UTC to Thu 10:00 UTC; Manila Thu 01-09 -> 02-09.
      {"ClientNight_Mar17", {"America/New_York", "22:00", "06:00"}, {"Asia/Manila"}, kMar17, 7},
      // Fri 5 Mar 22:00 EST = Sat 03:00 UTC: Manila's Saturday, not a working day.
      {"ClientNight_Mar5Fri", {"America/New_York", "22:00", "06:00"}, {"Asia/Manila"}, kMar5, 0},
      // Client night across the spring change: Sat 13 Mar 22:00 EST = Sun 03:00 UTC to Sun
      // 06:00 EDT = Sun 10:00 UTC: 7 real hours, not 8.
      {"ClientNightSpringForward",
       {"America/New_York", "22:00", "06:00", {SATURDAY}},
       kUtcAllDay,
       absl::CivilDay(2027, 3, 13),
       7},
      // And across the autumn change: Sat 6 Nov 22:00 EDT = Sun 02:00 UTC to Sun 06:00 EST =
      // Sun 11:00 UTC: 9 real hours.
      {"ClientNightFallBack",
       {"America/New_York", "22:00", "06:00", {SATURDAY}},
       kUtcAllDay,
       absl::CivilDay(2027, 11, 6),
       9},
      // Client window starting in the skipped hour: 02:30 on Sun 14 Mar does not exist in New
      // York; FromCivil gives the transition, 03:00 EDT = 07:00 UTC. 10:30 EDT = 14:30 UTC.
      {"ClientStartsInSpringGap",
       {"America/New_York", "02:30", "10:30", {SUNDAY}},
       kUtcAllDay,
       absl::CivilDay(2027, 3, 14),
       7.5},
      // Client window ending in the skipped hour: Sat 22:00 EST = Sun 03:00 UTC to "02:30" =
      // the transition, 07:00 UTC: 4 h.
      {"ClientEndsInSpringGap",
       {"America/New_York", "22:00", "02:30", {SATURDAY}},
       kUtcAllDay,
       absl::CivilDay(2027, 3, 13),
       4},
      // Client window starting in the repeated hour: 01:30 on Sun 7 Nov happens twice; the
      // first (EDT, 05:30 UTC) counts. 05:30 EST = 10:30 UTC: 5 h.
      {"ClientStartsInRepeatedHour",
       {"America/New_York", "01:30", "05:30", {SUNDAY}},
       kUtcAllDay,
       absl::CivilDay(2027, 11, 7),
       5},
      // Candidate window starting in Lisbon's skipped hour: 01:30 on Sun 28 Mar does not exist
      // (01:00 WET jumps to 02:00 WEST at 01:00 UTC), so it starts at 01:00 UTC; 05:30 WEST =
      // 04:30 UTC. The client works all of Sunday UTC: 3.5 h.
      {"CandidateStartsInSpringGap",
       kUtcAllDay,
       {"Europe/Lisbon", "01:30", "05:30", {SUNDAY}},
       absl::CivilDay(2027, 3, 28),
       3.5},
      // Santiago skips its midnight on Sun 5 Sep 2027: a Sunday 00:00-08:00 window starts at
      // the change, 04:00 UTC (01:00 -03), and ends 08:00 -03 = 11:00 UTC: 7 h.
      {"CandidateStartsAtSkippedMidnight",
       kUtcAllDay,
       {"America/Santiago", "00:00", "08:00", {SUNDAY}},
       absl::CivilDay(2027, 9, 5),
       7},
  };
}

// Names the row in failure messages instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class OverlapTableTest : public ::testing::TestWithParam<Case> {};

TEST_P(OverlapTableTest, MatchesHandComputedHours) {
  const Case& c = GetParam();
  const WeeklyHours client = Load(c.client);
  const WeeklyHours candidate = Load(c.candidate);
  const Overlap overlap = ComputeOverlap(client, candidate, c.date, 1);
  ASSERT_EQ(overlap.days.size(), 1u);
  EXPECT_EQ(overlap.days[0].day, c.date);
  EXPECT_DOUBLE_EQ(overlap.days[0].hours, c.hours);
  EXPECT_DOUBLE_EQ(overlap.min_hours, c.hours);
  EXPECT_DOUBLE_EQ(overlap.max_hours, c.hours);
}

INSTANTIATE_TEST_SUITE_P(NewYorkAndTheWorld, OverlapTableTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

// Counts the days with `hours`.
int DaysWith(const Overlap& overlap, double hours) {
  int count = 0;
  for (const DayOverlap& day : overlap.days) count += day.hours == hours ? 1 : 0;
  return count;
}

TEST(ComputeOverlap, EightWeeksOfNewYorkAndLisbon) {
  // 56 days from Mon 1 Mar 2027 run to Sun 25 Apr: 40 working days.
  //   1-12 Mar   (10 days) EST, WET:  14-22 ∩ 9-17 = 3 h
  //   15-26 Mar  (10 days) EDT, WET:  13-21 ∩ 9-17 = 4 h
  //   29 Mar-23 Apr (20 days) EDT, WEST: 13-21 ∩ 8-16 = 3 h
  const Overlap overlap =
      ComputeOverlap(Load(kNewYork), Load({"Europe/Lisbon"}), absl::CivilDay(2027, 3, 1), 56);
  ASSERT_EQ(overlap.days.size(), 40u);
  EXPECT_EQ(overlap.min_hours, 3);
  EXPECT_EQ(overlap.max_hours, 4);
  EXPECT_EQ(DaysWith(overlap, 3), 30);
  EXPECT_EQ(DaysWith(overlap, 4), 10);
  for (const DayOverlap& day : overlap.days) {
    const bool us_only =
        day.day >= absl::CivilDay(2027, 3, 15) && day.day <= absl::CivilDay(2027, 3, 26);
    EXPECT_EQ(day.hours, us_only ? 4 : 3) << day.day;
  }
  EXPECT_EQ(overlap.days.front().day, absl::CivilDay(2027, 3, 1));
  EXPECT_EQ(overlap.days.back().day, absl::CivilDay(2027, 4, 23));
}

TEST(ComputeOverlap, PartialWeekCandidateGivesZeroOnTheOtherDays) {
  // Lisbon works Mon-Wed only; week of 1 Mar 2027: 3 h (14-22 ∩ 9-17) Mon-Wed, then
  // Thursday and Friday nothing (Wednesday's window ended Wed 17:00 UTC).
  const Overlap overlap = ComputeOverlap(
      Load(kNewYork), Load({"Europe/Lisbon", "09:00", "17:00", {MONDAY, TUESDAY, WEDNESDAY}}),
      kMar1, 7);
  ASSERT_EQ(overlap.days.size(), 5u);
  EXPECT_EQ(overlap.min_hours, 0);
  EXPECT_EQ(overlap.max_hours, 3);
  const double expected[] = {3, 3, 3, 0, 0};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(overlap.days[i].day, kMar1 + static_cast<int>(i));
    EXPECT_EQ(overlap.days[i].hours, expected[i]) << overlap.days[i].day;
  }
}

TEST(ComputeOverlap, CountsOnlyTheClientsWorkingDays) {
  // 1-14 Mar 2027 holds ten weekdays; the weekends are left out, not reported as zero.
  const Overlap overlap = ComputeOverlap(Load(kNewYork), Load({"Europe/Lisbon"}), kMar1, 14);
  ASSERT_EQ(overlap.days.size(), 10u);
  for (const DayOverlap& day : overlap.days) {
    EXPECT_LT(static_cast<int>(absl::GetWeekday(day.day)),
              static_cast<int>(absl::Weekday::saturday));
  }
}

TEST(ComputeOverlap, EmptyHorizon) {
  for (int horizon : {0, -3}) {
    const Overlap overlap = ComputeOverlap(Load(kNewYork), Load({"Europe/Lisbon"}), kMar1, horizon);
    EXPECT_TRUE(overlap.days.empty());
    EXPECT_EQ(overlap.min_hours, 0);
    EXPECT_EQ(overlap.max_hours, 0);
  }
  // A weekend-only horizon holds no working day of a Monday-Friday client.
  EXPECT_TRUE(ComputeOverlap(Load(kNewYork), Load({"Europe/Lisbon"}), absl::CivilDay(2027, 3, 6), 2)
                  .days.empty());
}

TEST(ComputeOverlap, WindowsOfConsecutiveCandidateDaysAddUp) {
  // A candidate working 00:00-24:00 UTC every day has windows touching at midnight. New
  // York's 15:00-23:00 on Mon 1 Mar 2027 (EST) is 20:00-04:00 UTC: 4 h in Monday's window and
  // 4 h in Tuesday's, 8 h in all.
  EXPECT_EQ(ComputeOverlap(Load({"America/New_York", "15:00", "23:00"}), Load(kUtcAllDay), kMar1, 1)
                .days[0]
                .hours,
            8);
  // With Tuesday off, only Monday's part remains: 20:00-24:00 UTC.
  EXPECT_EQ(ComputeOverlap(Load({"America/New_York", "15:00", "23:00"}),
                           Load({"UTC", "00:00", "24:00", {MONDAY}}), kMar1, 1)
                .days[0]
                .hours,
            4);
}

// The file comment's contract for one client working day, computed the plain way: every
// local time through absl (WindowStart, WindowEnd, absl::ToCivilDay), candidate windows
// collected and merged. ComputeOverlap converts through per-horizon tables instead.
double ContractHours(const WeeklyHours& client, const WeeklyHours& candidate, absl::CivilDay day) {
  const absl::Time client_begin = client.WindowStart(day);
  const absl::Time client_end = client.WindowEnd(day);
  std::vector<std::pair<absl::Time, absl::Time>> parts;
  for (absl::CivilDay d = absl::ToCivilDay(client_begin, candidate.zone()) - 1;
       d <= absl::ToCivilDay(client_end, candidate.zone()) + 1; ++d) {
    if (!candidate.WorksOn(absl::GetWeekday(d))) continue;
    const absl::Time begin = std::max(client_begin, candidate.WindowStart(d));
    const absl::Time end = std::min(client_end, candidate.WindowEnd(d));
    if (begin < end) parts.emplace_back(begin, end);
  }
  std::sort(parts.begin(), parts.end());
  absl::Duration total;
  absl::Time covered = absl::InfinitePast();
  for (const auto& [begin, end] : parts) {
    const absl::Time from = std::max(begin, covered);
    if (end > from) total += end - from;
    covered = std::max(covered, end);
  }
  return absl::ToDoubleSeconds(total) / 3600.0;
}

TEST(ComputeOverlap, EveryDayIsTheContractsThroughAbsl) {
  // Random clients and candidates in zones with every kind of change, random windows (over
  // midnight and whole days too) and days, horizons up to a year from dates in 2010-2035.
  const char* const zones[] = {"America/New_York",    "Europe/Lisbon",
                               "Europe/Dublin",       "Africa/Casablanca",
                               "Australia/Lord_Howe", "America/Santiago",
                               "America/Havana",      "Pacific/Chatham",
                               "Asia/Kathmandu",      "Pacific/Apia",
                               "Europe/Moscow",       "Pacific/Kiritimati",
                               "Pacific/Pago_Pago",   "UTC",
                               "Antarctica/Troll"};
  const char* const clocks[] = {"00:00", "06:30", "09:00", "13:45", "17:00", "22:00", "24:00"};
  const std::vector<Weekday> day_sets[] = {
      {}, {MONDAY, TUESDAY, WEDNESDAY}, {SATURDAY, SUNDAY}, {FRIDAY, SATURDAY, SUNDAY, MONDAY}};
  std::mt19937_64 rng(42);
  const auto pick = [&rng](size_t size) {
    return std::uniform_int_distribution<size_t>(0, size - 1)(rng);
  };
  const auto side = [&] {
    Side made{zones[pick(std::size(zones))], clocks[pick(std::size(clocks) - 1)],
              clocks[1 + pick(std::size(clocks) - 1)], day_sets[pick(std::size(day_sets))]};
    if (made.start == made.end) made.end = "24:00";
    return made;
  };
  int days_checked = 0;
  for (int pair = 0; pair < 300; ++pair) {
    const WeeklyHours client = Load(side());
    const WeeklyHours candidate = Load(side());
    const absl::CivilDay reference =
        pair == 0 ? absl::CivilDay(2011, 12, 20)  // Apia's skipped day within the horizon
                  : absl::CivilDay(2010, 1, 1) + static_cast<int>(pick(9'131));
    const int horizon = pair % 10 == 0 ? 366 : 1 + static_cast<int>(pick(90));
    const Overlap overlap = ComputeOverlap(client, candidate, reference, horizon);
    size_t at = 0;
    for (int i = 0; i < horizon; ++i) {
      const absl::CivilDay day = reference + i;
      if (!client.WorksOn(absl::GetWeekday(day))) continue;
      ASSERT_LT(at, overlap.days.size()) << day;
      EXPECT_EQ(overlap.days[at].day, day);
      EXPECT_EQ(overlap.days[at].hours, ContractHours(client, candidate, day))
          << client.zone_name() << " " << client.start_minutes() << "+" << client.length_minutes()
          << " and " << candidate.zone_name() << " " << candidate.start_minutes() << "+"
          << candidate.length_minutes() << " on " << day;
      ++at;
      ++days_checked;
    }
    EXPECT_EQ(at, overlap.days.size());
    if (HasFailure()) return;
  }
  EXPECT_GT(days_checked, 10'000);
}

TEST(WeeklyHours, AcceptsAndDescribesValidHours) {
  absl::StatusOr<WeeklyHours> hours =
      WeeklyHours::From(ToProto({"Asia/Manila", "22:00", "06:00", {FRIDAY, SATURDAY}}));
  ASSERT_TRUE(hours.ok()) << hours.status();
  EXPECT_EQ(hours->zone_name(), "Asia/Manila");
  EXPECT_EQ(hours->start_minutes(), 22 * 60);
  EXPECT_EQ(hours->length_minutes(), 8 * 60);
  EXPECT_TRUE(hours->WorksOn(absl::Weekday::friday));
  EXPECT_TRUE(hours->WorksOn(absl::Weekday::saturday));
  EXPECT_FALSE(hours->WorksOn(absl::Weekday::monday));
  // Friday 5 Mar 2027 22:00 +8 = 14:00 UTC; Saturday 06:00 +8 = Friday 22:00 UTC.
  EXPECT_EQ(hours->WindowStart(kMar5),
            absl::FromCivil(absl::CivilSecond(2027, 3, 5, 14, 0, 0), absl::UTCTimeZone()));
  EXPECT_EQ(hours->WindowEnd(kMar5),
            absl::FromCivil(absl::CivilSecond(2027, 3, 5, 22, 0, 0), absl::UTCTimeZone()));

  absl::StatusOr<WeeklyHours> weekdays = WeeklyHours::From(ToProto({"UTC", "00:00", "24:00"}));
  ASSERT_TRUE(weekdays.ok()) << weekdays.status();
  EXPECT_EQ(weekdays->length_minutes(), 24 * 60);
  EXPECT_TRUE(weekdays->WorksOn(absl::Weekday::monday));
  EXPECT_TRUE(weekdays->WorksOn(absl::Weekday::friday));
  EXPECT_FALSE(weekdays->WorksOn(absl::Weekday::saturday));
  EXPECT_FALSE(weekdays->WorksOn(absl::Weekday::sunday));
}

TEST(WeeklyHours, RefusesInvalidHours) {
  struct Bad {
    Side side;
    std::string message;
  };
  const Bad cases[] = {
      {{"Mars/Olympus_Mons"}, "working_hours.time_zone"},
      {{"EST"}, "working_hours.time_zone"},
      {{""}, "working_hours.time_zone: is required"},
      {{"Europe/Lisbon", "9:0"}, "working_hours.start"},
      {{"Europe/Lisbon", "24:00", "08:00"}, "working_hours.start"},
      {{"Europe/Lisbon", "09:00", "17:60"}, "working_hours.end"},
      {{"Europe/Lisbon", "09:00", "09:00"}, "working_hours.end: must differ from start"},
      {{"Europe/Lisbon", "09:00", "17:00", {common::v1::WEEKDAY_UNSPECIFIED}},
       "working_hours.days[0]"},
      {{"Europe/Lisbon", "09:00", "17:00", {MONDAY, MONDAY}}, "working_hours.days[1]"},
  };
  for (const Bad& bad : cases) {
    absl::StatusOr<WeeklyHours> hours = WeeklyHours::From(ToProto(bad.side));
    ASSERT_FALSE(hours.ok()) << bad.message;
    EXPECT_EQ(hours.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(hours.status().message()), HasSubstr(bad.message));
  }
  // The field prefix follows the caller's.
  absl::StatusOr<WeeklyHours> hours =
      WeeklyHours::From(ToProto({"Nowhere/Special"}), "candidate.working_hours");
  ASSERT_FALSE(hours.ok());
  EXPECT_THAT(std::string(hours.status().message()),
              HasSubstr("candidate.working_hours.time_zone"));
}

std::string Describe(const Side& client, const Side& candidate, absl::CivilDay from, int days) {
  const WeeklyHours a = Load(client);
  const WeeklyHours b = Load(candidate);
  return DescribeOverlap(ComputeOverlap(a, b, from, days), a, b);
}

TEST(DescribeOverlap, AMemoSharedAcrossCandidatesChangesNoSentence) {
  // As a search describes one client window against every candidate group: one memo for all.
  const char* const zones[] = {"Europe/Lisbon",    "Europe/Dublin",     "Africa/Casablanca",
                               "Australia/Sydney", "America/Santiago",  "Pacific/Auckland",
                               "Asia/Kolkata",     "America/New_York",  "Australia/Lord_Howe",
                               "Europe/Kyiv",      "America/Sao_Paulo", "Antarctica/Troll"};
  const char* const starts[] = {"00:00", "07:00", "09:00", "16:30", "22:00"};
  int with_reasons = 0;
  for (const absl::CivilDay from :
       {kMar1, absl::CivilDay(2027, 10, 18), absl::CivilDay(2028, 3, 20)}) {
    const WeeklyHours client = Load(kNewYork);
    std::vector<WeeklyHours> candidates;
    for (const char* zone : zones) {
      for (const char* start : starts) candidates.push_back(Load({zone, start, "17:00"}));
    }
    DaylightMemo memo;
    for (const WeeklyHours& candidate : candidates) {
      const Overlap overlap = ComputeOverlap(client, candidate, from, 90);
      const std::string plain = DescribeOverlap(overlap, client, candidate);
      EXPECT_EQ(DescribeOverlap(overlap, client, candidate, &memo), plain)
          << candidate.zone_name() << " from " << from;
      with_reasons += plain.find("daylight time") != std::string::npos ? 1 : 0;
    }
  }
  EXPECT_GT(with_reasons, 20);  // the memo was asked, and answered, about daylight time
}

TEST(DescribeOverlap, NewYorkAndLisbonInMarch) {
  // The eight weeks above: 3 h on 30 days; 4 h on the ten working days from Mon 15 to Fri 26
  // March (the US changed on Sunday 14 March, Europe on Sunday 28 March). On 1 March both are
  // on standard time; on 15 March New York is on daylight time and Lisbon is not.
  EXPECT_EQ(Describe(kNewYork, {"Europe/Lisbon"}, kMar1, 56),
            "overlap 3.0 h on most days, 4.0 h from 15 to 26 March while America/New_York is on "
            "daylight time and Europe/Lisbon is not");
}

TEST(DescribeOverlap, IrishWinterTimeIsNotDaylightTime) {
  // Dublin keeps Lisbon's clocks (GMT +0 in winter, IST +1 in summer), so the numbers are the
  // ones above. tzdata marks Irish winter time as is_dst ("negative DST"); the sentence must
  // still call Irish summer time, not winter time, daylight time.
  EXPECT_EQ(Describe(kNewYork, {"Europe/Dublin"}, kMar1, 56),
            "overlap 3.0 h on most days, 4.0 h from 15 to 26 March while America/New_York is on "
            "daylight time and Europe/Dublin is not");
}

TEST(DescribeOverlap, AutumnRunAcrossTwoMonths) {
  // 2029: Europe goes back on Sun 28 Oct, the US on Sun 4 Nov. 21 days from Mon 22 Oct:
  //   22-26 Oct EDT, WEST: 13-21 ∩ 8-16 = 3 h; 29 Oct-2 Nov EDT, WET: 13-21 ∩ 9-17 = 4 h;
  //   5-9 Nov EST, WET: 14-22 ∩ 9-17 = 3 h. Typical day 22 Oct: both on daylight time.
  EXPECT_EQ(Describe(kNewYork, {"Europe/Lisbon"}, absl::CivilDay(2029, 10, 22), 21),
            "overlap 3.0 h on most days, 4.0 h from 29 October to 2 November while "
            "America/New_York is on daylight time and Europe/Lisbon is not");
}

TEST(DescribeOverlap, SouthernHemisphereAutumn) {
  // 21 days from Mon 29 Mar 2027: 29 Mar-2 Apr Santiago on -03 (its summer), 12-20 UTC,
  // against EDT 13-21: 7 h; 5-16 Apr Santiago on -04, 13-21 UTC: 8 h on 10 days (most).
  // On 29 March both zones are on daylight time; on 5 April only New York is.
  EXPECT_EQ(Describe(kNewYork, {"America/Santiago"}, absl::CivilDay(2027, 3, 29), 21),
            "overlap 8.0 h on most days, 7.0 h from 29 March to 2 April while America/New_York "
            "and America/Santiago are on daylight time");
}

TEST(DescribeOverlap, NoOverlapOnMostDays) {
  // Nairobi 6-14 UTC. 21 days from Mon 1 Nov 2027: 1-5 Nov EDT 13-21: 1 h; 8-19 Nov EST
  // 14-22: 0 h (10 days, most). On 8 Nov neither zone is on daylight time.
  EXPECT_EQ(Describe(kNewYork, {"Africa/Nairobi"}, absl::CivilDay(2027, 11, 1), 21),
            "no overlap on most days, 1.0 h from 1 to 5 November while America/New_York is on "
            "daylight time and Africa/Nairobi is not");
}

TEST(DescribeOverlap, EveryDayTheSame) {
  // Week of 1 Mar 2027, all EST and WET: 3 h each day.
  EXPECT_EQ(Describe(kNewYork, {"Europe/Lisbon"}, kMar1, 7), "overlap 3.0 h on every working day");
  // Kathmandu 14:00-22:00 on the same days: 2.25 h, shown to one decimal.
  EXPECT_EQ(Describe(kNewYork, kKathmanduLate, kMar1, 7), "overlap 2.3 h on every working day");
}

TEST(DescribeOverlap, NoOverlapAtAll) {
  EXPECT_EQ(Describe(kNewYork, {"Australia/Sydney"}, kMar1, 56), "no overlap");
  EXPECT_EQ(Describe(kNewYork, {"Australia/Sydney"}, kMar1, 0), "no overlap");
}

TEST(DescribeOverlap, SingleDaysWithoutADaylightReason) {
  // Lisbon Mon-Thu, two weeks from 1 Mar 2027, all EST and WET: 3 h Mon-Thu, 0 on Fridays.
  // The Fridays differ because of the candidate's days, not daylight time: no reason.
  EXPECT_EQ(Describe(kNewYork,
                     {"Europe/Lisbon", "09:00", "17:00", {MONDAY, TUESDAY, WEDNESDAY, THURSDAY}},
                     kMar1, 14),
            "overlap 3.0 h on most days, 0.0 h on 5 March, 0.0 h on 12 March");
}

TEST(DescribeOverlap, ListsAtMostThreeRuns) {
  // Lisbon Mon-Thu, six weeks from 1 Mar 2027 (to 9 Apr):
  //   weeks of 1 and 8 Mar: 3 h Mon-Thu (EST, WET), 0 Fri
  //   weeks of 15 and 22 Mar: 4 h Mon-Thu (EDT, WET), 0 Fri
  //   weeks of 29 Mar and 5 Apr: 3 h Mon-Thu (EDT, WEST), 0 Fri
  // 3 h on 16 days, 4 h on 8, 0 h on 6. Runs other than 3 h: 5 Mar, 12 Mar, 15-18 Mar,
  // 19 Mar, 22-25 Mar, 26 Mar, 2 Apr, 9 Apr: eight, three listed.
  EXPECT_EQ(Describe(kNewYork,
                     {"Europe/Lisbon", "09:00", "17:00", {MONDAY, TUESDAY, WEDNESDAY, THURSDAY}},
                     kMar1, 42),
            "overlap 3.0 h on most days, 0.0 h on 5 March, 0.0 h on 12 March, 4.0 h from 15 to "
            "18 March while America/New_York is on daylight time and Europe/Lisbon is not, and 5 "
            "more periods");
}

}  // namespace
}  // namespace meridian::talent
