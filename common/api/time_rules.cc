#include "common/api/time_rules.h"

#include <string>

namespace meridian {

bool IsApiTimestamp(const google::protobuf::Timestamp& time) {
  return time.seconds() >= kMinApiSeconds && time.seconds() <= kMaxApiSeconds &&
         time.nanos() >= 0 && time.nanos() <= 999999999;
}

bool IsApiTime(absl::Time time) {
  // Also false for absl::InfinitePast() and absl::InfiniteFuture().
  return time >= absl::FromUnixSeconds(kMinApiSeconds) &&
         time < absl::FromUnixSeconds(kMaxApiSeconds + 1);
}

std::optional<absl::Time> ParseApiTime(absl::string_view text) {
  absl::Time time;
  std::string error;
  // absl parses signed years of any width and the words "infinite-future" and
  // "infinite-past": the range check turns those away.
  if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error) || !IsApiTime(time)) {
    return std::nullopt;
  }
  return time;
}

std::optional<absl::CivilDay> CalendarDay(const google::type::Date& date) {
  if (date.year() < 1 || date.year() > 9999) return std::nullopt;
  // CivilDay normalises (Feb 30 becomes Mar 2): a real date survives unchanged.
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (day.year() != date.year() || day.month() != date.month() || day.day() != date.day()) {
    return std::nullopt;
  }
  return day;
}

}  // namespace meridian
