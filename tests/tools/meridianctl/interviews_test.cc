// meridianctl's interviews, scorecards and trial outcomes without a server: the words on the
// command line (lengths, interviewers, ratings, an outcome with the flag it needs) and what a
// person reads (slots, interviews, outside-hours warnings, the summary, the OFFER rule's hint).
#include <string>

#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "tools/meridianctl/arguments.h"
#include "tools/meridianctl/cli.h"
#include "tools/meridianctl/interview_views.h"

namespace meridian::ctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace talent = meridian::talent::v1;
namespace placement = meridian::placement::v1;

std::string Message(const absl::Status& status) { return std::string(status.message()); }

TEST(ParseDurationMinutesTest, MinutesHoursAndBareNumbers) {
  EXPECT_EQ(*ParseDurationMinutes("60m", "--duration"), 60);
  EXPECT_EQ(*ParseDurationMinutes("1h", "--duration"), 60);
  EXPECT_EQ(*ParseDurationMinutes("1h30m", "--duration"), 90);
  EXPECT_EQ(*ParseDurationMinutes("45", "--duration"), 45);
  EXPECT_THAT(Message(ParseDurationMinutes("an hour", "--duration").status()),
              HasSubstr("--duration an hour"));
  EXPECT_THAT(Message(ParseDurationMinutes("90s", "--duration").status()),
              HasSubstr("whole minutes"));
  EXPECT_FALSE(ParseDurationMinutes("0", "--duration").ok());
  EXPECT_FALSE(ParseDurationMinutes("-30m", "--duration").ok());
}

TEST(ParseInterviewerTest, NameEmailAndSide) {
  auto dana = ParseInterviewer("Dana Ortiz <dana@acme.example>:client");
  ASSERT_TRUE(dana.ok()) << dana.status();
  EXPECT_EQ(dana->display_name(), "Dana Ortiz");
  EXPECT_EQ(dana->email(), "dana@acme.example");
  EXPECT_EQ(dana->side(), talent::Interviewer::CLIENT);
  auto agency = ParseInterviewer("  Sam Lee <sam@agency.example> :agency ");
  ASSERT_TRUE(agency.ok()) << agency.status();
  EXPECT_EQ(agency->display_name(), "Sam Lee");
  EXPECT_EQ(agency->side(), talent::Interviewer::AGENCY);
  // The client's side unless said otherwise.
  EXPECT_EQ(ParseInterviewer("Kim <kim@acme.example>")->side(), talent::Interviewer::CLIENT);
  EXPECT_THAT(Message(ParseInterviewer("dana@acme.example").status()), HasSubstr("no <email>"));
  EXPECT_THAT(Message(ParseInterviewer("<dana@acme.example>").status()), HasSubstr("no name"));
  EXPECT_THAT(Message(ParseInterviewer("Dana <>").status()), HasSubstr("no email"));
  EXPECT_THAT(Message(ParseInterviewer("Dana <d@a.example>:boss").status()),
              HasSubstr("CLIENT, AGENCY"));
  EXPECT_FALSE(ParseInterviewer("Dana <d@a.example> x").ok());
}

TEST(ParseSkillRatingTest, SkillEqualsRatingOrDashForNotAssessed) {
  auto go = ParseSkillRating("Go=strong-yes");
  ASSERT_TRUE(go.ok()) << go.status();
  EXPECT_EQ(go->skill(), "Go");
  EXPECT_EQ(go->rating(), talent::STRONG_YES);
  EXPECT_EQ(ParseSkillRating("communication=no")->rating(), talent::NO);
  EXPECT_EQ(ParseSkillRating("kafka=-")->rating(), talent::RATING_UNSPECIFIED);
  EXPECT_THAT(Message(ParseSkillRating("go").status()), HasSubstr("SKILL=RATING"));
  EXPECT_FALSE(ParseSkillRating("=yes").ok());
  EXPECT_FALSE(ParseSkillRating("go=").ok());
  EXPECT_THAT(Message(ParseSkillRating("go=maybe").status()), HasSubstr("STRONG_NO, NO, YES"));
}

