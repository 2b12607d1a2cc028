// The rules of interviews and scorecards that need no database: what a valid interview and
// scorecard are, when a change makes a new version of the calendar invite, and the summary a
// recruiter weighs before an offer. The interview service (interview_service.h) applies them
// inside its transactions.
//
//   FieldViolations violations;
//   CheckInterview(request.interview(), "interview", now, violations);
//   v1::InterviewSummary summary = Summarize(required_skills, soft_skills, interviews, cards);
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/errors/errors.h"
#include "meridian/talent/v1/interview.pb.h"

namespace meridian::talent {

// Limits, also stated in interview.proto.
inline constexpr int kMaxInterviewers = 10;
inline constexpr size_t kMaxInterviewTitle = 200;
inline constexpr size_t kMaxInterviewLocation = 500;
inline constexpr size_t kMaxCancelReason = 500;
inline constexpr size_t kMaxScorecardNotes = 5000;
inline constexpr int kMinInterviewMinutes = 15;
inline constexpr int kMaxInterviewMinutes = 480;
// How far from now an interview's start may be: a day back (recording one held a moment
// ago) to a year ahead.
inline constexpr absl::Duration kStartPast = absl::Hours(24);
inline constexpr absl::Duration kStartFuture = absl::Hours(24 * 366);

// Adds a violation, named under `path` ("interview.title"), for every field of `interview`
// that a caller sets wrong: kind, title, interviewers (1-10, names, emails unique
// case-insensitively, sides), duration, start_time (a real time within kStartPast and
// kStartFuture of `now`) and location. Output-only fields are not looked at.
void CheckInterview(const v1::Interview& interview, absl::string_view path, absl::Time now,
                    FieldViolations& violations);

// Adds a violation for a duration that is not 15-480 minutes in steps of 5.
void CheckDuration(int minutes, absl::string_view field, FieldViolations& violations);

// Adds a violation for every wrong field of `scorecard`: the interviewer's email, the overall
// rating (required), each rating's skill (one of `required_skills` or `soft_skills`, once
// each) and rating, and the notes.
void CheckScorecard(const v1::Scorecard& scorecard, absl::string_view path,
                    const std::vector<std::string>& required_skills,
                    const std::vector<std::string>& soft_skills, FieldViolations& violations);

// True when going from `before` to `after` changes what the calendar invite says (the
// time, the length, the place, or a cancellation) of an interview that already had a time:
// then the invite's SEQUENCE must rise for calendars to take the new version.
bool ChangesInvite(const v1::Interview& before, const v1::Interview& after);

// True for a Timestamp inside protobuf's range (years 1 to 9999, nanos 0 to 999,999,999).
bool IsValidTimestamp(const google::protobuf::Timestamp& timestamp);

// The interviewer whose email is `email` (case-insensitively), or nullptr.
v1::Interviewer* FindInterviewer(v1::Interview& interview, absl::string_view email);

// A submission's interviews and scorecards in numbers (see InterviewSummary): skills in the
// role's order, required skills then soft skills, then any skill rated that the role no
// longer names.
v1::InterviewSummary Summarize(absl::string_view submission,
                               const std::vector<std::string>& required_skills,
                               const std::vector<std::string>& soft_skills,
                               const std::vector<v1::Interview>& interviews,
                               const std::vector<v1::Scorecard>& scorecards);

}  // namespace meridian::talent
