#include "services/talent/domain/overlap.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors/errors.h"
#include "common/time/working_hours.h"
#include "services/talent/domain/zone_offsets.h"

namespace meridian::talent {
namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr uint8_t kMondayToFriday = 0b0011111;

// Candidate days looked at for one client window: the window lasts at most a day and an hour
// or two of real time, so it touches at most three candidate-local days, plus one either side.
constexpr int kMaxCandidateDays = 8;

// Days since 1970-01-01 (a Thursday) as a weekday.
absl::Weekday WeekdayOf(int64_t day) {
  constexpr int64_t kThursday = 3;  // absl::Weekday counts from Monday = 0
  return static_cast<absl::Weekday>(((day + kThursday) % 7 + 7) % 7);
}

// One side's windows in Unix seconds, converted through its zone's offsets over the horizon
// (zone_offsets.h): the same instants as WeeklyHours::WindowStart and WindowEnd, several
// times cheaper, which matters because a client window's overlap is computed for every
// candidate group, with some 14 conversions for each day of the horizon.
class SideWindows final {
 public:
  SideWindows(const WeeklyHours& hours, absl::Time from, absl::Time to)
      : hours_(hours),
        offsets_(hours.zone(), from, to),
        start_seconds_(int64_t{hours.start_minutes()} * 60),
        end_seconds_(int64_t{hours.start_minutes() + hours.length_minutes()} * 60) {}

  // `day`: the side's local day, as days since 1970-01-01.
  bool WorksOn(int64_t day) const { return hours_.WorksOn(WeekdayOf(day)); }
  int64_t Start(int64_t day) const {
    return offsets_.RealFromLocal(day * kSecondsPerDay + start_seconds_);
  }
  int64_t End(int64_t day) const {
    return offsets_.RealFromLocal(day * kSecondsPerDay + end_seconds_);
  }
  int64_t DayOf(int64_t real) const { return offsets_.LocalDayOf(real); }

 private:
  static constexpr int64_t kSecondsPerDay = 24 * 60 * 60;

  const WeeklyHours& hours_;
  ZoneOffsets offsets_;
  int64_t start_seconds_;
  int64_t end_seconds_;
};

// Seconds within the client's window on local `day` (days since 1970-01-01) during which the
// candidate works.
int64_t OverlapOnDay(const SideWindows& client, const SideWindows& candidate, int64_t day) {
  const int64_t client_begin = client.Start(day);
  const int64_t client_end = client.End(day);
  if (client_end <= client_begin) return 0;

  // Spans of real time [first, second), in Unix seconds.
  std::array<std::pair<int64_t, int64_t>, kMaxCandidateDays> parts;
  int count = 0;
  const int64_t first = candidate.DayOf(client_begin) - 1;
  const int64_t last = candidate.DayOf(client_end) + 1;
  for (int64_t d = first; d <= last && count < kMaxCandidateDays; ++d) {
    if (!candidate.WorksOn(d)) continue;
    const int64_t begin = std::max(client_begin, candidate.Start(d));
    const int64_t end = std::min(client_end, candidate.End(d));
    if (begin < end) parts[count++] = {begin, end};
  }
  if (count == 0) return 0;

  // Merge before summing: a window touching or overlapping the next counts once.
  std::sort(parts.begin(), parts.begin() + count);
  int64_t total = 0;
  auto current = parts[0];
  for (int i = 1; i < count; ++i) {
    if (parts[i].first <= current.second) {
      current.second = std::max(current.second, parts[i].second);
    } else {
      total += current.second - current.first;
      current = parts[i];
    }
  }
  return total + (current.second - current.first);
}

// Hours rounded to tenths, the precision of the sentence.
int64_t Tenths(double hours) { return std::llround(hours * 10); }

std::string FormatHours(int64_t tenths) {
  return absl::StrFormat("%d.%d h", tenths / 10, tenths % 10);
}

constexpr absl::string_view kMonths[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};

std::string DayAndMonth(absl::CivilDay day) {
  return absl::StrCat(day.day(), " ", kMonths[day.month() - 1]);
}

// "on 8 March", "from 8 to 28 March", "from 30 March to 2 April",
// "from 28 December 2027 to 3 January 2028".
std::string FormatDates(absl::CivilDay first, absl::CivilDay last) {
  if (first == last) return absl::StrCat("on ", DayAndMonth(first));
  if (first.year() != last.year()) {
    return absl::StrCat("from ", DayAndMonth(first), " ", first.year(), " to ", DayAndMonth(last),
                        " ", last.year());
  }
  if (first.month() != last.month()) {
    return absl::StrCat("from ", DayAndMonth(first), " to ", DayAndMonth(last));
  }
  return absl::StrCat("from ", first.day(), " to ", DayAndMonth(last));
}

// True when the zone's clocks at `t` are ahead of its lowest offset within a year either
// side. Not TimeZone::At(t).is_dst: tzdata sets that in Irish winter and Moroccan Ramadan
// time, whose clocks are behind the rest of the year.
bool OnDaylightTime(const absl::TimeZone& zone, absl::Time t) {
  const int offset = zone.At(t).offset;
  const absl::Time from = t - absl::Hours(24 * 366);
  const absl::Time to = t + absl::Hours(24 * 366);
  int lowest = std::min(offset, zone.At(from).offset);
  absl::Time cursor = from;
  absl::TimeZone::CivilTransition transition;
  // A handful of changes a year at most; the bound only guards against odd zone data.
  for (int i = 0; i < 16 && zone.NextTransition(cursor, &transition); ++i) {
    const absl::Time at = zone.At(transition.to).trans;
    if (at > to || at <= cursor) break;
    lowest = std::min(lowest, zone.At(at).offset);
    cursor = at;
  }
  return offset > lowest;
}

// "while America/New_York is on daylight time and Europe/Lisbon is not".
std::string DaylightReason(const WeeklyHours& client, bool client_daylight,
                           const WeeklyHours& candidate, bool candidate_daylight) {
  const absl::string_view a = client.zone_name();
  const absl::string_view b = candidate.zone_name();
  if (a == b) {
    return absl::StrCat("while ", a, client_daylight ? " is" : " is not", " on daylight time");
  }
  if (client_daylight && candidate_daylight) {
    return absl::StrCat("while ", a, " and ", b, " are on daylight time");
  }
  if (!client_daylight && !candidate_daylight) {
    return absl::StrCat("while neither ", a, " nor ", b, " is on daylight time");
  }
  if (client_daylight) return absl::StrCat("while ", a, " is on daylight time and ", b, " is not");
  return absl::StrCat("while ", b, " is on daylight time and ", a, " is not");
}

// Consecutive entries of Overlap::days with the same rounded hours.
struct Run {
  size_t first;
  size_t last;
  int64_t tenths;
};

constexpr size_t kMaxListedRuns = 3;

}  // namespace

