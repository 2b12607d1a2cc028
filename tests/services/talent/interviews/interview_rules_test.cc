// The pure rules of interviews: what a valid interview and scorecard are, which changes make a
// new invite version, and the numbers of the summary.
#include "services/talent/interviews/interview_rules.h"

#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

namespace meridian::talent {
namespace {

using ::google::protobuf::util::TimeUtil;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Key;

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 3, 2, 17, 0, 0), absl::UTCTimeZone());

v1::Interview Valid() {
  v1::Interview interview;
  interview.set_kind(v1::Interview::FINAL);
  interview.set_title("Final round with the founders");
  interview.set_duration_minutes(45);
  v1::Interviewer* person = interview.add_interviewers();
  person->set_display_name("Dana Smith");
  person->set_email("dana@acme.example.com");
  person->set_side(v1::Interviewer::CLIENT);
  *interview.mutable_start_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(kNow + absl::Hours(48)));
  return interview;
}

std::multimap<std::string, std::string> Violations(const v1::Interview& interview) {
  FieldViolations violations;
  CheckInterview(interview, "interview", kNow, violations);
  return testing::ViolationsOf(violations.ToStatus());
}

TEST(CheckInterviewTest, AValidInterviewPasses) {
  FieldViolations violations;
  CheckInterview(Valid(), "interview", kNow, violations);
  EXPECT_TRUE(violations.empty());
}

TEST(CheckInterviewTest, EachRuleNamesItsField) {
  v1::Interview interview = Valid();
  interview.set_duration_minutes(61);
  EXPECT_THAT(Violations(interview), Contains(Key("interview.duration_minutes")));
  interview = Valid();
  interview.set_duration_minutes(490);
  EXPECT_THAT(Violations(interview), Contains(Key("interview.duration_minutes")));
  interview = Valid();
  interview.clear_interviewers();
  EXPECT_THAT(Violations(interview), Contains(Key("interview.interviewers")));
  interview = Valid();
  *interview.add_interviewers() = interview.interviewers(0);
  interview.mutable_interviewers(1)->set_email("DANA@ACME.example.com");
  EXPECT_THAT(Violations(interview), Contains(Key("interview.interviewers[1].email")));
  interview = Valid();
  interview.mutable_interviewers(0)->set_side(v1::Interviewer::SIDE_UNSPECIFIED);
  EXPECT_THAT(Violations(interview), Contains(Key("interview.interviewers[0].side")));
  interview = Valid();
  *interview.mutable_start_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(kNow - absl::Hours(25)));
  EXPECT_THAT(Violations(interview), Contains(Key("interview.start_time")));
  interview = Valid();
  interview.mutable_start_time()->set_seconds(interview.start_time().seconds() + 30);
  EXPECT_THAT(Violations(interview), Contains(Key("interview.start_time")));
  interview = Valid();
  interview.set_location(std::string(501, 'x'));
  EXPECT_THAT(Violations(interview), Contains(Key("interview.location")));
  interview = Valid();
  interview.set_title("Final\x01round");
  EXPECT_THAT(Violations(interview), Contains(Key("interview.title")));
}

TEST(CheckScorecardTest, RatingsMustBeTheRolesSkillsOnceEach) {
  v1::Scorecard card;
  card.set_interviewer_email("dana@acme.example.com");
  card.set_overall(v1::YES);
  card.add_ratings()->set_skill("nodejs");
  card.add_ratings()->set_skill("Mentoring");
  FieldViolations ok;
  CheckScorecard(card, "scorecard", {"nodejs"}, {"mentoring"}, ok);
  EXPECT_TRUE(ok.empty());

  card.add_ratings()->set_skill("NODEJS");
  card.add_ratings()->set_skill("cobol");
  card.set_overall(v1::RATING_UNSPECIFIED);
  FieldViolations violations;
  CheckScorecard(card, "scorecard", {"nodejs"}, {"mentoring"}, violations);
  const auto found = testing::ViolationsOf(violations.ToStatus());
  EXPECT_THAT(found, Contains(Key("scorecard.ratings[2].skill")));
  EXPECT_THAT(found, Contains(Key("scorecard.ratings[3].skill")));
  EXPECT_THAT(found, Contains(Key("scorecard.overall")));
}

