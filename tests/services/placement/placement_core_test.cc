// The placement core (PlacementService and FollowUpWorker) over a real PostgreSQL, with the
// other services behind a FakeFollowUpGateway instead of running servers: what a placement
// asks of intake and talent, in which order, what it does when they fail, and how the
// follow-up steps resume. The same behaviour through real servers is in placement_api_test.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/errors/errors.h"
#include "common/events/event_log.h"
#include "common/metrics/metrics.h"
#include "common/migrations/migrations.h"
#include "common/util/ids.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/placement/follow_up_worker.h"
#include "services/placement/placement_service.h"
#include "tests/services/placement/fake_follow_up_gateway.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
namespace iv1 = intake::v1;
namespace tv1 = talent::v1;
namespace pv1 = placement::v1;

absl::Time Utc(int year, int month, int day, int hour = 12) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, 0, 0), absl::UTCTimeZone());
}

// How GrpcFollowUpGateway reports a service it cannot reach.
absl::Status Unreachable(const char* service, common::v1::ErrorReason reason) {
  return WithReason(
      absl::UnavailableError(absl::StrCat("the ", service, " service is unavailable; retry later")),
      reason);
}

class PlacementCoreTest : public ::testing::Test {
 protected:
  PlacementCoreTest()
      : pool_({.url = database_.url(), .size = 2}),
        placements_(pool_, gateway_, [this] { return now_; }),
        // An hour's back-off: a failed task runs again only when the test says so
        // (MakeTasksDue), never by itself while the test runs.
        worker_(pool_, gateway_, {.first_retry = absl::Hours(1), .max_retry = absl::Hours(1)}) {
    absl::StatusOr<int> migrated = db::ApplyMigrations(database_.url(), db::AllMigrations());
    EXPECT_TRUE(migrated.ok()) << migrated.status();
    role_.set_name(absl::StrCat("clients/", NewResourceId(), "/roles/", NewResourceId()));
    role_.set_state(iv1::Role::OPEN);
    role_.set_headcount(1);
    role_.mutable_working_hours()->set_time_zone("America/New_York");
    gateway_.AddRole(role_);
    hired_.set_name(absl::StrCat(role_.name(), "/submissions/", NewResourceId()));
    hired_.set_candidate(absl::StrCat("candidates/", NewResourceId()));
    hired_.set_stage(tv1::Submission::HIRED);
    gateway_.AddSubmission(hired_);
  }

  ~PlacementCoreTest() override { pool_.Close(); }

  // Starts on 1 March 2027; with a trial whose last day is `trial_end_day` March when not 0.
  absl::StatusOr<pv1::Placement> Place(const std::string& submission,
                                       const std::string& request_id = "", int trial_end_day = 0) {
    pv1::CreatePlacementRequest request;
    request.mutable_placement()->set_submission(submission);
    request.mutable_placement()->mutable_start_date()->set_year(2027);
    request.mutable_placement()->mutable_start_date()->set_month(3);
    request.mutable_placement()->mutable_start_date()->set_day(1);
    if (trial_end_day != 0) {
      request.mutable_placement()->mutable_trial_end()->set_year(2027);
      request.mutable_placement()->mutable_trial_end()->set_month(3);
      request.mutable_placement()->mutable_trial_end()->set_day(trial_end_day);
    }
    request.set_request_id(request_id);
    return placements_.CreatePlacement(request, Recruiter());
  }

  absl::StatusOr<pv1::Placement> End(const std::string& name, pv1::EndReason reason) {
    pv1::EndPlacementRequest request;
    request.set_name(name);
    request.set_reason(reason);
    request.set_note("the client's words, which may name the person");
    return placements_.EndPlacement(request, Recruiter());
  }

  pv1::Placement Get(const std::string& name) {
    pv1::GetPlacementRequest request;
    request.set_name(name);
    absl::StatusOr<pv1::Placement> placement = placements_.GetPlacement(request, Deadline());
    EXPECT_TRUE(placement.ok()) << placement.status();
    return placement.ok() ? *placement : pv1::Placement();
  }

