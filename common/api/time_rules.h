// The range of times and dates the API accepts, defined once for every service.
//
// A time is protobuf's Timestamp range, 0001-01-01T00:00:00Z to
// 9999-12-31T23:59:59.999999999Z with nanos 0 to 999999999 (what google.protobuf.Timestamp
// documents, and inside PostgreSQL's timestamptz); a date is a real calendar date in years 1 to
// 9999. Anything a caller sends is checked against this before it reaches SQL or a computation,
// so a far-off value is INVALID_ARGUMENT naming its field instead of PostgreSQL's
// "timestamp out of range" turning into INTERNAL. Fields may have narrower rules of their own
// (a start date between 2000 and 2100); those come on top.
//
//   if (!IsApiTimestamp(request.due_time())) {
//     violations.Add("due_time", absl::StrCat("must be a time from ", kApiTimeRange));
//   }
//   std::optional<absl::Time> before = ParseApiTime("2027-03-01T00:00:00Z");  // nullopt if bad
//   std::optional<absl::CivilDay> day = CalendarDay(request.start_date());    // nullopt if bad
#pragma once

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"

namespace meridian {

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds since the Unix epoch.
inline constexpr int64_t kMinApiSeconds = -62135596800;
inline constexpr int64_t kMaxApiSeconds = 253402300799;

// The range as a caller reads it in an error message.
inline constexpr absl::string_view kApiTimeRange =
    "0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z";

// True when `time` is inside the API's range and its nanos are 0 to 999999999.
bool IsApiTimestamp(const google::protobuf::Timestamp& time);

// True when `time` is inside the API's range (never for the infinite times).
bool IsApiTime(absl::Time time);

// An RFC 3339 time such as "2027-03-01T10:00:00+01:00" inside the API's range; nullopt for
// anything else (a far year such as -5000, "infinite-future", a typo).
std::optional<absl::Time> ParseApiTime(absl::string_view text);

// The day `date` names when it is a real calendar date in years 1 to 9999; nullopt otherwise
// (Feb 30, month 0, year 0 or 10000: google.type.Date's partial dates are not accepted).
std::optional<absl::CivilDay> CalendarDay(const google::type::Date& date);

}  // namespace meridian
