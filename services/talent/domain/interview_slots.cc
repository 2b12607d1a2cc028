#include "services/talent/domain/interview_slots.h"

#include <algorithm>
#include <cstdint>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"

namespace meridian::talent {
namespace {

// A half-open span of real time, [begin, end).
struct Interval {
  absl::Time begin;
  absl::Time end;
};

constexpr absl::Duration kStep = absl::Minutes(15);
// A range longer than this is cut: a year of days is more than any schedule asks for.
constexpr int kMaxDays = 400;

// Sorts and merges touching or overlapping intervals; drops empty ones.
std::vector<Interval> Merged(std::vector<Interval> intervals) {
  std::erase_if(intervals, [](const Interval& i) { return i.end <= i.begin; });
  std::sort(intervals.begin(), intervals.end(),
            [](const Interval& a, const Interval& b) { return a.begin < b.begin; });
  std::vector<Interval> merged;
  for (const Interval& interval : intervals) {
    if (!merged.empty() && interval.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, interval.end);
    } else {
      merged.push_back(interval);
    }
  }
  return merged;
}

// One side's windows that reach into [from, to), merged (two windows that touch, such as
// 00:00-24:00 on consecutive days, are one span of work).
std::vector<Interval> SideWindows(const WeeklyHours& hours, absl::Time from, absl::Time to) {
  std::vector<Interval> windows;
  const absl::CivilDay first = absl::ToCivilDay(from, hours.zone()) - 1;
  const absl::CivilDay last = absl::ToCivilDay(to, hours.zone());
  for (absl::CivilDay day = first; day <= last && day - first <= kMaxDays + 2; ++day) {
    if (!hours.WorksOn(absl::GetWeekday(day))) continue;
    const Interval window{hours.WindowStart(day), hours.WindowEnd(day)};
    if (window.end > from && window.begin < to) windows.push_back(window);
  }
  return Merged(std::move(windows));
}

// The parts of sorted, disjoint `a` that are also in sorted, disjoint `b`.
std::vector<Interval> Intersect(const std::vector<Interval>& a, const std::vector<Interval>& b) {
  std::vector<Interval> out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const absl::Time begin = std::max(a[i].begin, b[j].begin);
    const absl::Time end = std::min(a[i].end, b[j].end);
    if (begin < end) out.push_back({begin, end});
    if (a[i].end < b[j].end) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

// The parts of sorted, disjoint `free` that no interval of sorted, merged `busy` covers.
std::vector<Interval> Subtract(const std::vector<Interval>& free,
                               const std::vector<Interval>& busy) {
  std::vector<Interval> out;
  size_t j = 0;
  for (Interval part : free) {
    while (j < busy.size() && busy[j].end <= part.begin) ++j;
    size_t k = j;
    while (k < busy.size() && busy[k].begin < part.end) {
      if (busy[k].begin > part.begin) out.push_back({part.begin, busy[k].begin});
      part.begin = std::max(part.begin, busy[k].end);
      ++k;
    }
    if (part.begin < part.end) out.push_back(part);
  }
  return out;
}

// The first quarter hour at or after `t`.
absl::Time CeilToStep(absl::Time t) {
  absl::Duration remainder;
  int64_t steps = absl::IDivDuration(t - absl::UnixEpoch(), kStep, &remainder);
  if (remainder > absl::ZeroDuration()) ++steps;
  return absl::UnixEpoch() + steps * kStep;
}

// "Tue 10 Mar 2026" for the local date of `t` in `zone`.
std::string DateText(absl::Time t, absl::TimeZone zone) {
  const absl::CivilDay day = absl::ToCivilDay(t, zone);
  return absl::StrCat(absl::FormatTime("%a", t, zone), " ", day.day(), " ",
                      absl::FormatTime("%b %Y", t, zone));
}

// "10:00-11:00 in New York (America/New_York)", with "(+1 day)" when the end is on a later
// local date.
std::string TimesText(const WeeklyHours& side, absl::Time start, absl::Time end) {
  const absl::TimeZone zone = side.zone();
  std::string text = absl::StrCat(absl::FormatTime("%H:%M", start, zone), "-",
                                  absl::FormatTime("%H:%M", end, zone));
  const int days_later =
      static_cast<int>(absl::ToCivilDay(end, zone) - absl::ToCivilDay(start, zone));
  if (days_later > 0)
    absl::StrAppend(&text, " (+", days_later, days_later == 1 ? " day)" : " days)");
  absl::StrAppend(&text, " in ", ZoneCity(side.zone_name()), " (", side.zone_name(), ")");
  return text;
}

std::string MinutesText(absl::Duration duration) {
  const int64_t minutes = absl::ToInt64Minutes(duration);
  return absl::StrCat(minutes, minutes == 1 ? " minute" : " minutes");
}

}  // namespace

std::string ZoneCity(absl::string_view zone_name) {
  const size_t slash = zone_name.rfind('/');
  const absl::string_view last =
      slash == absl::string_view::npos ? zone_name : zone_name.substr(slash + 1);
  return absl::StrReplaceAll(last, {{"_", " "}});
}

std::string DescribeSlot(const WeeklyHours& client, const WeeklyHours& candidate, absl::Time start,
                         absl::Time end) {
  std::string text =
      absl::StrCat(DateText(start, client.zone()), ", ", TimesText(client, start, end), " = ");
  if (absl::ToCivilDay(start, candidate.zone()) != absl::ToCivilDay(start, client.zone())) {
    absl::StrAppend(&text, DateText(start, candidate.zone()), ", ");
  }
  absl::StrAppend(&text, TimesText(candidate, start, end));
  return text;
}

bool InsideWorkingWindow(const WeeklyHours& hours, absl::Time start, absl::Time end,
                         std::string* local_time) {
  for (const Interval& window : SideWindows(hours, start, end)) {
    if (window.begin <= start && end <= window.end) return true;
  }
  if (local_time != nullptr) {
    *local_time = absl::StrCat(DateText(start, hours.zone()), " ",
                               absl::FormatTime("%H:%M", start, hours.zone()), " in ",
                               ZoneCity(hours.zone_name()), " (", hours.zone_name(), ")");
  }
  return false;
}

SlotProposal ProposeInterviewSlots(const WeeklyHours& client, const WeeklyHours& candidate,
                                   const std::vector<BusyInterval>& busy,
                                   const SlotRequest& request) {
  SlotProposal proposal;
  const absl::Duration duration = request.duration;
  if (request.count <= 0 || duration <= absl::ZeroDuration() ||
      request.latest <= request.earliest) {
    proposal.reason = "no time range to look in";
    return proposal;
  }
  const absl::Time latest = std::min(request.latest, request.earliest + absl::Hours(24) * kMaxDays);

  std::vector<Interval> taken;
  taken.reserve(busy.size());
  for (const BusyInterval& interval : busy) taken.push_back({interval.start, interval.end});
  const std::vector<Interval> free =
      Subtract(Intersect(Intersect(SideWindows(client, request.earliest, latest),
                                   SideWindows(candidate, request.earliest, latest)),
                         {{request.earliest, latest}}),
               Merged(std::move(taken)));

  // Spread over the client's days: round after round, each day's next possible start.
  const absl::TimeZone zone = client.zone();
  const absl::CivilDay first_day = absl::ToCivilDay(request.earliest, zone);
  const absl::CivilDay last_day = absl::ToCivilDay(latest, zone);
  std::map<absl::CivilDay, absl::Time> cursor;  // per day: no slot starts before it
  for (absl::CivilDay day = first_day; day <= last_day; ++day) {
    cursor[day] = std::max(request.earliest, absl::FromCivil(absl::CivilSecond(day), zone));
  }
  bool found = true;
  while (found && static_cast<int>(proposal.slots.size()) < request.count) {
    found = false;
    for (auto& [day, next] : cursor) {
      if (static_cast<int>(proposal.slots.size()) >= request.count) break;
      const absl::Time day_end = absl::FromCivil(absl::CivilSecond(day + 1), zone);
      for (const Interval& part : free) {
        if (part.end <= next) continue;
        if (part.begin >= day_end) break;
        const absl::Time start = CeilToStep(std::max(part.begin, next));
        if (start >= day_end) break;
        if (start + duration <= part.end) {
          proposal.slots.push_back(
              {start, start + duration, DescribeSlot(client, candidate, start, start + duration)});
          next = start + duration;
          found = true;
          break;
        }
      }
    }
  }
  std::sort(proposal.slots.begin(), proposal.slots.end(),
            [](const ProposedSlot& a, const ProposedSlot& b) { return a.start < b.start; });
  if (!proposal.slots.empty()) return proposal;

  absl::Duration longest = absl::ZeroDuration();
  int days_with_longest = 0;
  absl::CivilDay last_counted;
  for (const Interval& part : free) {
    const absl::Duration length = part.end - part.begin;
    const absl::CivilDay day = absl::ToCivilDay(part.begin, zone);
    if (length > longest) {
      longest = length;
      days_with_longest = 1;
      last_counted = day;
    } else if (length == longest && day != last_counted) {
      ++days_with_longest;
      last_counted = day;
    }
  }
  const std::string range = absl::StrCat("between ", DateText(request.earliest, zone), " and ",
                                         DateText(latest, zone), " (", client.zone_name(), ")");
  if (longest == absl::ZeroDuration()) {
    proposal.reason = absl::StrCat("no time when both sides work and are free ", range);
  } else {
    proposal.reason =
        absl::StrCat("no ", MinutesText(duration), " when both sides work and are free ", range,
                     "; the longest is ", MinutesText(longest), ", on ", days_with_longest,
                     days_with_longest == 1 ? " day" : " days");
  }
  return proposal;
}

}  // namespace meridian::talent