absl::StatusOr<WeeklyHours> WeeklyHours::From(const common::v1::WorkingHours& hours,
                                              absl::string_view field) {
  FieldViolations violations;
  ValidateWorkingHours(hours, field, violations);
  if (!violations.empty()) return violations.ToStatus();

  absl::StatusOr<absl::TimeZone> zone = LoadIanaTimeZone(hours.time_zone());
  absl::StatusOr<int> start = ParseClockTime(hours.start());
  absl::StatusOr<int> end = ParseClockTime(hours.end(), /*allow_end_of_day=*/true);
  if (!zone.ok()) return zone.status();  // validated above; kept for safety
  if (!start.ok()) return start.status();
  if (!end.ok()) return end.status();

  const int length = *end > *start ? *end - *start : *end + kMinutesPerDay - *start;
  uint8_t day_bits = 0;
  for (int day : hours.days()) day_bits |= static_cast<uint8_t>(1u << (day - common::v1::MONDAY));
  if (day_bits == 0) day_bits = kMondayToFriday;
  return WeeklyHours(*zone, hours.time_zone(), *start, length, day_bits);
}

bool WeeklyHours::WorksOn(absl::Weekday day) const {
  // absl::Weekday counts from Monday = 0.
  return (day_bits_ >> static_cast<int>(day)) & 1u;
}

absl::Time WeeklyHours::WindowStart(absl::CivilDay day) const {
  return absl::FromCivil(absl::CivilSecond(day) + start_minutes_ * 60, zone_);
}

absl::Time WeeklyHours::WindowEnd(absl::CivilDay day) const {
  return absl::FromCivil(absl::CivilSecond(day) + (start_minutes_ + length_minutes_) * 60, zone_);
}

