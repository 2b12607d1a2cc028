#include "services/placement/domain/cadence.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors/errors.h"
#include "common/time/working_hours.h"

namespace meridian::placement {
namespace {

constexpr int kMinWeek = 1;
constexpr int kMaxWeek = 520;  // ten years
constexpr size_t kMaxWeeks = 20;
constexpr int kMinThenEvery = 1;
constexpr int kMaxThenEvery = 52;
constexpr int kDaysPerWeek = 7;

}  // namespace

absl::StatusOr<CadenceSpec> PrepareCadence(const v1::Cadence& cadence) {
  FieldViolations violations;
  CadenceSpec spec;

  if (!cadence.weeks().empty()) {
    const size_t count = static_cast<size_t>(cadence.weeks_size());
    if (count > kMaxWeeks) {
      violations.Add("cadence.weeks", absl::StrCat("must have at most ", kMaxWeeks, " entries"));
    }
    // Entries past the limit are not checked one by one: a huge list must not make a huge
    // error (the count above already says what is wrong).
    const size_t checked = count < kMaxWeeks ? count : kMaxWeeks;
    spec.weeks.clear();
    for (size_t i = 0; i < checked; ++i) {
      const int week = cadence.weeks(static_cast<int>(i));
      const std::string field = absl::StrCat("cadence.weeks[", i, "]");
      if (week < kMinWeek || week > kMaxWeek) {
        violations.Add(field, absl::StrCat("must be between ", kMinWeek, " and ", kMaxWeek));
      } else if (i > 0 && week <= cadence.weeks(static_cast<int>(i - 1))) {
        violations.Add(field, absl::StrCat("must be greater than the week before it (",
                                           cadence.weeks(static_cast<int>(i - 1)), ")"));
      }
      spec.weeks.push_back(week);
    }
  }

  if (cadence.then_every_weeks() != 0) {
    if (cadence.then_every_weeks() < kMinThenEvery || cadence.then_every_weeks() > kMaxThenEvery) {
      violations.Add("cadence.then_every_weeks",
                     absl::StrCat("must be between ", kMinThenEvery, " and ", kMaxThenEvery));
    }
    spec.then_every_weeks = cadence.then_every_weeks();
  }

  if (!cadence.local_time().empty()) {
    absl::StatusOr<int> minutes = ParseClockTime(cadence.local_time());
    if (minutes.ok()) {
      spec.local_minutes = *minutes;
    } else {
      violations.Add("cadence.local_time", minutes.status().message());
    }
  }

  if (!violations.empty()) return violations.ToStatus();
  return spec;
}

v1::Cadence ToProto(const CadenceSpec& spec) {
  v1::Cadence cadence;
  for (int week : spec.weeks) cadence.add_weeks(week);
  cadence.set_then_every_weeks(spec.then_every_weeks);
  cadence.set_local_time(
      absl::StrFormat("%02d:%02d", spec.local_minutes / 60, spec.local_minutes % 60));
  return cadence;
}

int WeeksAfterStart(const CadenceSpec& spec, int n) {
  if (n < 0) n = 0;
  const int listed = static_cast<int>(spec.weeks.size());
  if (n < listed) return spec.weeks[n];
  const int last = listed == 0 ? 0 : spec.weeks.back();
  return last + (n - listed + 1) * spec.then_every_weeks;
}

absl::Time DueTime(const CadenceSpec& spec, absl::CivilDay start, const absl::TimeZone& zone,
                   int n) {
  absl::CivilDay day = start + kDaysPerWeek * WeeksAfterStart(spec, n);
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::saturday:
      day += 2;
      break;
    case absl::Weekday::sunday:
      day += 1;
      break;
    default:
      break;
  }
  // FromCivil: a skipped local time is the transition instant, a repeated one its first
  // occurrence (see the header).
  return absl::FromCivil(absl::CivilMinute(day.year(), day.month(), day.day(),
                                           spec.local_minutes / 60, spec.local_minutes % 60),
                         zone);
}

}  // namespace meridian::placement