  int PlacementCount() {
    pv1::ListPlacementsRequest request;
    request.set_page_size(100);
    absl::StatusOr<pv1::ListPlacementsResponse> listed =
        placements_.ListPlacements(request, Deadline());
    EXPECT_TRUE(listed.ok()) << listed.status();
    return listed.ok() ? listed->placements_size() : -1;
  }

  // A placement of `hired_`, its FILL_ROLE task done, then the gateway's log cleared of it.
  pv1::Placement PlaceAndFill() {
    absl::StatusOr<pv1::Placement> placement = Place(hired_.name());
    EXPECT_TRUE(placement.ok()) << placement.status();
    EXPECT_EQ(worker_.RunDueTasks(), 1);
    calls_before_ = gateway_.changes().size();
    return placement.ok() ? *placement : pv1::Placement();
  }

  // The gateway's changes since PlaceAndFill.
  std::vector<std::string> NewChanges() const {
    const std::vector<std::string> changes = gateway_.changes();
    return {changes.begin() + static_cast<std::ptrdiff_t>(calls_before_), changes.end()};
  }

  // Tasks waiting for their back-off become due now.
  void MakeTasksDue() {
    absl::Status moved = pool_.InTransaction(Deadline(), [](pqxx::work& tx) {
      tx.exec0("UPDATE placement.tasks SET next_attempt_time = now() WHERE state = 'PENDING'");
      return absl::OkStatus();
    });
    ASSERT_TRUE(moved.ok()) << moved;
  }

  static absl::Time Deadline() { return absl::Now() + absl::Seconds(10); }

  // One pass of the transition watch: the events it wrote (-1 when it failed).
  int Report() {
    absl::StatusOr<int> reported = placements_.ReportTransitions(Deadline());
    EXPECT_TRUE(reported.ok()) << reported.status();
    return reported.ok() ? *reported : -1;
  }

  // The types of every event on the feed, oldest first.
  std::vector<std::string> EventTypes() {
    absl::StatusOr<EventPage> page = pool_.InTransaction<EventPage>(
        Deadline(),
        [](pqxx::work& tx) -> absl::StatusOr<EventPage> { return ReadEvents(tx, 0, 1000, {}); });
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> types;
    if (page.ok()) {
      for (const events::v1::Event& event : page->events) types.push_back(event.type());
    }
    return types;
  }
  static CallContext Recruiter() {
    CallContext call;
    call.deadline = Deadline();
    call.caller = {.principal = "apiKeys/recruiter", .role = access::v1::RECRUITER};
    return call;
  }

  TestDatabase database_;
  db::ConnectionPool pool_;
  FakeFollowUpGateway gateway_;
  absl::Time now_ = Utc(2027, 3, 2);
  placement::PlacementService placements_;
  placement::FollowUpWorker worker_;
  iv1::Role role_;
  tv1::Submission hired_;
  size_t calls_before_ = 0;
};

TEST_F(PlacementCoreTest, AHireIsReadFromTalentAndIntakeAndItsPlacementFillsTheRole) {
  absl::StatusOr<pv1::Placement> placement = Place(hired_.name());
  ASSERT_TRUE(placement.ok()) << placement.status();
  EXPECT_EQ(placement->state(), pv1::Placement::ACTIVE);
  EXPECT_EQ(placement->candidate(), hired_.candidate());
  EXPECT_EQ(placement->role(), role_.name());
  EXPECT_EQ(placement->time_zone(), "America/New_York") << "the role's zone, read from intake";
  EXPECT_THAT(gateway_.calls(),
              ElementsAre("GetSubmission " + hired_.name(), "GetRole " + role_.name()));
  EXPECT_THAT(gateway_.changes(), IsEmpty()) << "filling the role is left to a task";

  EXPECT_EQ(worker_.RunDueTasks(), 1);
  EXPECT_THAT(gateway_.changes(), ElementsAre("SetRoleState " + role_.name() + " FILLED"));
  EXPECT_EQ(gateway_.role(role_.name()).state(), iv1::Role::FILLED);
  EXPECT_EQ(worker_.RunDueTasks(), 0);
}

