// Reading the user's words on meridianctl's command line into what the services take: resource
// names, enum values by name, skill requirements, money, dates and times, the end of the week
// the agenda reads up to, interview lengths, interviewers, scorecard ratings and trial
// outcomes. None of it needs a server.
//
//   std::string client = Qualify("clients", "7");                             // clients/7
//   absl::StatusOr<int> kind = ParseEnum(*common::v1::RoleKind_descriptor(), "backend-engineer",
//                                        "--kind");                           // BACKEND_ENGINEER
//   absl::StatusOr<common::v1::Money> budget = ParseMoney("9000 USD", "--budget");
//   absl::StatusOr<google::protobuf::Timestamp> at =
//       ParseTime("2027-03-08 10:00", absl::UTCTimeZone(), "--at");
//   absl::StatusOr<int> minutes = ParseDurationMinutes("1h30m", "--duration");  // 90
//   auto who = ParseInterviewer("Dana Ortiz <dana@acme.example>:client");
//   auto rating = ParseSkillRating("go=strong-yes");                           // go, STRONG_YES
#pragma once

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"
#include "meridian/common/v1/common.pb.h"
#include "meridian/placement/v1/placement.pb.h"
#include "meridian/talent/v1/interview.pb.h"

namespace meridian::ctl {

// `id` as a resource name: "clients/7" stays, "7" becomes "<collection>/7".
std::string Qualify(absl::string_view collection, absl::string_view id);

// An enum value by its name in any case ("senior" -> SENIOR; "backend-engineer" ->
// BACKEND_ENGINEER); INVALID_ARGUMENT naming `flag` and listing the values otherwise.
absl::StatusOr<int> ParseEnum(const google::protobuf::EnumDescriptor& type, absl::string_view text,
                              absl::string_view flag);

// "go", "go:4" or "go:4:3" (skill, minimum level, minimum years).
absl::StatusOr<common::v1::SkillRequirement> ParseSkillRequirement(absl::string_view text);

// "9000 USD" or "USD 9000".
absl::StatusOr<common::v1::Money> ParseMoney(absl::string_view text, absl::string_view flag);

// "2027-03-08".
absl::StatusOr<google::type::Date> ParseDate(absl::string_view text, absl::string_view flag);

// RFC 3339 ("2027-03-08T10:00:00Z"), or "2027-03-08 10:00" in `zone`.
absl::StatusOr<google::protobuf::Timestamp> ParseTime(absl::string_view text, absl::TimeZone zone,
                                                      absl::string_view flag);

// The end of the week `now` is in, in `zone`: next Monday 00:00 there.
absl::Time EndOfWeek(absl::Time now, absl::TimeZone zone);

// A length in whole minutes: "60m", "1h", "1h30m" or a bare number of minutes ("45").
// INVALID_ARGUMENT naming `flag` for anything else, or a length that is not whole minutes.
absl::StatusOr<int> ParseDurationMinutes(absl::string_view text, absl::string_view flag);

// "Display Name <email>" with an optional ":client" or ":agency" after it (the side; client when
// left out), for --interviewer. The service checks the email itself.
absl::StatusOr<talent::v1::Interviewer> ParseInterviewer(absl::string_view text);

// "SKILL=RATING" ("go=strong-yes", "Communication=no"; "skill=-" for not assessed), for --rating.
absl::StatusOr<talent::v1::Scorecard::SkillRating> ParseSkillRating(absl::string_view text);

// What `placements trial` asks for: the outcome ("passed", "extended", "failed") with the flag
// each one needs: --new-end (a date) with extended only, --reason (an EndReason) with failed only.
struct TrialOutcomeArgs {
  std::string placement = {};
  std::string outcome = {};
  std::string new_end = {};
  std::string reason = {};
  std::string notes = {};
  std::string etag = {};
  std::string request_id = {};
};

// The RecordTrialOutcome request `args` make; INVALID_ARGUMENT naming the flag that is missing,
// not allowed with the outcome, or does not parse.
absl::StatusOr<placement::v1::RecordTrialOutcomeRequest> BuildTrialOutcomeRequest(
    const TrialOutcomeArgs& args);

}  // namespace meridian::ctl
