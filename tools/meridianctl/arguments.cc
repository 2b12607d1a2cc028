#include "tools/meridianctl/arguments.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace meridian::ctl {

namespace pb = google::protobuf;
namespace common_v1 = meridian::common::v1;

std::string Qualify(absl::string_view collection, absl::string_view id) {
  if (id.find('/') != absl::string_view::npos) return std::string(id);
  return absl::StrCat(collection, "/", id);
}

absl::StatusOr<int> ParseEnum(const pb::EnumDescriptor& type, absl::string_view text,
                              absl::string_view flag) {
  const std::string wanted = absl::StrReplaceAll(absl::AsciiStrToUpper(text), {{"-", "_"}});
  std::vector<std::string> allowed;
  for (int i = 0; i < type.value_count(); ++i) {
    const pb::EnumValueDescriptor* value = type.value(i);
    if (value->number() == 0) continue;  // *_UNSPECIFIED is never something to ask for
    if (value->name() == wanted) return value->number();
    allowed.push_back(value->name());
  }
  return absl::InvalidArgumentError(
      absl::StrCat(flag, " ", text, ": not one of ", absl::StrJoin(allowed, ", ")));
}

absl::StatusOr<common_v1::SkillRequirement> ParseSkillRequirement(absl::string_view text) {
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  common_v1::SkillRequirement skill;
  int number = 0;
  if (parts.empty() || parts.size() > 3 || parts[0].empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--skill ", text, ": expected SKILL[:MIN_LEVEL[:MIN_YEARS]], e.g. go:4:3"));
  }
  skill.set_skill(parts[0]);
  if (parts.size() >= 2) {
    if (!absl::SimpleAtoi(parts[1], &number)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--skill ", text, ": the level is not a number"));
    }
    skill.set_min_level(number);
  }
  if (parts.size() == 3) {
    if (!absl::SimpleAtoi(parts[2], &number)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--skill ", text, ": the years are not a number"));
    }
    skill.set_min_years(number);
  }
  return skill;
}

absl::StatusOr<common_v1::Money> ParseMoney(absl::string_view text, absl::string_view flag) {
  std::vector<std::string> parts = absl::StrSplit(text, ' ', absl::SkipWhitespace());
  common_v1::Money money;
  std::int64_t units = 0;
  if (parts.size() == 2 && absl::SimpleAtoi(parts[0], &units)) {
    money.set_units(units);
    money.set_currency_code(absl::AsciiStrToUpper(parts[1]));
    return money;
  }
  if (parts.size() == 2 && absl::SimpleAtoi(parts[1], &units)) {
    money.set_units(units);
    money.set_currency_code(absl::AsciiStrToUpper(parts[0]));
    return money;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(flag, " ", text, ": expected an amount and a currency, e.g. \"9000 USD\""));
}

absl::StatusOr<google::type::Date> ParseDate(absl::string_view text, absl::string_view flag) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(text, &day)) {
    return absl::InvalidArgumentError(absl::StrCat(flag, " ", text, ": expected YYYY-MM-DD"));
  }
  google::type::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::StatusOr<pb::Timestamp> ParseTime(absl::string_view text, absl::TimeZone zone,
                                        absl::string_view flag) {
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
    absl::CivilMinute minute;
    if (!absl::ParseCivilTime(absl::StrReplaceAll(text, {{" ", "T"}}), &minute)) {
      return absl::InvalidArgumentError(absl::StrCat(
          flag, " ", text, ": expected RFC 3339 (2027-03-08T10:00:00Z) or \"2027-03-08 10:00\""));
    }
    time = absl::FromCivil(minute, zone);
  }
  pb::Timestamp timestamp;
  timestamp.set_seconds(absl::ToUnixSeconds(time));
  return timestamp;
}

absl::Time EndOfWeek(absl::Time now, absl::TimeZone zone) {
  const absl::CivilDay today = absl::ToCivilDay(now, zone);
  // Days to next Monday: Monday -> 7, Sunday -> 1.
  const int weekday = static_cast<int>(absl::GetWeekday(today));  // Monday is 0
  return absl::FromCivil(today + (7 - weekday), zone);
}

}  // namespace meridian::ctl