Overlap ComputeOverlap(const WeeklyHours& client, const WeeklyHours& candidate,
                       absl::CivilDay reference_date, int horizon_days) {
  Overlap overlap;
  if (horizon_days <= 0) return overlap;
  overlap.days.reserve(static_cast<size_t>(horizon_days));
  // The instants a day's overlap reads lie from about four days before the day to seven after
  // (the candidate's local days either side of the client's window, windows of up to a day,
  // offsets of up to 14 hours), and ZoneOffsets leaves the two days at either end of its
  // stretch to absl. Outside it the answers are the same, only slower.
  const absl::Time from =
      absl::FromCivil(absl::CivilSecond(reference_date - 7), absl::UTCTimeZone());
  const absl::Time to =
      absl::FromCivil(absl::CivilSecond(reference_date + horizon_days + 10), absl::UTCTimeZone());
  const SideWindows client_windows(client, from, to);
  const SideWindows candidate_windows(candidate, from, to);
  const int64_t first_day = reference_date - absl::CivilDay(1970, 1, 1);
  for (int i = 0; i < horizon_days; ++i) {
    if (!client_windows.WorksOn(first_day + i)) continue;
    const absl::CivilDay day = reference_date + i;
    const double hours =
        static_cast<double>(OverlapOnDay(client_windows, candidate_windows, first_day + i)) /
        3600.0;
    if (overlap.days.empty()) {
      overlap.min_hours = overlap.max_hours = hours;
    } else {
      overlap.min_hours = std::min(overlap.min_hours, hours);
      overlap.max_hours = std::max(overlap.max_hours, hours);
    }
    overlap.days.push_back({day, hours});
  }
  return overlap;
}

bool DaylightMemo::OnDaylightTime(const WeeklyHours& side, absl::Time t) {
  const auto key = std::make_pair(side.zone_name(), absl::ToUnixSeconds(t));
  if (auto it = known_.find(key); it != known_.end()) return it->second;
  const bool on = talent::OnDaylightTime(side.zone(), t);
  known_.emplace(key, on);
  return on;
}

std::string DescribeOverlap(const Overlap& overlap, const WeeklyHours& client,
                            const WeeklyHours& candidate, DaylightMemo* memo) {
  const auto on_daylight_time = [memo](const WeeklyHours& side, absl::Time t) {
    return memo != nullptr ? memo->OnDaylightTime(side, t) : OnDaylightTime(side.zone(), t);
  };
  std::vector<Run> runs;
  std::map<int64_t, size_t> days_per_value;
  for (size_t i = 0; i < overlap.days.size(); ++i) {
    const int64_t tenths = Tenths(overlap.days[i].hours);
    ++days_per_value[tenths];
    if (!runs.empty() && runs.back().tenths == tenths) {
      runs.back().last = i;
    } else {
      runs.push_back({i, i, tenths});
    }
  }
  if (runs.empty() || (runs.size() == 1 && runs[0].tenths == 0)) return "no overlap";
  if (runs.size() == 1) {
    return absl::StrCat("overlap ", FormatHours(runs[0].tenths), " on every working day");
  }

  // The most frequent value; on a tie the one reached first.
  const Run* typical = nullptr;
  for (const Run& run : runs) {
    if (typical == nullptr || days_per_value[run.tenths] > days_per_value[typical->tenths]) {
      typical = &run;
    }
  }
  const absl::Time typical_start = client.WindowStart(overlap.days[typical->first].day);
  const bool client_typical = on_daylight_time(client, typical_start);
  const bool candidate_typical = on_daylight_time(candidate, typical_start);

  std::string text = typical->tenths == 0
                         ? "no overlap on most days"
                         : absl::StrCat("overlap ", FormatHours(typical->tenths), " on most days");
  size_t listed = 0;
  size_t unlisted = 0;
  for (const Run& run : runs) {
    if (run.tenths == typical->tenths) continue;
    if (listed == kMaxListedRuns) {
      ++unlisted;
      continue;
    }
    ++listed;
    absl::StrAppend(&text, ", ", FormatHours(run.tenths), " ",
                    FormatDates(overlap.days[run.first].day, overlap.days[run.last].day));
    const absl::Time start = client.WindowStart(overlap.days[run.first].day);
    const bool client_daylight = on_daylight_time(client, start);
    const bool candidate_daylight = on_daylight_time(candidate, start);
    if (client_daylight != client_typical || candidate_daylight != candidate_typical) {
      absl::StrAppend(&text, " ",
                      DaylightReason(client, client_daylight, candidate, candidate_daylight));
    }
  }
  if (unlisted > 0) {
    absl::StrAppend(&text, ", and ", unlisted, unlisted == 1 ? " more period" : " more periods");
  }
  return text;
}

}  // namespace meridian::talent
