// Parsing and validation of working hours: IANA time zones and "HH:MM" local times.
//
//   absl::StatusOr<int> minutes = ParseClockTime("09:30");  // 570
//   FieldViolations violations;
//   ValidateWorkingHours(client.working_hours(), "client.working_hours", violations);
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/errors/errors.h"
#include "meridian/common/v1/common.pb.h"

namespace meridian {

// Minutes since local midnight for "HH:MM" (two digits each, 00:00-23:59; "H:MM" too, as
// people write it: "9:00" is 09:00). With
// `allow_end_of_day`, "24:00" is accepted as 1440 (a window that ends at midnight).
absl::StatusOr<int> ParseClockTime(absl::string_view text, bool allow_end_of_day = false);

// The zone for an IANA name from the system's tzdata ("America/New_York"); "UTC" is fine,
// "localtime", abbreviations ("EST") and unknown names are not: their error suggests the
// nearest names ("Europe/Lisabon": did you mean "Europe/Lisbon"?).
absl::StatusOr<absl::TimeZone> LoadIanaTimeZone(absl::string_view name);

// Up to three tzdata zone names close to `name` (a misspelt zone, or a city alone: "new york"
// -> "America/New_York"), nearest first.
std::vector<std::string> SuggestTimeZones(absl::string_view name);

// Adds a violation for each wrong part of `hours`: unknown zone, malformed or equal start
// and end, unspecified or repeated days.
void ValidateWorkingHours(const common::v1::WorkingHours& hours, absl::string_view field,
                          FieldViolations& violations);

// Fills defaults: days empty means Monday to Friday; days come out sorted; "9:00" becomes
// "09:00".
void NormalizeWorkingHours(common::v1::WorkingHours& hours);

}  // namespace meridian