TEST(ChangesInviteTest, OnlyTimePlaceLengthOrCancellationOfAScheduledOne) {
  v1::Interview before = Valid();
  v1::Interview after = before;
  after.set_title("Another title");
  EXPECT_FALSE(ChangesInvite(before, after));
  after.set_location("Room 4");
  EXPECT_TRUE(ChangesInvite(before, after));
  after = before;
  after.set_duration_minutes(60);
  EXPECT_TRUE(ChangesInvite(before, after));
  after = before;
  after.mutable_start_time()->set_seconds(before.start_time().seconds() + 3600);
  EXPECT_TRUE(ChangesInvite(before, after));
  after = before;
  after.set_state(v1::Interview::CANCELLED);
  EXPECT_TRUE(ChangesInvite(before, after));
  // Nothing was sent for an interview without a time.
  before.clear_start_time();
  after = before;
  after.set_state(v1::Interview::CANCELLED);
  EXPECT_FALSE(ChangesInvite(before, after));
}

TEST(SummarizeTest, CountsInterviewsRecommendationsAndSkillsInTheRolesOrder) {
  v1::Interview held = Valid();
  held.set_state(v1::Interview::COMPLETED);
  held.set_scorecard_count(2);
  v1::Interview coming = Valid();
  coming.set_state(v1::Interview::SCHEDULED);
  v1::Interview missed = Valid();
  missed.set_state(v1::Interview::NO_SHOW);
  v1::Scorecard first;
  first.set_overall(v1::STRONG_YES);
  v1::Scorecard::SkillRating* go = first.add_ratings();
  go->set_skill("go");
  go->set_rating(v1::YES);
  v1::Scorecard::SkillRating* old = first.add_ratings();
  old->set_skill("perl");  // no longer a skill of the role
  old->set_rating(v1::NO);
  v1::Scorecard second;
  second.set_overall(v1::NO);
  v1::Scorecard::SkillRating* mentoring = second.add_ratings();
  mentoring->set_skill("Mentoring");
  mentoring->set_rating(v1::STRONG_NO);

  const v1::InterviewSummary summary =
      Summarize("clients/c/roles/r/submissions/s", {"go", "postgresql"}, {"mentoring"},
                {held, coming, missed}, {first, second});
  EXPECT_EQ(summary.interviews_completed(), 1);
  EXPECT_EQ(summary.interviews_upcoming(), 1);
  EXPECT_EQ(summary.interviews_not_held(), 1);
  EXPECT_EQ(summary.scorecards(), 2);
  EXPECT_EQ(summary.overall().strong_yes(), 1);
  EXPECT_EQ(summary.overall().no(), 1);
  EXPECT_TRUE(summary.ready_for_offer());
  std::vector<std::string> skills;
  for (const auto& skill : summary.skills()) skills.push_back(skill.skill());
  EXPECT_THAT(skills, ElementsAre("go", "postgresql", "mentoring", "perl"));
  EXPECT_EQ(summary.skills(0).ratings().yes(), 1);
  EXPECT_EQ(summary.skills(0).ratings().not_assessed(), 1);
  EXPECT_EQ(summary.skills(1).ratings().not_assessed(), 2);
  EXPECT_TRUE(summary.skills(2).soft_skill());
  EXPECT_EQ(summary.skills(2).ratings().strong_no(), 1);
  EXPECT_EQ(summary.skills(3).ratings().no(), 1);

  // Held without a scorecard: not ready.
  held.set_scorecard_count(0);
  EXPECT_FALSE(Summarize("s", {}, {}, {held}, {}).ready_for_offer());
  EXPECT_THAT(Summarize("s", {}, {}, {}, {}).skills(), IsEmpty());
}

}  // namespace
}  // namespace meridian::talent
