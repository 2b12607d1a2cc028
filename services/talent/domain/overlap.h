// Working-hours overlap between a hiring client and a remote candidate, day by day, with
// real time zones: daylight-saving changes, half-hour and 45-minute offsets, southern-
// hemisphere summers and zones without daylight time all come out right.
//
//   absl::StatusOr<WeeklyHours> client = WeeklyHours::From(client_proto.working_hours());
//   absl::StatusOr<WeeklyHours> candidate = WeeklyHours::From(candidate_proto.working_hours());
//   Overlap overlap = ComputeOverlap(*client, *candidate, absl::CivilDay(2027, 3, 1), 56);
//   // overlap.min_hours == 3, overlap.max_hours == 4 for New York and Lisbon, 9 to 5 each
//   DescribeOverlap(overlap, *client, *candidate);
//   // "overlap 3.0 h on most days, 4.0 h from 15 to 26 March while America/New_York is on
//   //  daylight time and Europe/Lisbon is not"
//
// The meaning, which is the contract:
//
// - The horizon is `horizon_days` consecutive calendar days starting at `reference_date`, a
//   date in the CLIENT's zone. Only the client's working days in it count.
// - A side's window on local day D runs from D's local start to its local end, in that side's
//   zone; when end <= start it ends on D + 1 ("22:00"-"06:00" on Friday is Friday's window and
//   covers Saturday 00:00-06:00). "24:00" is midnight at the end of D. A window belongs to the
//   day on which it STARTS, and exists only when that day is one of the side's days.
// - A client working day's overlap is the real elapsed time within the client's window that
//   day during which the candidate is inside one of their windows (candidate-local days from
//   the day before the client window starts to the day after it ends, in the candidate's
//   zone; touching or overlapping windows are merged, never counted twice).
// - Local times become instants with absl::FromCivil on the system's tzdata. A local time
//   that is repeated when clocks go back (01:30 on 7 November 2027 in New York) is its FIRST
//   occurrence (daylight time, 05:30 UTC). A local time that does not exist because clocks
//   went forward (02:30 on 14 March 2027 in New York) is the instant of the change (03:00
//   EDT, 07:00 UTC): a window starting in the skipped hour starts when the clocks jump, and
//   a window that ends in it ends then. So windows keep their order, but a window around a
//   change is an hour longer or shorter than on the clock: 22:00-06:00 across the March
//   change in New York is 7 real hours.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "meridian/common/v1/common.pb.h"

namespace meridian::talent {

// One side's weekly working hours, validated and with its zone loaded: parse once, reuse for
// every computation (copying is cheap; the zone is shared).
class WeeklyHours final {
 public:
  // INVALID_ARGUMENT naming each wrong field under `field` (unknown zone, malformed or equal
  // start and end, unspecified or repeated days). Empty days means Monday to Friday.
  static absl::StatusOr<WeeklyHours> From(const common::v1::WorkingHours& hours,
                                          absl::string_view field = "working_hours");

  const absl::TimeZone& zone() const { return zone_; }
  // The IANA name, as given ("America/New_York").
  absl::string_view zone_name() const { return zone_name_; }
  // Local start, minutes since midnight (0-1439).
  int start_minutes() const { return start_minutes_; }
  // Clock length of the window in minutes (1-1440; 22:00-06:00 is 480, 00:00-24:00 is 1440).
  int length_minutes() const { return length_minutes_; }
  // True when a window starts on `day` (Monday to Sunday).
  bool WorksOn(absl::Weekday day) const;

  // The instants at which the window that starts on local `day` begins and ends, whether or
  // not `day` is a working day (see the file comment for skipped and repeated local times).
  absl::Time WindowStart(absl::CivilDay day) const;
  absl::Time WindowEnd(absl::CivilDay day) const;

 private:
  WeeklyHours(absl::TimeZone zone, std::string zone_name, int start_minutes, int length_minutes,
              uint8_t day_bits)
      : zone_(zone),
        zone_name_(std::move(zone_name)),
        start_minutes_(start_minutes),
        length_minutes_(length_minutes),
        day_bits_(day_bits) {}

  absl::TimeZone zone_;
  std::string zone_name_;
  int start_minutes_;
  int length_minutes_;
  uint8_t day_bits_;  // bit 0 Monday ... bit 6 Sunday
};

// The overlap on one of the client's working days.
struct DayOverlap {
  absl::CivilDay day;  // client-local date on which the client's window starts
  double hours = 0;
};

struct Overlap {
  // Over `days`; both 0 when the horizon holds no client working day.
  double min_hours = 0;
  double max_hours = 0;
  // The client's working days in the horizon, in date order.
  std::vector<DayOverlap> days;
};

// The overlap on each client working day of [reference_date, reference_date + horizon_days),
// as described in the file comment. `horizon_days` <= 0 gives an empty result. Allocates only
// the result vector and loads no zone: a few µs for a 56-day horizon, once per candidate
// group and client window.
Overlap ComputeOverlap(const WeeklyHours& client, const WeeklyHours& candidate,
                       absl::CivilDay reference_date, int horizon_days);

// Whether a side's zone is on daylight time at an instant, remembered: DescribeOverlap asks
// it for the start of each run of days, and the answer takes a walk through the zone's
// changes a year either side. A client window described against every candidate group asks
// the same few questions hundreds of times. Not thread-safe; the sides asked about must
// outlive it (it keeps their zone names as views).
class DaylightMemo final {
 public:
  bool OnDaylightTime(const WeeklyHours& side, absl::Time t);

 private:
  absl::flat_hash_map<std::pair<absl::string_view, int64_t>, bool> known_;
};

// The recruiter's sentence for an overlap computed from `client` and `candidate`, hours to one
// decimal: "overlap 3.0 h on every working day", "no overlap", or
// "overlap 3.0 h on most days, 4.0 h from 15 to 26 March while America/New_York is on daylight
// time and Europe/Lisbon is not, 0.0 h on 2 April".
//
// Consecutive client working days with the same rounded hours form runs (a weekend does not
// break a run). The value held on the most days (the earliest on a tie) is "on most days"
// ("no overlap on most days" when it is zero);
// the other runs follow in date order ("from 8 to 28 March", "from 30 March to 2 April",
// "on 8 March"), at most three, then "and N more periods". A run gets a reason when either
// zone's daylight-time status at the start of the run's first client window differs from
// its status on the first "most days" day. "On daylight time" means the zone's clocks are
// ahead of its lowest offset within a year either side, not tzdata's is_dst flag, which is
// set in Irish winter (Europe/Dublin) and Moroccan Ramadan time ("negative DST").
// `memo`, when given, answers the daylight-time questions (the same sentence, faster when
// many overlaps of one client are described).
std::string DescribeOverlap(const Overlap& overlap, const WeeklyHours& client,
                            const WeeklyHours& candidate, DaylightMemo* memo = nullptr);

}  // namespace meridian::talent