TEST(BuildTrialOutcomeRequestTest, EachOutcomeWithTheFlagItNeeds) {
  auto passed = BuildTrialOutcomeRequest({.placement = "7", .outcome = "passed", .notes = "fine"});
  ASSERT_TRUE(passed.ok()) << passed.status();
  EXPECT_EQ(passed->name(), "placements/7");
  EXPECT_EQ(passed->outcome(), placement::TrialOutcome::PASSED);
  EXPECT_EQ(passed->notes(), "fine");
  EXPECT_FALSE(passed->has_new_trial_end());

  auto extended = BuildTrialOutcomeRequest(
      {.placement = "placements/7", .outcome = "extended", .new_end = "2027-05-01"});
  ASSERT_TRUE(extended.ok()) << extended.status();
  EXPECT_EQ(extended->outcome(), placement::TrialOutcome::EXTENDED);
  EXPECT_EQ(extended->new_trial_end().month(), 5);

  auto failed = BuildTrialOutcomeRequest(
      {.placement = "7", .outcome = "FAILED", .reason = "performance", .etag = "e1"});
  ASSERT_TRUE(failed.ok()) << failed.status();
  EXPECT_EQ(failed->end_reason(), placement::PERFORMANCE);
  EXPECT_EQ(failed->etag(), "e1");

  EXPECT_THAT(Message(BuildTrialOutcomeRequest({.placement = "7", .outcome = "extended"}).status()),
              HasSubstr("needs --new-end"));
  EXPECT_THAT(Message(BuildTrialOutcomeRequest({.placement = "7", .outcome = "failed"}).status()),
              HasSubstr("needs --reason"));
  EXPECT_THAT(Message(BuildTrialOutcomeRequest(
                          {.placement = "7", .outcome = "passed", .new_end = "2027-05-01"})
                          .status()),
              HasSubstr("--new-end goes with --outcome extended only"));
  EXPECT_THAT(Message(BuildTrialOutcomeRequest({.placement = "7",
                                                .outcome = "extended",
                                                .new_end = "2027-05-01",
                                                .reason = "budget"})
                          .status()),
              HasSubstr("--reason goes with --outcome failed only"));
  EXPECT_THAT(
      Message(BuildTrialOutcomeRequest({.placement = "7", .outcome = "extended", .new_end = "May"})
                  .status()),
      HasSubstr("--new-end May"));
  EXPECT_THAT(Message(BuildTrialOutcomeRequest({.placement = "7", .outcome = "maybe"}).status()),
              HasSubstr("PASSED, EXTENDED, FAILED"));
}

google::protobuf::Timestamp At(int64_t seconds) {
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(seconds);
  return timestamp;
}

TEST(SlotTableTest, TimesInTheUsersZoneAndTheBothSidesSentence) {
  google::protobuf::RepeatedPtrField<talent::InterviewSlot> slots;
  talent::InterviewSlot& slot = *slots.Add();
  *slot.mutable_start_time() = At(1814432400);  // 2027-07-01 09:00 UTC
  *slot.mutable_end_time() = At(1814436000);
  slot.set_description(
      "Thu 1 Jul 2027, 05:00-06:00 in New York (America/New_York) = 10:00-11:00 in Lisbon "
      "(Europe/Lisbon)");
  absl::TimeZone lisbon;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Lisbon", &lisbon));
  const std::string text = SlotTable(slots, lisbon).Render();
  EXPECT_THAT(text, HasSubstr("START"));
  EXPECT_THAT(text, HasSubstr("BOTH SIDES"));
  EXPECT_THAT(text, HasSubstr("2027-07-01 10:00 WEST"));
  EXPECT_THAT(text, HasSubstr("2027-07-01 11:00 WEST"));
  EXPECT_THAT(text, HasSubstr("= 10:00-11:00 in Lisbon"));
}

talent::Interview LateInterview() {
  talent::Interview interview;
  interview.set_name("clients/1/roles/2/submissions/3/interviews/4");
  interview.set_kind(talent::Interview::TECHNICAL);
  interview.set_title("Pairing on the billing service");
  interview.set_state(talent::Interview::SCHEDULED);
  *interview.mutable_start_time() = At(1814432400);
  interview.set_duration_minutes(60);
  interview.set_scorecard_count(1);
  interview.add_interviewers()->set_email("a@acme.example");
  interview.add_interviewers()->set_email("b@acme.example");
  talent::OutsideWorkingHours& outside = *interview.add_outside_working_hours();
  outside.set_side(talent::OutsideWorkingHours::CANDIDATE);
  outside.set_local_time("Thu 1 Jul 2027 18:30 in Kolkata (Asia/Kolkata)");
  return interview;
}

