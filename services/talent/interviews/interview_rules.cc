#include "services/talent/interviews/interview_rules.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/api/contact_rules.h"
#include "common/api/text_rules.h"
#include "google/protobuf/util/time_util.h"

namespace meridian::talent {
namespace {

using google::protobuf::util::TimeUtil;

void CheckText(absl::string_view text, absl::string_view field, size_t max, bool required,
               FieldViolations& violations) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (required && trimmed.empty()) {
    violations.Add(field, absl::StrCat("is required: 1 to ", max, " characters"));
  } else if (text.size() > max) {
    violations.Add(field, absl::StrCat("must be at most ", max, " characters"));
  }
  if (HasControlCharacter(text)) violations.Add(field, "must not contain control characters");
}

void AddRating(v1::InterviewSummary::RatingCounts& counts, v1::Rating rating) {
  switch (rating) {
    case v1::STRONG_NO:
      counts.set_strong_no(counts.strong_no() + 1);
      break;
    case v1::NO:
      counts.set_no(counts.no() + 1);
      break;
    case v1::YES:
      counts.set_yes(counts.yes() + 1);
      break;
    case v1::STRONG_YES:
      counts.set_strong_yes(counts.strong_yes() + 1);
      break;
    default:
      counts.set_not_assessed(counts.not_assessed() + 1);
      break;
  }
}

}  // namespace

void CheckDuration(int minutes, absl::string_view field, FieldViolations& violations) {
  if (minutes < kMinInterviewMinutes || minutes > kMaxInterviewMinutes || minutes % 5 != 0) {
    violations.Add(field, absl::StrCat("must be ", kMinInterviewMinutes, " to ",
                                       kMaxInterviewMinutes, " minutes, a multiple of 5"));
  }
}

void CheckInterview(const v1::Interview& interview, absl::string_view path, absl::Time now,
                    FieldViolations& violations) {
  const auto at = [&](absl::string_view field) { return absl::StrCat(path, ".", field); };
  if (interview.kind() == v1::Interview::KIND_UNSPECIFIED ||
      !v1::Interview::Kind_IsValid(interview.kind())) {
    violations.Add(at("kind"), "must be SCREENING, TECHNICAL, CULTURE or FINAL");
  }
  CheckText(interview.title(), at("title"), kMaxInterviewTitle, true, violations);
  if (interview.interviewers_size() == 0 || interview.interviewers_size() > kMaxInterviewers) {
    violations.Add(at("interviewers"),
                   absl::StrCat("must name 1 to ", kMaxInterviewers, " people"));
  }
  std::set<std::string> emails;
  for (int i = 0; i < interview.interviewers_size() && i < kMaxInterviewers; ++i) {
    const v1::Interviewer& person = interview.interviewers(i);
    const std::string field = absl::StrCat(at("interviewers"), "[", i, "]");
    CheckText(person.display_name(), absl::StrCat(field, ".display_name"), 200, true, violations);
    if (!LooksLikeEmail(person.email())) {
      violations.Add(absl::StrCat(field, ".email"), "must be an email address");
    } else if (!emails.insert(absl::AsciiStrToLower(person.email())).second) {
      violations.Add(absl::StrCat(field, ".email"), "must not repeat another interviewer's");
    }
    if (person.side() == v1::Interviewer::SIDE_UNSPECIFIED ||
        !v1::Interviewer::Side_IsValid(person.side())) {
      violations.Add(absl::StrCat(field, ".side"), "must be CLIENT or AGENCY");
    }
  }
  CheckDuration(interview.duration_minutes(), at("duration_minutes"), violations);
  if (interview.has_start_time()) {
    if (!IsValidTimestamp(interview.start_time())) {
      violations.Add(at("start_time"), "must be a valid time");
    } else {
      const absl::Time start =
          absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(interview.start_time()));
      if (start < now - kStartPast || start > now + kStartFuture) {
        violations.Add(at("start_time"), "must be within the last day and the next 366 days");
      } else if (absl::ToUnixSeconds(start) % 60 != 0 || interview.start_time().nanos() != 0) {
        violations.Add(at("start_time"), "must be on a whole minute");
      }
    }
  }
  CheckText(interview.location(), at("location"), kMaxInterviewLocation, false, violations);
}