TEST_F(PlacementCoreTest, ARoleWithHeadcountLeftStaysOpen) {
  role_.set_headcount(2);
  gateway_.AddRole(role_);
  ASSERT_TRUE(Place(hired_.name()).ok());
  EXPECT_EQ(worker_.RunDueTasks(), 1);
  EXPECT_THAT(gateway_.changes(), IsEmpty());
  EXPECT_EQ(gateway_.role(role_.name()).state(), iv1::Role::OPEN);
}

TEST_F(PlacementCoreTest, OnlyAHiredSubmissionBecomesAPlacement) {
  tv1::Submission interviewing = hired_;
  interviewing.set_name(absl::StrCat(role_.name(), "/submissions/", NewResourceId()));
  interviewing.set_stage(tv1::Submission::CLIENT_INTERVIEW);
  gateway_.AddSubmission(interviewing);
  absl::StatusOr<pv1::Placement> placement = Place(interviewing.name());
  EXPECT_EQ(placement.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(HasReason(placement.status(), common::v1::SUBMISSION_NOT_HIRED));
  EXPECT_EQ(PlacementCount(), 0);
}

TEST_F(PlacementCoreTest, WhatTalentOrIntakeSaysIsWhatCreatePlacementAnswers) {
  // A submission talent does not know.
  const std::string unknown = absl::StrCat(role_.name(), "/submissions/", NewResourceId());
  EXPECT_EQ(Place(unknown).status().code(), absl::StatusCode::kNotFound);

  // Talent down: UNAVAILABLE with talent's reason, and nothing stored.
  gateway_.Fail(FakeFollowUpGateway::kGetSubmission,
                Unreachable("talent", common::v1::TALENT_UNAVAILABLE));
  absl::StatusOr<pv1::Placement> talent_down = Place(hired_.name(), "first-try");
  EXPECT_EQ(talent_down.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(HasReason(talent_down.status(), common::v1::TALENT_UNAVAILABLE));
  gateway_.Fail(FakeFollowUpGateway::kGetSubmission, absl::OkStatus());

  // Intake down: the same, with intake's reason.
  gateway_.Fail(FakeFollowUpGateway::kGetRole,
                Unreachable("intake", common::v1::INTAKE_UNAVAILABLE));
  absl::StatusOr<pv1::Placement> intake_down = Place(hired_.name(), "first-try");
  EXPECT_EQ(intake_down.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(HasReason(intake_down.status(), common::v1::INTAKE_UNAVAILABLE));
  gateway_.Fail(FakeFollowUpGateway::kGetRole, absl::OkStatus());
  EXPECT_EQ(PlacementCount(), 0);

  // Both back: it now places, once. (A retry with the same request_id is answered by the RPC
  // layer from its record, see the API tests; the core itself refuses a second placement.)
  absl::StatusOr<pv1::Placement> placed = Place(hired_.name(), "first-try");
  ASSERT_TRUE(placed.ok()) << placed.status();
  absl::StatusOr<pv1::Placement> again = Place(hired_.name(), "first-try");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(HasReason(again.status(), common::v1::PLACEMENT_EXISTS));
  EXPECT_EQ(PlacementCount(), 1);
}

TEST_F(PlacementCoreTest, AnEarlyEndReleasesTheHireReopensTheRoleAndShortlistsOthers) {
  const pv1::Placement placement = PlaceAndFill();
  const std::string other_a = absl::StrCat("candidates/", NewResourceId());
  const std::string other_b = absl::StrCat("candidates/", NewResourceId());
  // Search would rank the departed hire too; the shortlist leaves them out.
  gateway_.SetMatches({other_a, hired_.candidate(), other_b});

  now_ = Utc(2027, 4, 1);
  absl::StatusOr<pv1::Placement> ended = End(placement.name(), pv1::PERFORMANCE);
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(ended->replacement().state(), pv1::Placement::Replacement::PENDING);
  EXPECT_THAT(NewChanges(), IsEmpty()) << "the steps are a task, run after the commit";

  EXPECT_EQ(worker_.RunDueTasks(), 1);
  EXPECT_THAT(NewChanges(), ElementsAre("ReleaseCandidate " + hired_.candidate(),
                                        "SetRoleState " + role_.name() + " OPEN",
                                        "Submit " + role_.name() + " " + other_a,
                                        "Submit " + role_.name() + " " + other_b));
  const pv1::Placement replaced = Get(placement.name());
  EXPECT_EQ(replaced.replacement().state(), pv1::Placement::Replacement::DONE);
  EXPECT_THAT(replaced.replacement().submissions(),
              ElementsAre(role_.name() + "/submissions/s1", role_.name() + "/submissions/s2"));
  EXPECT_EQ(worker_.RunDueTasks(), 0);
}

TEST_F(PlacementCoreTest, AnEndTheGuaranteeDoesNotCoverOnlyReleasesTheHire) {
  const pv1::Placement by_budget = PlaceAndFill();
  gateway_.SetMatches({absl::StrCat("candidates/", NewResourceId())});
  now_ = Utc(2027, 4, 1);
  absl::StatusOr<pv1::Placement> ended = End(by_budget.name(), pv1::BUDGET);
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_FALSE(ended->has_replacement()) << "the client's own reason";
  EXPECT_EQ(worker_.RunDueTasks(), 1);
  EXPECT_THAT(NewChanges(), ElementsAre("ReleaseCandidate " + hired_.candidate()));
}

TEST_F(PlacementCoreTest, AnEndAfterTheGuaranteeOnlyReleasesTheHire) {
  const pv1::Placement placement = PlaceAndFill();
  gateway_.SetMatches({absl::StrCat("candidates/", NewResourceId())});
  now_ = Utc(2027, 7, 1);  // the default guarantee is 90 days from 2027-03-01
  absl::StatusOr<pv1::Placement> ended = End(placement.name(), pv1::PERFORMANCE);
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_FALSE(ended->has_replacement());
  EXPECT_EQ(worker_.RunDueTasks(), 1);
  EXPECT_THAT(NewChanges(), ElementsAre("ReleaseCandidate " + hired_.candidate()));
}

TEST_F(PlacementCoreTest, AFailedStepIsRetriedAndTheStepsBeforeItAreNotRepeated) {
  const pv1::Placement placement = PlaceAndFill();
  const std::string other = absl::StrCat("candidates/", NewResourceId());
  gateway_.SetMatches({other});
  now_ = Utc(2027, 4, 1);
  ASSERT_TRUE(End(placement.name(), pv1::CANDIDATE_LEFT).ok());

  // Intake is down when the role should reopen: the release is done, the rest waits.
  gateway_.Fail(FakeFollowUpGateway::kSetRoleState,
                Unreachable("intake", common::v1::INTAKE_UNAVAILABLE));
  EXPECT_EQ(worker_.RunDueTasks(), 1);
  const pv1::Placement waiting = Get(placement.name());
  EXPECT_EQ(waiting.replacement().state(), pv1::Placement::Replacement::PENDING);
  EXPECT_EQ(waiting.replacement().attempts(), 1);
  EXPECT_THAT(waiting.replacement().last_error(), HasSubstr("intake service is unavailable"));
  EXPECT_EQ(worker_.RunDueTasks(), 0) << "not due again before its back-off";

  // Intake is back: the task goes on from the reopening; the hire is not released twice.
  gateway_.Fail(FakeFollowUpGateway::kSetRoleState, absl::OkStatus());
  MakeTasksDue();
  EXPECT_EQ(worker_.RunDueTasks(), 1);
  EXPECT_THAT(NewChanges(), ElementsAre("ReleaseCandidate " + hired_.candidate(),
                                        "SetRoleState " + role_.name() + " OPEN",  // failed
                                        "SetRoleState " + role_.name() + " OPEN",
                                        "Submit " + role_.name() + " " + other));
  const pv1::Placement done = Get(placement.name());
  EXPECT_EQ(done.replacement().state(), pv1::Placement::Replacement::DONE);
  EXPECT_EQ(done.replacement().attempts(), 2);
  EXPECT_EQ(done.replacement().last_error(), "");
  EXPECT_THAT(done.replacement().submissions(), ElementsAre(role_.name() + "/submissions/s1"));
}

TEST_F(PlacementCoreTest, AReplacementLeavesARoleFilledByAnotherHireMadeMeanwhileFilled) {
  const pv1::Placement first = PlaceAndFill();
  gateway_.SetMatches({absl::StrCat("candidates/", NewResourceId())});
  now_ = Utc(2027, 4, 1);
  ASSERT_TRUE(End(first.name(), pv1::CANDIDATE_LEFT).ok());
  // Intake is down when the role should reopen: the replacement waits for a retry.
  gateway_.Fail(FakeFollowUpGateway::kSetRoleState,
                Unreachable("intake", common::v1::INTAKE_UNAVAILABLE));
  EXPECT_EQ(worker_.RunDueTasks(), 1);
  gateway_.Fail(FakeFollowUpGateway::kSetRoleState, absl::OkStatus());

  // Meanwhile another submission of the role is hired and placed; its FILL_ROLE finds the
  // role still FILLED.
  tv1::Submission second = hired_;
  second.set_name(absl::StrCat(role_.name(), "/submissions/", NewResourceId()));
  second.set_candidate(absl::StrCat("candidates/", NewResourceId()));
  gateway_.AddSubmission(second);
  ASSERT_TRUE(Place(second.name()).ok());
  EXPECT_EQ(worker_.RunDueTasks(), 1);
  ASSERT_EQ(gateway_.role(role_.name()).state(), iv1::Role::FILLED);

  // The replacement goes on: the seat is taken, so the role is not reopened.
  MakeTasksDue();
  EXPECT_EQ(worker_.RunDueTasks(), 1);
  EXPECT_EQ(gateway_.role(role_.name()).state(), iv1::Role::FILLED)
      << "a role whose headcount is placed must not be reopened";
  EXPECT_EQ(Get(first.name()).replacement().state(), pv1::Placement::Replacement::DONE);
}

TEST_F(PlacementCoreTest, AReplacementPutsForwardNobodyWhoHasLeftTheRoleBefore) {
  // The first hire leaves; the replacement puts another forward, who is hired in turn.
  const pv1::Placement first = PlaceAndFill();
  const std::string second_hire = absl::StrCat("candidates/", NewResourceId());
  gateway_.SetMatches({second_hire});
  now_ = Utc(2027, 4, 1);
  ASSERT_TRUE(End(first.name(), pv1::CANDIDATE_LEFT).ok());
  EXPECT_EQ(worker_.RunDueTasks(), 1);
  tv1::Submission second = hired_;
  second.set_name(absl::StrCat(role_.name(), "/submissions/", NewResourceId()));
  second.set_candidate(second_hire);
  gateway_.AddSubmission(second);
  absl::StatusOr<pv1::Placement> placed = Place(second.name());
  ASSERT_TRUE(placed.ok()) << placed.status();
  EXPECT_EQ(worker_.RunDueTasks(), 1);

  // The second hire does not work out either. Search would rank the first hire best (they
  // are AVAILABLE again), but whoever has held this seat and left it is not put forward.
  const std::string newcomer = absl::StrCat("candidates/", NewResourceId());
  gateway_.SetMatches({hired_.candidate(), second_hire, newcomer});
  calls_before_ = gateway_.changes().size();
  now_ = Utc(2027, 4, 20);
  ASSERT_TRUE(End(placed->name(), pv1::PERFORMANCE).ok());
  EXPECT_EQ(worker_.RunDueTasks(), 1);
  EXPECT_THAT(NewChanges(), ElementsAre("ReleaseCandidate " + second_hire,
                                        "SetRoleState " + role_.name() + " OPEN",
                                        "Submit " + role_.name() + " " + newcomer));
  EXPECT_THAT(gateway_.calls(), Contains("FindMatches " + role_.name() + " " + second_hire + "," +
                                         hired_.candidate()))
      << "the replaced hire first, then every earlier one who left";
  EXPECT_EQ(Get(placed->name()).replacement().state(), pv1::Placement::Replacement::DONE);
}

TEST_F(PlacementCoreTest, TheShortlistIsChosenOnceAndKeepsItsCandidatesAcrossARetry) {
  const pv1::Placement placement = PlaceAndFill();
  const std::string first = absl::StrCat("candidates/", NewResourceId());
  const std::string second = absl::StrCat("candidates/", NewResourceId());
  gateway_.SetMatches({first, second});
  now_ = Utc(2027, 4, 1);
  ASSERT_TRUE(End(placement.name(), pv1::PERFORMANCE).ok());

  gateway_.Fail(FakeFollowUpGateway::kSubmit,
                Unreachable("talent", common::v1::TALENT_UNAVAILABLE));
  EXPECT_EQ(worker_.RunDueTasks(), 1);
  // Meanwhile search would rank someone else first: the recorded choice stands.
  gateway_.SetMatches({absl::StrCat("candidates/", NewResourceId())});
  gateway_.Fail(FakeFollowUpGateway::kSubmit, absl::OkStatus());
  MakeTasksDue();
  EXPECT_EQ(worker_.RunDueTasks(), 1);

  int find_matches = 0;
  for (const std::string& call : gateway_.calls())
    find_matches += call.rfind("FindMatches", 0) == 0;
  EXPECT_EQ(find_matches, 1);
  const std::vector<std::string> changes = NewChanges();
  ASSERT_GE(changes.size(), 2u);
  EXPECT_THAT(
      std::vector<std::string>(changes.end() - 2, changes.end()),
      ElementsAre("Submit " + role_.name() + " " + first, "Submit " + role_.name() + " " + second));
  EXPECT_EQ(Get(placement.name()).replacement().state(), pv1::Placement::Replacement::DONE);
}

TEST_F(PlacementCoreTest, ACandidatePlacedMeanwhileIsLeftOffTheShortlist) {
  const pv1::Placement placement = PlaceAndFill();
  const std::string placed = absl::StrCat("candidates/", NewResourceId());
  const std::string free = absl::StrCat("candidates/", NewResourceId());
  gateway_.SetMatches({placed, free});
  gateway_.RefuseSubmission(placed, absl::FailedPreconditionError("placed elsewhere"));
  now_ = Utc(2027, 4, 1);
  ASSERT_TRUE(End(placement.name(), pv1::PERFORMANCE).ok());
  EXPECT_EQ(worker_.RunDueTasks(), 1);
  const pv1::Placement done = Get(placement.name());
  EXPECT_EQ(done.replacement().state(), pv1::Placement::Replacement::DONE);
  EXPECT_THAT(done.replacement().submissions(), ElementsAre(role_.name() + "/submissions/s1"));
}

TEST_F(PlacementCoreTest, ARoleCancelledAtIntakeFailsTheReplacementForGood) {
  const pv1::Placement placement = PlaceAndFill();
  role_.set_state(iv1::Role::CANCELLED);
  gateway_.AddRole(role_);
  now_ = Utc(2027, 4, 1);
  ASSERT_TRUE(End(placement.name(), pv1::PERFORMANCE).ok());
  EXPECT_EQ(worker_.RunDueTasks(), 1);
  const pv1::Placement failed = Get(placement.name());
  EXPECT_EQ(failed.replacement().state(), pv1::Placement::Replacement::FAILED);
  EXPECT_THAT(failed.replacement().last_error(), HasSubstr("cancelled"));
  EXPECT_THAT(NewChanges(), ElementsAre("ReleaseCandidate " + hired_.candidate()));
  MakeTasksDue();
  EXPECT_EQ(worker_.RunDueTasks(), 0) << "a task failed for good is not retried";
}

TEST_F(PlacementCoreTest, AnErasureAtTalentEndsThePlacementAndForgetsItsFreeText) {
  const pv1::Placement placement = PlaceAndFill();
  pv1::ListCheckInsRequest list;
  list.set_parent(placement.name());
  absl::StatusOr<pv1::ListCheckInsResponse> check_ins = placements_.ListCheckIns(list, Deadline());
  ASSERT_TRUE(check_ins.ok()) << check_ins.status();
  ASSERT_GT(check_ins->check_ins_size(), 0);
  pv1::RecordCheckInRequest record;
  record.set_name(check_ins->check_ins(0).name());
  record.set_client_rating(4);
  record.set_candidate_rating(5);
  record.set_notes("call Ana on +351 912 345 678");
  ASSERT_TRUE(placements_.RecordCheckIn(record, Recruiter()).ok());

  // The feed cannot be read: nothing is applied, nothing is lost.
  gateway_.Erase(hired_.candidate());
  gateway_.Fail(FakeFollowUpGateway::kListCandidateErasures,
                Unreachable("talent", common::v1::TALENT_UNAVAILABLE));
  EXPECT_EQ(worker_.ApplyErasures(), 0);
  EXPECT_EQ(Get(placement.name()).state(), pv1::Placement::ACTIVE);

  gateway_.Fail(FakeFollowUpGateway::kListCandidateErasures, absl::OkStatus());
  EXPECT_EQ(worker_.ApplyErasures(), 1);
  const pv1::Placement erased = Get(placement.name());
  EXPECT_EQ(erased.state(), pv1::Placement::ENDED);
  EXPECT_EQ(erased.end_reason(), pv1::OTHER);
  EXPECT_FALSE(erased.has_replacement()) << "nobody is left to follow up";
  absl::StatusOr<pv1::ListCheckInsResponse> after = placements_.ListCheckIns(list, Deadline());
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->check_ins(0).notes(), "");
  EXPECT_EQ(after->check_ins(0).client_rating(), 4) << "ratings stay";
  // The feed position was saved: the erasure is not applied twice.
  EXPECT_EQ(worker_.ApplyErasures(), 0);
}

// Every placement change is on the event feed, and the periodic pass puts risk and overdue
// transitions there once each, as of the clock's now.
TEST_F(PlacementCoreTest, ChangesAndTransitionsAreOnTheEventFeedOnceEach) {
  const pv1::Placement placement = PlaceAndFill();
  EXPECT_THAT(EventTypes(), ElementsAre("placement.created"));
  // Nothing has changed yet: the pass writes nothing.
  EXPECT_EQ(Report(), 0);

  // Months on, the first check-ins are long overdue: AT_RISK, and each overdue check-in once.
  now_ = Utc(2027, 6, 1);
  const int reported = Report();
  // The gauges follow the pass: one placement AT_RISK, its overdue check-ins counted.
  const std::string metrics = MetricsText();
  EXPECT_THAT(metrics, HasSubstr("meridian_placements{state=\"AT_RISK\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("meridian_placements{state=\"ACTIVE\"} 0"));
  EXPECT_THAT(metrics, Not(HasSubstr("meridian_check_ins_overdue 0\n")));
  const std::vector<std::string> types = EventTypes();
  EXPECT_EQ(std::count(types.begin(), types.end(), "placement.at_risk"), 1);
  const auto overdue = std::count(types.begin(), types.end(), "check_in.overdue");
  EXPECT_GT(overdue, 0);
  EXPECT_EQ(reported, 1 + overdue);
  EXPECT_EQ(Report(), 0);

  // Recording every open check-in well clears the risk: back to active, once.
  pv1::ListCheckInsRequest list;
  list.set_parent(placement.name());
  list.set_filter("completed = false");
  absl::StatusOr<pv1::ListCheckInsResponse> open = placements_.ListCheckIns(list, Deadline());
  ASSERT_TRUE(open.ok()) << open.status();
  for (const pv1::CheckIn& check_in : open->check_ins()) {
    if (!check_in.overdue()) continue;
    pv1::RecordCheckInRequest record;
    record.set_name(check_in.name());
    record.set_client_rating(5);
    record.set_candidate_rating(5);
    ASSERT_TRUE(placements_.RecordCheckIn(record, Recruiter()).ok());
  }
  EXPECT_EQ(Report(), 1);
  const std::vector<std::string> after = EventTypes();
  EXPECT_EQ(std::count(after.begin(), after.end(), "placement.back_to_active"), 1);
  EXPECT_EQ(std::count(after.begin(), after.end(), "check_in.recorded"), overdue);
  EXPECT_EQ(Report(), 0);

  ASSERT_TRUE(End(placement.name(), pv1::CONTRACT_COMPLETED).ok());
  EXPECT_EQ(EventTypes().back(), "placement.ended");
}

// A trial past its end without an outcome drives AT_RISK through the periodic pass like any
// other risk; each outcome is on the feed, and a FAILED one is also an end.
TEST_F(PlacementCoreTest, ATrialPastItsEndIsAtRiskOnTheFeedUntilItsOutcome) {
  absl::StatusOr<pv1::Placement> placed = Place(hired_.name(), "", 5);
  ASSERT_TRUE(placed.ok()) << placed.status();
  // Last day Friday 5 March; Monday 8 March in New York is 3 days later. The week-1 check-in
  // (due 8 March) is recorded, so that the trial is the only risk.
  now_ = Utc(2027, 3, 8, 16);
  pv1::ListCheckInsRequest list;
  list.set_parent(placed->name());
  absl::StatusOr<pv1::ListCheckInsResponse> check_ins = placements_.ListCheckIns(list, Deadline());
  ASSERT_TRUE(check_ins.ok()) << check_ins.status();
  pv1::RecordCheckInRequest record;
  record.set_name(check_ins->check_ins(0).name());
  record.set_client_rating(4);
  record.set_candidate_rating(4);
  ASSERT_TRUE(placements_.RecordCheckIn(record, Recruiter()).ok());

  EXPECT_EQ(Report(), 1);
  const pv1::Placement late = Get(placed->name());
  EXPECT_EQ(late.state(), pv1::Placement::AT_RISK);
  EXPECT_THAT(late.health().reasons(), ElementsAre("trial ended 3 days ago with no outcome"));
  EXPECT_EQ(EventTypes().back(), "placement.at_risk");

  pv1::RecordTrialOutcomeRequest passed;
  passed.set_name(placed->name());
  passed.set_outcome(pv1::TrialOutcome::PASSED);
  absl::StatusOr<pv1::Placement> settled = placements_.RecordTrialOutcome(passed, Recruiter());
  ASSERT_TRUE(settled.ok()) << settled.status();
  EXPECT_EQ(settled->state(), pv1::Placement::ACTIVE);
  EXPECT_THAT(settled->health().reasons(), IsEmpty());
  EXPECT_EQ(EventTypes().back(), "placement.trial_recorded");
  EXPECT_EQ(Report(), 1);
  EXPECT_EQ(EventTypes().back(), "placement.back_to_active");
  EXPECT_EQ(Report(), 0);
}

TEST_F(PlacementCoreTest, AFailedTrialIsOnTheFeedAsAnOutcomeAndAnEnd) {
  absl::StatusOr<pv1::Placement> placed = Place(hired_.name(), "", 20);
  ASSERT_TRUE(placed.ok()) << placed.status();
  pv1::RecordTrialOutcomeRequest failed;
  failed.set_name(placed->name());
  failed.set_outcome(pv1::TrialOutcome::FAILED);
  failed.set_end_reason(pv1::PERFORMANCE);
  absl::StatusOr<pv1::Placement> ended = placements_.RecordTrialOutcome(failed, Recruiter());
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(ended->state(), pv1::Placement::ENDED);
  EXPECT_THAT(EventTypes(),
              ElementsAre("placement.created", "placement.trial_recorded", "placement.ended"));
}

}  // namespace
}  // namespace meridian::testing
