// Tests for services/talent/domain/zone_offsets.h: every conversion equals absl's, for zones
// whose changes are the awkward ones (skipped midnights, half-hour and two-hour daylight time,
// negative daylight time, a skipped day, offsets changed for good), over stretches of every
// length in and around their changes.
#include "services/talent/domain/zone_offsets.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace meridian::talent {
namespace {

// Zone, and why it is here.
const char* const kZones[] = {
    "UTC",                  // no change at all
    "America/New_York",     // the common case
    "Europe/Dublin",        // daylight time is its standard, winter the "negative" change
    "Africa/Casablanca",    // clocks back for Ramadan: four changes a year
    "Australia/Lord_Howe",  // a half-hour change
    "Antarctica/Troll",     // a two-hour change
    "Pacific/Apia",         // skipped 30 December 2011 whole
    "America/Santiago",     // midnight skipped
    "America/Havana",       // changes at midnight
    "Pacific/Chatham",      // +12:45 / +13:45
    "Asia/Kathmandu",       // +5:45, no change
    "Europe/Moscow",        // offsets changed for good in 2011 and 2014
    "America/Sao_Paulo",    // daylight time abolished in 2019
    "Pacific/Kiritimati",   // +14
    "Pacific/Pago_Pago",    // -11
};

absl::TimeZone Load(const std::string& name) {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone(name, &zone)) << name;
  return zone;
}

// The instants at which `zone` changes offset in [from, to).
std::vector<absl::Time> Changes(const absl::TimeZone& zone, absl::Time from, absl::Time to) {
  std::vector<absl::Time> changes;
  absl::Time cursor = from;
  absl::TimeZone::CivilTransition transition;
  while (zone.NextTransition(cursor, &transition)) {
    const absl::Time at = zone.At(transition.to).trans;
    if (at >= to || at <= cursor) break;
    changes.push_back(at);
    cursor = at;
  }
  return changes;
}

void ExpectSameAsAbsl(const absl::TimeZone& zone, const ZoneOffsets& offsets,
                      absl::CivilSecond civil) {
  EXPECT_EQ(offsets.FromCivil(civil), absl::FromCivil(civil, zone)) << zone.name() << " " << civil;
  const absl::Time t = absl::FromCivil(civil, absl::UTCTimeZone());
  EXPECT_EQ(offsets.ToCivilDay(t), absl::ToCivilDay(t, zone)) << zone.name() << " " << t;
}

TEST(ZoneOffsets, EveryConversionIsAbsls) {
  std::mt19937_64 rng(20261202);
  for (const char* name : kZones) {
    const absl::TimeZone zone = Load(name);
    for (int stretch = 0; stretch < 12; ++stretch) {
      // Stretches from 2005 to 2040, from a day to over a year long; the first two over the
      // changes of 2011 and 2014 (Apia's skipped day, Moscow's summer time made permanent and
      // then winter time).
      absl::CivilDay first =
          absl::CivilDay(1970, 1, 1) + std::uniform_int_distribution<int64_t>(12'784, 25'567)(rng);
      int64_t length_days = std::uniform_int_distribution<int64_t>(1, 420)(rng);
      if (stretch == 0) first = absl::CivilDay(2011, 3, 1), length_days = 400;
      if (stretch == 1) first = absl::CivilDay(2014, 10, 1), length_days = 60;
      const absl::Time from = absl::FromCivil(absl::CivilSecond(first), absl::UTCTimeZone());
      const absl::Time to = from + absl::Hours(24 * length_days);
      const ZoneOffsets offsets(zone, from, to);

      // Local times from three days before the stretch to three after, at a step that
      // visits every minute of the hour over the run, at odd seconds too.
      const absl::CivilSecond begin = absl::CivilSecond(first - 3);
      const absl::CivilSecond end = absl::CivilSecond(first + length_days + 3);
      for (absl::CivilSecond civil = begin; civil < end; civil += 37 * 60 + 11) {
        ExpectSameAsAbsl(zone, offsets, civil);
      }
      // Every minute of the two hours either side of each change, in local time, both sides.
      for (absl::Time change : Changes(zone, from - absl::Hours(72), to + absl::Hours(72))) {
        const absl::CivilSecond local = absl::ToCivilSecond(change, zone);
        for (int minute = -150; minute <= 150; ++minute) {
          ExpectSameAsAbsl(zone, offsets, local + minute * 60);
          ExpectSameAsAbsl(zone, offsets, local + minute * 60 + 59);
        }
        if (HasFailure()) return;
      }
      if (HasFailure()) return;
    }
  }
}

TEST(ZoneOffsets, AnswersFromItsTableInsideTheStretch) {
  // New York in 2027: EST until 14 March 07:00 UTC, EDT until 7 November 06:00 UTC.
  const absl::TimeZone zone = Load("America/New_York");
  const absl::Time from =
      absl::FromCivil(absl::CivilSecond(2027, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  const ZoneOffsets offsets(zone, from, from + absl::Hours(24 * 365));
  // 02:30 on 14 March does not exist: the instant of the change, 07:00 UTC.
  EXPECT_EQ(offsets.FromCivil(absl::CivilSecond(2027, 3, 14, 2, 30, 0)),
            absl::FromCivil(absl::CivilSecond(2027, 3, 14, 7, 0, 0), absl::UTCTimeZone()));
  // 01:30 on 7 November happens twice: the first, on daylight time, 05:30 UTC.
  EXPECT_EQ(offsets.FromCivil(absl::CivilSecond(2027, 11, 7, 1, 30, 0)),
            absl::FromCivil(absl::CivilSecond(2027, 11, 7, 5, 30, 0), absl::UTCTimeZone()));
  // 03:59:59 UTC on 1 July is still 30 June in New York (EDT, -4).
  EXPECT_EQ(offsets.ToCivilDay(
                absl::FromCivil(absl::CivilSecond(2027, 7, 1, 3, 59, 59), absl::UTCTimeZone())),
            absl::CivilDay(2027, 6, 30));
}

}  // namespace
}  // namespace meridian::talent