void CheckScorecard(const v1::Scorecard& scorecard, absl::string_view path,
                    const std::vector<std::string>& required_skills,
                    const std::vector<std::string>& soft_skills, FieldViolations& violations) {
  const auto at = [&](absl::string_view field) { return absl::StrCat(path, ".", field); };
  if (!LooksLikeEmail(scorecard.interviewer_email())) {
    violations.Add(at("interviewer_email"), "must be the email of one of the interviewers");
  }
  if (scorecard.overall() == v1::RATING_UNSPECIFIED || !v1::Rating_IsValid(scorecard.overall())) {
    violations.Add(at("overall"), "must be STRONG_NO, NO, YES or STRONG_YES");
  }
  std::set<std::string> known(required_skills.begin(), required_skills.end());
  for (const std::string& soft : soft_skills) known.insert(absl::AsciiStrToLower(soft));
  std::set<std::string> seen;
  for (int i = 0; i < scorecard.ratings_size(); ++i) {
    const v1::Scorecard::SkillRating& rating = scorecard.ratings(i);
    const std::string field = absl::StrCat(at("ratings"), "[", i, "]");
    const std::string skill = absl::AsciiStrToLower(rating.skill());
    if (!known.contains(skill)) {
      std::vector<std::string> names = required_skills;
      names.insert(names.end(), soft_skills.begin(), soft_skills.end());
      violations.Add(absl::StrCat(field, ".skill"),
                     names.empty() ? std::string("must not be given: the role names no skills")
                                   : absl::StrCat("must be one of the role's skills: ",
                                                  absl::StrJoin(names, ", ")));
    } else if (!seen.insert(skill).second) {
      violations.Add(absl::StrCat(field, ".skill"), "must not be rated twice");
    }
    if (!v1::Rating_IsValid(rating.rating())) {
      violations.Add(absl::StrCat(field, ".rating"),
                     "must be STRONG_NO, NO, YES, STRONG_YES or unset (not assessed)");
    }
  }
  CheckText(scorecard.notes(), at("notes"), kMaxScorecardNotes, false, violations);
}

bool IsValidTimestamp(const google::protobuf::Timestamp& timestamp) {
  return timestamp.seconds() >= TimeUtil::kTimestampMinSeconds &&
         timestamp.seconds() <= TimeUtil::kTimestampMaxSeconds && timestamp.nanos() >= 0 &&
         timestamp.nanos() <= 999999999;
}

bool ChangesInvite(const v1::Interview& before, const v1::Interview& after) {
  if (!before.has_start_time()) return false;  // No invite went out yet.
  if (after.state() == v1::Interview::CANCELLED && before.state() != v1::Interview::CANCELLED) {
    return true;
  }
  return TimeUtil::TimestampToMicroseconds(before.start_time()) !=
             TimeUtil::TimestampToMicroseconds(after.start_time()) ||
         before.duration_minutes() != after.duration_minutes() ||
         before.location() != after.location();
}

v1::Interviewer* FindInterviewer(v1::Interview& interview, absl::string_view email) {
  for (v1::Interviewer& person : *interview.mutable_interviewers()) {
    if (absl::EqualsIgnoreCase(person.email(), email)) return &person;
  }
  return nullptr;
}

v1::InterviewSummary Summarize(absl::string_view submission,
                               const std::vector<std::string>& required_skills,
                               const std::vector<std::string>& soft_skills,
                               const std::vector<v1::Interview>& interviews,
                               const std::vector<v1::Scorecard>& scorecards) {
  v1::InterviewSummary summary;
  summary.set_submission(std::string(submission));
  for (const v1::Interview& interview : interviews) {
    switch (interview.state()) {
      case v1::Interview::PROPOSED:
      case v1::Interview::SCHEDULED:
        summary.set_interviews_upcoming(summary.interviews_upcoming() + 1);
        break;
      case v1::Interview::COMPLETED:
        summary.set_interviews_completed(summary.interviews_completed() + 1);
        if (interview.scorecard_count() > 0) summary.set_ready_for_offer(true);
        break;
      default:
        summary.set_interviews_not_held(summary.interviews_not_held() + 1);
        break;
    }
  }
  summary.set_scorecards(static_cast<int>(scorecards.size()));
  // Skills by lower-cased key, in the role's order; a rated skill the role dropped since
  // goes last.
  std::map<std::string, int> index;
  const auto add_skill = [&](const std::string& skill, bool soft) {
    const std::string key = absl::AsciiStrToLower(skill);
    if (index.contains(key)) return;
    index[key] = summary.skills_size();
    v1::InterviewSummary::SkillRatings* entry = summary.add_skills();
    entry->set_skill(skill);
    entry->set_soft_skill(soft);
    entry->mutable_ratings();
  };
  for (const std::string& skill : required_skills) add_skill(skill, false);
  for (const std::string& skill : soft_skills) add_skill(skill, true);
  for (const v1::Scorecard& card : scorecards) {
    for (const v1::Scorecard::SkillRating& rating : card.ratings())
      add_skill(rating.skill(), false);
  }
  summary.mutable_overall();
  for (const v1::Scorecard& card : scorecards) {
    AddRating(*summary.mutable_overall(), card.overall());
    std::vector<bool> rated(summary.skills_size(), false);
    for (const v1::Scorecard::SkillRating& rating : card.ratings()) {
      const int i = index[absl::AsciiStrToLower(rating.skill())];
      if (rated[i]) continue;
      rated[i] = true;
      AddRating(*summary.mutable_skills(i)->mutable_ratings(), rating.rating());
    }
    for (int i = 0; i < summary.skills_size(); ++i) {
      if (!rated[i])
        AddRating(*summary.mutable_skills(i)->mutable_ratings(), v1::RATING_UNSPECIFIED);
    }
  }
  return summary;
}

}  // namespace meridian::talent
