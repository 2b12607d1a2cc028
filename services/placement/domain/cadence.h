// When a placement's check-ins are due: the cadence of placement.v1.Cadence, validated and with
// its defaults filled, and the instant of each check-in in the client's time zone.
//
//   absl::StatusOr<CadenceSpec> spec = PrepareCadence(request.cadence());  // {} -> defaults
//   if (!spec.ok()) return spec.status();  // INVALID_ARGUMENT naming "cadence.weeks[2]", ...
//   WeeksAfterStart(*spec, 5);              // 16: weeks 1, 2, 4, 8, 12, then every 4 weeks
//   absl::Time due = DueTime(*spec, absl::CivilDay(2027, 3, 1), new_york, 1);
//   // Monday 15 March 2027, 10:00 EDT (14:00 UTC); week 1 on 8 March was 10:00 EST (15:00 UTC)
//
// The meaning, which is the contract:
//
// - The n-th check-in (0-based) is WeeksAfterStart(n) weeks after the start date: the listed
//   weeks first, then one every `then_every_weeks` after the last listed one.
// - It is due on that date at `local_minutes` past midnight on the client's wall clock, so the
//   local time stays the same across daylight-saving changes while the UTC instant moves.
// - A date on a Saturday or Sunday moves to the following Monday.
// - Local times become instants with absl::FromCivil on the system's tzdata. A local time that
//   does not exist because clocks went forward (00:30 on Friday 30 April 2027 in Africa/Cairo,
//   where midnight jumps to 01:00) is the instant of the change (01:00 EEST, 22:00 UTC the day
//   before). A local time repeated when clocks go back is its FIRST occurrence.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "meridian/placement/v1/placement.pb.h"

namespace meridian::placement {

// A validated cadence with its defaults filled. A value-initialised CadenceSpec is the default
// cadence (weeks 1, 2, 4, 8, 12, then every 4 weeks, at 10:00).
struct CadenceSpec {
  // Weeks after the start date, strictly increasing, each 1-520, at most 20.
  std::vector<int> weeks = {1, 2, 4, 8, 12};
  // 1-52.
  int then_every_weeks = 4;
  // Minutes since local midnight, 0-1439.
  int local_minutes = 10 * 60;
};

// Validates `cadence` and fills defaults: weeks empty -> {1, 2, 4, 8, 12}; then_every_weeks 0
// -> 4; local_time "" -> "10:00". Rules: each week 1-520 ("cadence.weeks[i]"), strictly
// increasing ("cadence.weeks[i]" names the entry that is not above the one before), at most 20
// entries ("cadence.weeks"; only the first 20 are checked one by one); then_every_weeks 1-52
// ("cadence.then_every_weeks"); local_time "HH:MM", 00:00-23:59 ("cadence.local_time").
// INVALID_ARGUMENT with a BadRequest naming every wrong field.
absl::StatusOr<CadenceSpec> PrepareCadence(const v1::Cadence& cadence);

// The cadence as the API shows it: defaults filled, local_time "HH:MM".
v1::Cadence ToProto(const CadenceSpec& spec);

// Weeks after the start of the n-th check-in (0-based): weeks[n] for n < weeks.size(), then
// weeks.back() + (n - weeks.size() + 1) * then_every_weeks. With no listed weeks the check-ins
// are every then_every_weeks from the start. A negative n is treated as 0.
int WeeksAfterStart(const CadenceSpec& spec, int n);

// When the n-th check-in is due: on start + 7 * WeeksAfterStart(n) days (Saturday and Sunday
// moved to the following Monday), at local_minutes in `zone`, as described in the file
// comment (a skipped local time maps to the moment of the change).
absl::Time DueTime(const CadenceSpec& spec, absl::CivilDay start, const absl::TimeZone& zone,
                   int n);

}  // namespace meridian::placement