TEST(InterviewTableTest, OneRowAnInterviewWithScorecardsAndOutsideHours) {
  google::protobuf::RepeatedPtrField<talent::Interview> interviews;
  *interviews.Add() = LateInterview();
  const std::string text = InterviewTable(interviews, absl::UTCTimeZone()).Render();
  EXPECT_THAT(text, HasSubstr("OUTSIDE HOURS"));
  EXPECT_THAT(text, HasSubstr("TECHNICAL"));
  EXPECT_THAT(text, HasSubstr("SCHEDULED"));
  EXPECT_THAT(text, HasSubstr("2027-07-01 09:00 UTC"));
  EXPECT_THAT(text, HasSubstr("1/2"));
  EXPECT_THAT(text, HasSubstr("CANDIDATE"));
  // The state through the caller's colouring.
  const std::string coloured =
      InterviewTable(interviews, absl::UTCTimeZone(), [](absl::string_view state) {
        return absl::StrCat("<", state, ">");
      }).Render();
  EXPECT_THAT(coloured, HasSubstr("<SCHEDULED>"));
}

TEST(OutsideHoursWarningsTest, ALineASideAndNoneWhenItSuitsBoth) {
  const auto lines = OutsideHoursWarnings(LateInterview());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            "warning: outside the candidate's working hours: Thu 1 Jul 2027 18:30 in Kolkata "
            "(Asia/Kolkata)\n");
  talent::Interview fine = LateInterview();
  fine.clear_outside_working_hours();
  EXPECT_TRUE(OutsideHoursWarnings(fine).empty());
}

TEST(SummaryViewTest, NumbersRecommendationsAndRatingsPerSkill) {
  talent::InterviewSummary summary;
  summary.set_submission("clients/1/roles/2/submissions/3");
  summary.set_interviews_completed(1);
  summary.set_interviews_upcoming(1);
  summary.set_scorecards(2);
  summary.mutable_overall()->set_strong_yes(1);
  summary.mutable_overall()->set_yes(1);
  summary.set_ready_for_offer(true);
  auto& go = *summary.add_skills();
  go.set_skill("go");
  go.mutable_ratings()->set_strong_yes(2);
  auto& soft = *summary.add_skills();
  soft.set_skill("Communication");
  soft.set_soft_skill(true);
  soft.mutable_ratings()->set_yes(1);
  soft.mutable_ratings()->set_not_assessed(1);
  const std::string text = SummaryView(summary);
  EXPECT_THAT(text, HasSubstr("interviews:      1 completed, 1 to come, 0 not held"));
  EXPECT_THAT(text, HasSubstr("scorecards:      2"));
  EXPECT_THAT(text, HasSubstr("recommendations: 1 strong yes, 1 yes, 0 no, 0 strong no"));
  EXPECT_THAT(text, HasSubstr("offer:           ready"));
  EXPECT_THAT(text, HasSubstr("SKILL"));
  EXPECT_THAT(text, HasSubstr("NOT ASSESSED"));
  EXPECT_THAT(text, HasSubstr("Communication (soft)"));
  summary.set_ready_for_offer(false);
  EXPECT_THAT(SummaryView(summary), HasSubstr("--override-reason"));
}

std::string Details(const std::string& reason) {
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain("meridian");
  google::rpc::Status status;
  status.set_code(9);
  status.add_details()->PackFrom(info);
  return status.SerializeAsString();
}

TEST(InterviewRequiredHintTest, OnlyForTheOfferRule) {
  const std::string hint =
      InterviewRequiredHint(Details("INTERVIEW_REQUIRED"), "clients/1/roles/2/submissions/3");
  EXPECT_THAT(hint, HasSubstr("COMPLETED interview"));
  EXPECT_THAT(hint, HasSubstr("meridianctl scorecards submit"));
  EXPECT_THAT(hint, HasSubstr("meridianctl submissions summary clients/1/roles/2/submissions/3"));
  EXPECT_THAT(hint, HasSubstr("--override-reason"));
  EXPECT_EQ(InterviewRequiredHint(Details("ILLEGAL_STATE_TRANSITION"), "s"), "");
  EXPECT_EQ(InterviewRequiredHint("", "s"), "");
}

TEST(InterviewCommandsTest, InTheTreeAndTheCompletion) {
  const std::string script = BashCompletion(CommandTree());
  EXPECT_THAT(script, HasSubstr("\"interviews\") words=\"propose create list show reschedule "
                                "cancel complete invite"));
  EXPECT_THAT(script, HasSubstr("\"scorecards\") words=\"submit list"));
  EXPECT_THAT(script, HasSubstr("\"placements trial\") words=\""));
  EXPECT_THAT(script, HasSubstr("--new-end"));
  EXPECT_THAT(script, HasSubstr("\"submissions summary\""));
  EXPECT_THAT(script, Not(HasSubstr("\"interviews\") words=\"\"")));
}

}  // namespace
}  // namespace meridian::ctl
