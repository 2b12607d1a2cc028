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
#include "absl/strings/strip.h"

namespace meridian::ctl {

namespace pb = google::protobuf;
namespace common_v1 = meridian::common::v1;
namespace talent_v1 = meridian::talent::v1;
namespace placement_v1 = meridian::placement::v1;

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

absl::StatusOr<int> ParseDurationMinutes(absl::string_view text, absl::string_view flag) {
  int minutes = 0;
  if (absl::SimpleAtoi(text, &minutes) && minutes > 0) return minutes;
  absl::Duration duration;
  // absl reads "1h30m"; a bare "0" or a negative length is no interview.
  if (!absl::ParseDuration(text, &duration) || duration <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, " ", text, ": expected a length such as 60m, 1h or 1h30m"));
  }
  if (duration % absl::Minutes(1) != absl::ZeroDuration()) {
    return absl::InvalidArgumentError(absl::StrCat(flag, " ", text, ": expected whole minutes"));
  }
  return static_cast<int>(absl::ToInt64Minutes(duration));
}

absl::StatusOr<talent_v1::Interviewer> ParseInterviewer(absl::string_view text) {
  const auto wrong = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("--interviewer ", text, ": ", why,
                     "; expected \"Name <email>\" or \"Name <email>:agency\""));
  };
  const size_t open = text.find('<');
  const size_t close = text.rfind('>');
  if (open == absl::string_view::npos || close == absl::string_view::npos || close < open) {
    return wrong("no <email>");
  }
  talent_v1::Interviewer interviewer;
  interviewer.set_display_name(std::string(absl::StripAsciiWhitespace(text.substr(0, open))));
  interviewer.set_email(
      std::string(absl::StripAsciiWhitespace(text.substr(open + 1, close - open - 1))));
  if (interviewer.display_name().empty()) return wrong("no name");
  if (interviewer.email().empty()) return wrong("no email");
  absl::string_view side = absl::StripAsciiWhitespace(text.substr(close + 1));
  interviewer.set_side(talent_v1::Interviewer::CLIENT);
  if (!side.empty()) {
    if (!absl::ConsumePrefix(&side, ":")) return wrong("text after the email");
    auto parsed = ParseEnum(*talent_v1::Interviewer::Side_descriptor(),
                            absl::StripAsciiWhitespace(side), "--interviewer side");
    if (!parsed.ok()) return parsed.status();
    interviewer.set_side(static_cast<talent_v1::Interviewer::Side>(*parsed));
  }
  return interviewer;
}

absl::StatusOr<talent_v1::Scorecard::SkillRating> ParseSkillRating(absl::string_view text) {
  const size_t equals = text.rfind('=');
  if (equals == absl::string_view::npos || equals == 0 || equals + 1 == text.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--rating ", text, ": expected SKILL=RATING, e.g. go=strong-yes (\"-\": not assessed)"));
  }
  talent_v1::Scorecard::SkillRating rating;
  rating.set_skill(std::string(absl::StripAsciiWhitespace(text.substr(0, equals))));
  const absl::string_view value = absl::StripAsciiWhitespace(text.substr(equals + 1));
  if (value == "-") return rating;  // RATING_UNSPECIFIED: looked at, not assessed
  auto parsed = ParseEnum(*talent_v1::Rating_descriptor(), value, absl::StrCat("--rating ", text));
  if (!parsed.ok()) return parsed.status();
  rating.set_rating(static_cast<talent_v1::Rating>(*parsed));
  return rating;
}

absl::StatusOr<placement_v1::RecordTrialOutcomeRequest> BuildTrialOutcomeRequest(
    const TrialOutcomeArgs& args) {
  placement_v1::RecordTrialOutcomeRequest request;
  request.set_name(Qualify("placements", args.placement));
  auto outcome =
      ParseEnum(*placement_v1::TrialOutcome::Outcome_descriptor(), args.outcome, "--outcome");
  if (!outcome.ok()) return outcome.status();
  request.set_outcome(static_cast<placement_v1::TrialOutcome::Outcome>(*outcome));
  const bool extended = request.outcome() == placement_v1::TrialOutcome::EXTENDED;
  const bool failed = request.outcome() == placement_v1::TrialOutcome::FAILED;
  // The service refuses these too; saying so here names the flag, not the request's field.
  if (extended && args.new_end.empty()) {
    return absl::InvalidArgumentError("--outcome extended needs --new-end YYYY-MM-DD");
  }
  if (!extended && !args.new_end.empty()) {
    return absl::InvalidArgumentError("--new-end goes with --outcome extended only");
  }
  if (failed && args.reason.empty()) {
    return absl::InvalidArgumentError(
        "--outcome failed needs --reason (PERFORMANCE, CANDIDATE_LEFT, ...): it decides whether "
        "a replacement starts");
  }
  if (!failed && !args.reason.empty()) {
    return absl::InvalidArgumentError("--reason goes with --outcome failed only");
  }
  if (extended) {
    auto end = ParseDate(args.new_end, "--new-end");
    if (!end.ok()) return end.status();
    *request.mutable_new_trial_end() = *end;
  }
  if (failed) {
    auto reason = ParseEnum(*placement_v1::EndReason_descriptor(), args.reason, "--reason");
    if (!reason.ok()) return reason.status();
    request.set_end_reason(static_cast<placement_v1::EndReason>(*reason));
  }
  request.set_notes(args.notes);
  request.set_etag(args.etag);
  request.set_request_id(args.request_id);
  return request;
}

}  // namespace meridian::ctl
