// Tests for services/placement/domain/risk.h: each risk rule on its own, how it goes away, and
// several together. `now` is always a fixed instant: nothing here reads the clock.
//
// Check-ins are due at 15:00 UTC on dates in March 2027 (10:00 in New York before the change)
// and completed an hour later; `now` is chosen so that only the pending check-ins a test is
// about are more than 7 days past their due time.
#include "services/placement/domain/risk.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "meridian/placement/v1/placement.pb.h"

namespace meridian::placement {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// 15:00 UTC on `day` March 2027.
absl::Time March(int day) {
  return absl::FromCivil(absl::CivilSecond(2027, 3, day, 15, 0, 0), absl::UTCTimeZone());
}

CheckInFacts Done(absl::Time due, int client, int candidate, std::vector<int> concerns = {}) {
  CheckInFacts facts;
  facts.due_time = due;
  facts.complete_time = due + absl::Hours(1);
  facts.client_rating = client;
  facts.candidate_rating = candidate;
  facts.concerns = std::move(concerns);
  return facts;
}

CheckInFacts Pending(absl::Time due) {
  CheckInFacts facts;
  facts.due_time = due;
  return facts;
}

// A moment when no check-in below is overdue by more than a day or two.
const absl::Time kSoon = March(25);

void ExpectHealthy(const RiskAssessment& risk) {
  EXPECT_FALSE(risk.at_risk);
  EXPECT_EQ(risk.score, 100);
  EXPECT_THAT(risk.reasons, IsEmpty());
}

TEST(AssessRiskTest, NoCheckInsIsNotAtRisk) { ExpectHealthy(AssessRisk({}, kSoon)); }

TEST(AssessRiskTest, GoodCheckInsAreNotAtRisk) {
  ExpectHealthy(AssessRisk(
      {Done(March(1), 5, 4), Done(March(8), 4, 4), Done(March(15), 3, 3), Pending(March(22))},
      kSoon));
}

// --- Rule 1: a low latest rating ----------------------------------------------------------

TEST(AssessRiskTest, LowClientRating) {
  const RiskAssessment risk = AssessRisk({Done(March(1), 3, 4), Done(March(8), 2, 4)}, kSoon);
  EXPECT_TRUE(risk.at_risk);
  EXPECT_EQ(risk.score, 75);
  EXPECT_THAT(risk.reasons, ElementsAre("the client rated the last check-in 2/5"));
}

TEST(AssessRiskTest, LowCandidateRating) {
  const RiskAssessment risk = AssessRisk({Done(March(1), 4, 1)}, kSoon);
  EXPECT_TRUE(risk.at_risk);
  EXPECT_EQ(risk.score, 75);
  EXPECT_THAT(risk.reasons, ElementsAre("the candidate rated the last check-in 1/5"));
}

TEST(AssessRiskTest, ThreeIsNotALowRating) {
  ExpectHealthy(AssessRisk({Done(March(1), 3, 3)}, kSoon));
}

TEST(AssessRiskTest, LaterGoodCheckInClearsALowRating) {
  ExpectHealthy(AssessRisk({Done(March(1), 2, 1), Done(March(8), 4, 3)}, kSoon));
}

TEST(AssessRiskTest, OnlyCompletedCheckInsCountForRatings) {
  // A pending check-in carries no ratings that count, even if some were filled in.
  CheckInFacts pending = Pending(March(22));
  pending.client_rating = 1;
  pending.candidate_rating = 1;
  ExpectHealthy(AssessRisk({Done(March(15), 4, 4), pending}, kSoon));

  // And a low rating before it is still the latest one.
  CheckInFacts good_but_pending = Pending(March(22));
  good_but_pending.client_rating = 5;
  EXPECT_THAT(AssessRisk({Done(March(15), 2, 4), good_but_pending}, kSoon).reasons,
              ElementsAre("the client rated the last check-in 2/5"));
}

TEST(AssessRiskTest, MissingRatingIsSkipped) {
  // The latest check-in has no client rating (0): the client's latest is still the 2.
  EXPECT_THAT(AssessRisk({Done(March(1), 2, 4), Done(March(8), 0, 4)}, kSoon).reasons,
              ElementsAre("the client rated the last check-in 2/5"));
}

// --- Rule 2: a falling rating -------------------------------------------------------------

TEST(AssessRiskTest, ClientRatingFellByTwo) {
  const RiskAssessment risk = AssessRisk({Done(March(1), 5, 4), Done(March(8), 3, 4)}, kSoon);
  EXPECT_TRUE(risk.at_risk);
  EXPECT_EQ(risk.score, 75);
  EXPECT_THAT(risk.reasons, ElementsAre("the client's rating fell from 5 to 3"));
}

TEST(AssessRiskTest, FallOfOneIsNotARisk) {
  ExpectHealthy(AssessRisk({Done(March(1), 5, 5), Done(March(8), 4, 4)}, kSoon));
}

TEST(AssessRiskTest, FallToALowRatingGivesBothReasons) {
  const RiskAssessment risk = AssessRisk({Done(March(1), 4, 4), Done(March(8), 4, 2)}, kSoon);
  EXPECT_EQ(risk.score, 50);
  EXPECT_THAT(risk.reasons, ElementsAre("the candidate rated the last check-in 2/5",
                                        "the candidate's rating fell from 4 to 2"));
}

TEST(AssessRiskTest, OnlyTheLastTwoRatingsCount) {
  // 5 -> 3 was a fall, but 3 -> 4 since then clears it.
  ExpectHealthy(
      AssessRisk({Done(March(1), 5, 4), Done(March(8), 3, 4), Done(March(15), 4, 4)}, kSoon));
  // A slow slide of one point at a time is not a fall of two between check-ins.
  ExpectHealthy(
      AssessRisk({Done(March(1), 5, 5), Done(March(8), 4, 5), Done(March(15), 3, 5)}, kSoon));
}

TEST(AssessRiskTest, FallIsMeasuredBetweenCompletedCheckIns) {
  // The pending check-in of 8 March (2 days past due, not overdue yet) sits between the two
  // completed ones; its filled-in rating does not hide the fall.
  const absl::Time now = March(10);
  CheckInFacts pending = Pending(March(8));
  pending.client_rating = 5;
  EXPECT_THAT(AssessRisk({Done(March(1), 5, 4), pending, Done(March(9), 3, 4)}, now).reasons,
              ElementsAre("the client's rating fell from 5 to 3"));
}

// --- Rule 3: the same concern twice in a row ----------------------------------------------

TEST(AssessRiskTest, SameConcernAtTheLastTwoCheckIns) {
  const RiskAssessment risk = AssessRisk(
      {Done(March(1), 4, 4, {v1::COMMUNICATION}), Done(March(8), 4, 4, {v1::COMMUNICATION})},
      kSoon);
  EXPECT_TRUE(risk.at_risk);
  EXPECT_EQ(risk.score, 75);
  EXPECT_THAT(risk.reasons, ElementsAre("communication raised at two check-ins in a row"));
}

TEST(AssessRiskTest, OneReasonPerRepeatedConcernInEnumOrder) {
  const RiskAssessment risk =
      AssessRisk({Done(March(1), 4, 4, {v1::SKILLS, v1::TIME_ZONE_OVERLAP, v1::COMPENSATION}),
                  Done(March(8), 4, 4, {v1::TIME_ZONE_OVERLAP, v1::ENGAGEMENT, v1::SKILLS})},
                 kSoon);
  EXPECT_EQ(risk.score, 50);
  EXPECT_THAT(risk.reasons, ElementsAre("time-zone overlap raised at two check-ins in a row",
                                        "skills raised at two check-ins in a row"));
}

TEST(AssessRiskTest, ConcernNames) {
  const auto reason_for = [](int concern) {
    const RiskAssessment risk =
        AssessRisk({Done(March(1), 4, 4, {concern}), Done(March(8), 4, 4, {concern})}, kSoon);
    return risk.reasons.empty() ? std::string() : risk.reasons.front();
  };
  EXPECT_EQ(reason_for(v1::ENGAGEMENT), "engagement raised at two check-ins in a row");
  EXPECT_EQ(reason_for(v1::COMPENSATION), "compensation raised at two check-ins in a row");
  EXPECT_EQ(reason_for(v1::OTHER_CONCERN), "another concern raised at two check-ins in a row");
  EXPECT_EQ(reason_for(v1::CONCERN_UNSPECIFIED), "");  // ignored
}

TEST(AssessRiskTest, RepeatsWithinOneCheckInCountOnce) {
  EXPECT_THAT(AssessRisk({Done(March(1), 4, 4, {v1::SKILLS, v1::SKILLS}),
                          Done(March(8), 4, 4, {v1::SKILLS, v1::SKILLS})},
                         kSoon)
                  .reasons,
              ElementsAre("skills raised at two check-ins in a row"));
}

TEST(AssessRiskTest, ConcernsAtNonConsecutiveCheckInsDoNotCount) {
  ExpectHealthy(AssessRisk({Done(March(1), 4, 4, {v1::COMMUNICATION}), Done(March(8), 4, 4),
                            Done(March(15), 4, 4, {v1::COMMUNICATION})},
                           kSoon));
}

TEST(AssessRiskTest, LaterCheckInWithoutTheConcernClearsIt) {
  ExpectHealthy(
      AssessRisk({Done(March(1), 4, 4, {v1::COMMUNICATION}),
                  Done(March(8), 4, 4, {v1::COMMUNICATION}), Done(March(15), 4, 4, {v1::SKILLS})},
                 kSoon));
}

TEST(AssessRiskTest, PendingCheckInsDoNotBreakARunOfConcerns) {
  // "In a row" is about completed check-ins: the unrecorded one of 8 March says nothing.
  const absl::Time now = March(10);
  EXPECT_THAT(AssessRisk({Done(March(1), 4, 4, {v1::SKILLS}), Pending(March(8)),
                          Done(March(9), 4, 4, {v1::SKILLS})},
                         now)
                  .reasons,
              ElementsAre("skills raised at two check-ins in a row"));
}

// --- Rule 4: overdue check-ins ------------------------------------------------------------

TEST(AssessRiskTest, OverdueCheckIn) {
  // Due 3 March 15:00 UTC; now 12 March 16:00: 9 days and 1 hour, 9 whole days.
  const absl::Time now = March(12) + absl::Hours(1);
  const RiskAssessment risk = AssessRisk({Done(March(1), 4, 4), Pending(March(3))}, now);
  EXPECT_TRUE(risk.at_risk);
  EXPECT_EQ(risk.score, 75);
  EXPECT_THAT(risk.reasons, ElementsAre("the check-in due 3 March 2027 is 9 days overdue"));
}

TEST(AssessRiskTest, ExactlySevenDaysOverdueIsNotYetARisk) {
  const std::vector<CheckInFacts> check_ins = {Pending(March(3))};
  ExpectHealthy(AssessRisk(check_ins, March(10)));
  const RiskAssessment risk = AssessRisk(check_ins, March(10) + absl::Seconds(1));
  EXPECT_TRUE(risk.at_risk);
  EXPECT_THAT(risk.reasons, ElementsAre("the check-in due 3 March 2027 is 7 days overdue"));
}

TEST(AssessRiskTest, RecordingTheOverdueCheckInClearsIt) {
  const absl::Time now = March(20);
  EXPECT_TRUE(AssessRisk({Pending(March(3))}, now).at_risk);
  CheckInFacts recorded = Done(March(3), 4, 4);
  recorded.complete_time = March(19);  // recorded late, and that is fine
  ExpectHealthy(AssessRisk({recorded}, now));
}

TEST(AssessRiskTest, FutureAndRecentCheckInsAreNotOverdue) {
  ExpectHealthy(AssessRisk({Pending(March(9)), Pending(March(30))}, March(15)));
}

TEST(AssessRiskTest, EachOverdueCheckInIsAReason) {
  const RiskAssessment risk =
      AssessRisk({Pending(March(1)), Pending(March(8)), Pending(March(15))}, March(20));
  EXPECT_EQ(risk.score, 50);
  EXPECT_THAT(risk.reasons, ElementsAre("the check-in due 1 March 2027 is 19 days overdue",
                                        "the check-in due 8 March 2027 is 12 days overdue"));
}

TEST(AssessRiskTest, OverdueDateInTheGivenZone) {
  // Due Wed 3 March 23:30 UTC, which is already Thu 4 March 08:30 in Tokyo (+9, no DST).
  const absl::Time due = March(3) + absl::Minutes(8 * 60 + 30);
  const absl::Time now = due + absl::Hours(8 * 24);
  absl::TimeZone tokyo;
  ASSERT_TRUE(absl::LoadTimeZone("Asia/Tokyo", &tokyo));
  EXPECT_THAT(AssessRisk({Pending(due)}, now).reasons,
              ElementsAre("the check-in due 3 March 2027 is 8 days overdue"));
  EXPECT_THAT(AssessRisk({Pending(due)}, now, tokyo).reasons,
              ElementsAre("the check-in due 4 March 2027 is 8 days overdue"));
}

// --- Rule 5: a trial past its end without an outcome --------------------------------------

// A trial whose last day is `day` March 2027, with no final outcome.
TrialFacts TrialEnding(int day) { return {.trial_end = absl::CivilDay(2027, 3, day)}; }

TEST(AssessRiskTest, TrialPastItsEndWithoutAnOutcome) {
  // Last day Friday 12 March; now Monday 15 March 15:00 UTC: 3 days later.
  const RiskAssessment risk = AssessRisk({}, March(15), absl::UTCTimeZone(), TrialEnding(12));
  EXPECT_TRUE(risk.at_risk);
  EXPECT_EQ(risk.score, 75);
  EXPECT_THAT(risk.reasons, ElementsAre("trial ended 3 days ago with no outcome"));
}

TEST(AssessRiskTest, TwoDaysAfterTheTrialIsNotYetARisk) {
  const TrialFacts trial = TrialEnding(12);
  // The last day itself, and the two days after it, to their last second.
  for (const absl::Time now :
       {March(12), March(13), March(14) + absl::Hours(9) - absl::Seconds(1)}) {
    ExpectHealthy(AssessRisk({}, now, absl::UTCTimeZone(), trial));
  }
  // The third day from its first second.
  EXPECT_THAT(AssessRisk({}, March(14) + absl::Hours(9), absl::UTCTimeZone(), trial).reasons,
              ElementsAre("trial ended 3 days ago with no outcome"));
  EXPECT_THAT(AssessRisk({}, March(25), absl::UTCTimeZone(), trial).reasons,
              ElementsAre("trial ended 13 days ago with no outcome"));
}

TEST(AssessRiskTest, TrialDaysCountInTheGivenZone) {
  // 15 March 03:00 UTC is still 14 March 23:00 in New York (-4 after the 14 March change).
  const absl::Time now = March(15) - absl::Hours(12);
  absl::TimeZone new_york;
  ASSERT_TRUE(absl::LoadTimeZone("America/New_York", &new_york));
  EXPECT_THAT(AssessRisk({}, now, absl::UTCTimeZone(), TrialEnding(12)).reasons,
              ElementsAre("trial ended 3 days ago with no outcome"));
  ExpectHealthy(AssessRisk({}, now, new_york, TrialEnding(12)));
}

TEST(AssessRiskTest, ATrialOutcomeClearsTheRisk) {
  const absl::Time now = March(20);
  EXPECT_TRUE(AssessRisk({}, now, absl::UTCTimeZone(), TrialEnding(12)).at_risk);
  // PASSED (FAILED ends the placement, which has no health): decided.
  TrialFacts passed = TrialEnding(12);
  passed.decided = true;
  ExpectHealthy(AssessRisk({}, now, absl::UTCTimeZone(), passed));
  // EXTENDED: the new last day is what counts, and it is a risk again once it is past.
  ExpectHealthy(AssessRisk({}, now, absl::UTCTimeZone(), TrialEnding(31)));
  EXPECT_THAT(
      AssessRisk({}, March(31) + absl::Hours(24 * 4), absl::UTCTimeZone(), TrialEnding(31)).reasons,
      ElementsAre("trial ended 4 days ago with no outcome"));
}

TEST(AssessRiskTest, NoTrialAndAFutureTrialAreNotRisks) {
  ExpectHealthy(AssessRisk({}, March(20), absl::UTCTimeZone(), TrialFacts{}));
  ExpectHealthy(AssessRisk({}, March(20), absl::UTCTimeZone(), TrialEnding(28)));
}

// --- Together -----------------------------------------------------------------------------

TEST(AssessRiskTest, SeveralReasonsTogetherInRuleOrder) {
  const absl::Time now = March(20);
  const RiskAssessment risk =
      AssessRisk({Done(March(1), 5, 2, {v1::COMMUNICATION}), Pending(March(8)),
                  Done(March(15), 2, 1, {v1::COMMUNICATION, v1::SKILLS})},
                 now);
  EXPECT_TRUE(risk.at_risk);
  EXPECT_EQ(risk.score, 0);  // five reasons: 100 - 125, floored at 0
  EXPECT_THAT(risk.reasons, ElementsAre("the client rated the last check-in 2/5",
                                        "the candidate rated the last check-in 1/5",
                                        "the client's rating fell from 5 to 2",
                                        "communication raised at two check-ins in a row",
                                        "the check-in due 8 March 2027 is 12 days overdue"));
  // A trial past its end comes last.
  EXPECT_THAT(AssessRisk({Done(March(1), 4, 4), Pending(March(8))}, now, absl::UTCTimeZone(),
                         TrialEnding(15))
                  .reasons,
              ElementsAre("the check-in due 8 March 2027 is 12 days overdue",
                          "trial ended 5 days ago with no outcome"));
}

TEST(AssessRiskTest, ScoreTakesTwentyFivePointsPerReason) {
  // Client low (1 reason), then also candidate low (2), then also a shared concern (3).
  EXPECT_EQ(AssessRisk({Done(March(1), 2, 4)}, kSoon).score, 75);
  EXPECT_EQ(AssessRisk({Done(March(1), 2, 2)}, kSoon).score, 50);
  EXPECT_EQ(
      AssessRisk({Done(March(1), 3, 3, {v1::SKILLS}), Done(March(8), 2, 2, {v1::SKILLS})}, kSoon)
          .score,
      25);
}

TEST(AssessRiskTest, EverythingRecoveredIsHealthyAgain) {
  // The placement of the test above, a week later: the overdue check-in recorded and a good
  // conversation since.
  const absl::Time now = March(27);
  ExpectHealthy(
      AssessRisk({Done(March(1), 5, 2, {v1::COMMUNICATION}), Done(March(8), 3, 3),
                  Done(March(15), 2, 1, {v1::COMMUNICATION, v1::SKILLS}), Done(March(22), 4, 4)},
                 now));
}

}  // namespace
}  // namespace meridian::placement
