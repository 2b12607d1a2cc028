// The placement service through real gRPC servers of all three services over a real
// PostgreSQL: from a HIRED submission to check-ins, risk and back, the agenda, the end, the
// replacement (also when the talent service was down while the placement ended), and trial
// outcomes.
#include <set>
#include <thread>

#include "absl/time/time.h"
#include "common/logging/log.h"
#include "common/paging/paging.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/intake/intake_test_server.h"
#include "tests/services/placement/placement_test_server.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_database.h"
#include "tests/support/wait.h"

namespace meridian::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::Not;
using ::testing::SizeIs;
namespace iv1 = intake::v1;
namespace tv1 = talent::v1;
namespace pv1 = placement::v1;

absl::Time Utc(int year, int month, int day, int hour = 0, int minute = 0) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, 0), absl::UTCTimeZone());
}

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

google::type::Date Day(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

// "2027-3-31", to compare dates in messages that print them.
std::string DayText(const google::type::Date& date) {
  return absl::StrCat(date.year(), "-", date.month(), "-", date.day());
}

pv1::RecordTrialOutcomeRequest TrialOutcome(const std::string& placement,
                                            pv1::TrialOutcome::Outcome outcome) {
  pv1::RecordTrialOutcomeRequest request;
  request.set_name(placement);
  request.set_outcome(outcome);
  return request;
}

class PlacementApiTest : public ::testing::Test {
 protected:
  PlacementApiTest()
      : intake_port_(PickFreePort()),
        talent_port_(PickFreePort()),
        intake_(std::make_unique<IntakeTestServer>(database_.url(), intake_port_)),
        talent_(
            std::make_unique<TalentTestServer>(database_.url(), intake_->address(), talent_port_)),
        placement_(std::make_unique<PlacementTestServer>(database_.url(), intake_->address(),
                                                         talent_->address())),
        intake_stub_(intake_->NewStub()),
        talent_stub_(talent_->NewStub()),
        stub_(placement_->NewStub()) {
    placement_->SetNow(Utc(2027, 3, 2, 12));
  }

  // A New York client's role for one hire, and a pool of candidates who meet it.
  iv1::Role CreateRole() {
    iv1::CreateClientRequest client_request;
    *client_request.mutable_client() = ValidClient();
    iv1::Client client;
    EXPECT_TRUE(intake_stub_->CreateClient(Context().get(), client_request, &client).ok());
    iv1::CreateRoleRequest request;
    request.set_parent(client.name());
    request.mutable_role()->set_title("Backend developer");
    request.mutable_role()->set_kind(common::v1::BACKEND_DEVELOPER);
    request.mutable_role()->add_required_skills()->set_skill("nodejs");
    request.mutable_role()->set_min_overlap_hours(2);
    iv1::Role role;
    EXPECT_TRUE(intake_stub_->CreateRole(Context().get(), request, &role).ok());
    return role;
  }

  tv1::Candidate AddCandidate(const std::string& name) {
    tv1::CreateCandidateRequest request;
    *request.mutable_candidate() =
        Candidate(name, absl::StrCat(name, "@example.com"), "PT", "Europe/Lisbon");
    tv1::Candidate created;
    EXPECT_TRUE(talent_stub_->CreateCandidate(Context().get(), request, &created).ok());
    return created;
  }

  // Puts the candidate forward and hires them straight away.
  std::string Hire(const iv1::Role& role, const tv1::Candidate& candidate) {
    talent_->WaitForIndex();
    tv1::CreateSubmissionRequest request;
    request.set_parent(role.name());
    request.mutable_submission()->set_candidate(candidate.name());
    tv1::Submission submission;
    grpc::Status status = talent_stub_->CreateSubmission(Context().get(), request, &submission);
    EXPECT_TRUE(status.ok()) << status.error_message();
    tv1::AdvanceSubmissionRequest hire;
    hire.set_name(submission.name());
    hire.set_stage(tv1::Submission::HIRED);
    // Interviews are not what these tests are about (interview_api_test holds them).
    hire.set_override_reason("hired on the agency's earlier interviews");
    tv1::Submission hired;
    EXPECT_TRUE(talent_stub_->AdvanceSubmission(Context().get(), hire, &hired).ok());
    return submission.name();
  }

  grpc::Status Place(const std::string& submission, pv1::Placement* placement,
                     const std::string& request_id = "") {
    pv1::CreatePlacementRequest request;
    request.mutable_placement()->set_submission(submission);
    request.mutable_placement()->mutable_start_date()->set_year(2027);
    request.mutable_placement()->mutable_start_date()->set_month(3);
    request.mutable_placement()->mutable_start_date()->set_day(1);
    request.set_request_id(request_id);
    return stub_->CreatePlacement(Context().get(), request, placement);
  }

  // A placement from 1 March 2027 with a trial whose last day is `trial_end`, and
  // `guarantee_days` (0: the default 90, to 30 May).
  pv1::Placement PlaceWithTrial(const std::string& submission, const google::type::Date& trial_end,
                                int guarantee_days = 0) {
    pv1::CreatePlacementRequest request;
    request.mutable_placement()->set_submission(submission);
    *request.mutable_placement()->mutable_start_date() = Day(2027, 3, 1);
    *request.mutable_placement()->mutable_trial_end() = trial_end;
    request.mutable_placement()->set_guarantee_days(guarantee_days);
    pv1::Placement placement;
    grpc::Status status = stub_->CreatePlacement(Context().get(), request, &placement);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return placement;
  }

  grpc::Status RecordTrial(const pv1::RecordTrialOutcomeRequest& request,
                           pv1::Placement* placement) {
    return stub_->RecordTrialOutcome(Context().get(), request, placement);
  }

  // How many events of `type` the feed holds about `resource`.
  int EventCount(const std::string& resource, const std::string& type) {
    pqxx::connection connection(database_.url());
    pqxx::read_transaction tx(connection);
    return tx
        .exec_params1("SELECT count(*) FROM events.events WHERE resource = $1 AND type = $2",
                      resource, type)[0]
        .as<int>();
  }

  std::vector<pv1::CheckIn> CheckIns(const std::string& parent, const std::string& filter = "") {
    pv1::ListCheckInsRequest request;
    request.set_parent(parent);
    request.set_filter(filter);
    request.set_page_size(100);
    pv1::ListCheckInsResponse response;
    grpc::Status status = stub_->ListCheckIns(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.check_ins().begin(), response.check_ins().end()};
  }

  grpc::Status Record(const std::string& check_in, int client, int candidate,
                      std::vector<pv1::Concern> concerns = {}) {
    pv1::RecordCheckInRequest request;
    request.set_name(check_in);
    request.set_client_rating(client);
    request.set_candidate_rating(candidate);
    for (pv1::Concern concern : concerns) request.add_concerns(concern);
    pv1::CheckIn recorded;
    return stub_->RecordCheckIn(Context().get(), request, &recorded);
  }

  pv1::Placement Get(const std::string& name) {
    pv1::GetPlacementRequest request;
    request.set_name(name);
    pv1::Placement placement;
    EXPECT_TRUE(stub_->GetPlacement(Context().get(), request, &placement).ok());
    return placement;
  }

  // Runs the follow-up tasks (their retries are 50 ms apart) until the replacement is no longer
  // PENDING, for up to 20 s.
  void RunTasksUntilReplacementSettles(const std::string& placement) {
    WaitUntil(
        [&] {
          if (Get(placement).replacement().state() != pv1::Placement::Replacement::PENDING) {
            return true;
          }
          placement_->RunDueTasks();
          return false;
        },
        absl::Seconds(20), absl::Milliseconds(100));
  }

  // After the follow-up tasks of an early end ran: the departed candidate is AVAILABLE, the
  // role OPEN again, and the replacement DONE with every candidate of `pool` (and only them)
  // put forward as SOURCED submissions.
  void ExpectReplacedFromThePool(const std::string& placement, const std::string& departed,
                                 const std::string& role, const std::set<std::string>& pool) {
    EXPECT_EQ(CandidateState(departed), tv1::Candidate::AVAILABLE);
    EXPECT_EQ(RoleState(role), iv1::Role::OPEN);
    const pv1::Placement replaced = Get(placement);
    EXPECT_EQ(replaced.replacement().state(), pv1::Placement::Replacement::DONE);
    ASSERT_THAT(replaced.replacement().submissions(), SizeIs(pool.size()));
    std::set<std::string> shortlisted;
    for (const std::string& name : replaced.replacement().submissions()) {
      tv1::GetSubmissionRequest get;
      get.set_name(name);
      tv1::Submission submission;
      ASSERT_TRUE(talent_stub_->GetSubmission(Context().get(), get, &submission).ok());
      EXPECT_EQ(submission.stage(), tv1::Submission::SOURCED);
      shortlisted.insert(submission.candidate());
    }
    EXPECT_EQ(shortlisted, pool) << "the departed candidate is never on the shortlist";
  }

  iv1::Role::State RoleState(const std::string& role) {
    iv1::GetRoleRequest request;
    request.set_name(role);
    iv1::Role fetched;
    EXPECT_TRUE(intake_stub_->GetRole(Context().get(), request, &fetched).ok());
    return fetched.state();
  }

  tv1::Candidate::State CandidateState(const std::string& candidate) {
    tv1::GetCandidateRequest request;
    request.set_name(candidate);
    tv1::Candidate fetched;
    EXPECT_TRUE(talent_stub_->GetCandidate(Context().get(), request, &fetched).ok());
    return fetched.state();
  }

  int SubmissionsFor(const std::string& role) {
    tv1::ListSubmissionsRequest request;
    request.set_parent(role);
    request.set_page_size(1000);
    tv1::ListSubmissionsResponse response;
    EXPECT_TRUE(talent_stub_->ListSubmissions(Context().get(), request, &response).ok());
    return response.submissions_size();
  }

  TestDatabase database_;
  int intake_port_;
  int talent_port_;
  std::unique_ptr<IntakeTestServer> intake_;
  std::unique_ptr<TalentTestServer> talent_;
  std::unique_ptr<PlacementTestServer> placement_;
  std::unique_ptr<iv1::IntakeService::Stub> intake_stub_;
  std::unique_ptr<tv1::TalentService::Stub> talent_stub_;
  std::unique_ptr<pv1::PlacementService::Stub> stub_;
};

TEST_F(PlacementApiTest, AHireBecomesAPlacementWithCheckInsInTheClientsLocalTime) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate ana = AddCandidate("ana");
  const std::string submission = Hire(role, ana);

  pv1::Placement placement;
  grpc::Status status = Place(submission, &placement, "place-1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(placement.state(), pv1::Placement::ACTIVE);
  EXPECT_EQ(placement.candidate(), ana.name());
  EXPECT_EQ(placement.role(), role.name());
  EXPECT_EQ(placement.time_zone(), "America/New_York");
  // Lists show who and what, not only ids.
  EXPECT_EQ(placement.candidate_display_name(), "ana");
  EXPECT_EQ(placement.role_title(), "Backend developer");
  EXPECT_EQ(placement.guarantee_end().month(), 5);  // 1 March + 90 days = 30 May
  EXPECT_EQ(placement.guarantee_end().day(), 30);

  // Weeks 1, 2, 4, 8 and 12 at 10:00 in New York: 15:00 UTC before the 14 March change,
  // 14:00 UTC after it.
  const std::vector<pv1::CheckIn> check_ins = CheckIns(placement.name());
  ASSERT_THAT(check_ins, SizeIs(5));
  EXPECT_EQ(TimeOf(check_ins[0].due_time()), Utc(2027, 3, 8, 15));
  EXPECT_EQ(TimeOf(check_ins[1].due_time()), Utc(2027, 3, 15, 14));
  // And the time as the client reads it, on both sides of the change.
  EXPECT_EQ(check_ins[0].due_local_time(), "Mon 8 Mar 2027 10:00 in New York (America/New_York)");
  EXPECT_EQ(check_ins[1].due_local_time(), "Mon 15 Mar 2027 10:00 in New York (America/New_York)");
  EXPECT_EQ(TimeOf(check_ins[2].due_time()), Utc(2027, 3, 29, 14));
  EXPECT_EQ(TimeOf(check_ins[4].due_time()), Utc(2027, 5, 24, 14));

  // The role's one seat is taken: FILLED at intake once the follow-up task ran.
  EXPECT_EQ(placement_->RunDueTasks(), 1);
  EXPECT_EQ(RoleState(role.name()), iv1::Role::FILLED);

  // A retry returns the same placement; a second placement for the submission is refused.
  pv1::Placement retry;
  ASSERT_TRUE(Place(submission, &retry, "place-1").ok());
  EXPECT_EQ(retry.name(), placement.name());
  status = Place(submission, &retry);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(PlacementApiTest, ValidateOnlyWorksThePlacementOutAndWritesNothing) {
  const iv1::Role role = CreateRole();
  const std::string submission = Hire(role, AddCandidate("vera"));

  pv1::CreatePlacementRequest request;
  request.mutable_placement()->set_submission(submission);
  request.mutable_placement()->mutable_start_date()->set_year(2027);
  request.mutable_placement()->mutable_start_date()->set_month(3);
  request.mutable_placement()->mutable_start_date()->set_day(1);
  request.mutable_placement()->set_guarantee_days(30);
  request.set_validate_only(true);
  pv1::Placement would_be;
  grpc::Status status = stub_->CreatePlacement(Context().get(), request, &would_be);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(would_be.name(), "");
  EXPECT_EQ(would_be.state(), pv1::Placement::ACTIVE);
  EXPECT_EQ(would_be.guarantee_days(), 30);
  EXPECT_EQ(would_be.guarantee_end().month(), 3);  // 1 March + 30 days = 31 March
  EXPECT_EQ(would_be.guarantee_end().day(), 31);
  EXPECT_EQ(would_be.time_zone(), "America/New_York");
  // Nothing was made: no placement, no task to fill the role.
  pv1::ListPlacementsRequest list;
  pv1::ListPlacementsResponse listed;
  ASSERT_TRUE(stub_->ListPlacements(Context().get(), list, &listed).ok());
  EXPECT_THAT(listed.placements(), SizeIs(0));
  EXPECT_EQ(placement_->RunDueTasks(), 0);

  // The real create still works, and takes the guarantee it was given (90 by default).
  request.set_validate_only(false);
  pv1::Placement placed;
  ASSERT_TRUE(stub_->CreatePlacement(Context().get(), request, &placed).ok());
  EXPECT_EQ(placed.guarantee_days(), 30);
  // Now the submission has its placement, and validate_only says so too.
  request.set_validate_only(true);
  status = stub_->CreatePlacement(Context().get(), request, &would_be);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(PlacementApiTest, PlacementsListNewestFirstUnlessAskedOtherwise) {
  pv1::Placement first;
  ASSERT_TRUE(Place(Hire(CreateRole(), AddCandidate("olga")), &first).ok());
  pv1::Placement second;
  ASSERT_TRUE(Place(Hire(CreateRole(), AddCandidate("paul")), &second).ok());
  pv1::ListPlacementsRequest list;
  pv1::ListPlacementsResponse listed;
  ASSERT_TRUE(stub_->ListPlacements(Context().get(), list, &listed).ok());
  ASSERT_THAT(listed.placements(), SizeIs(2));
  EXPECT_EQ(listed.placements(0).name(), second.name());
  list.set_order_by("create_time");
  list.set_page_size(1);
  ASSERT_TRUE(stub_->ListPlacements(Context().get(), list, &listed).ok());
  ASSERT_THAT(listed.placements(), SizeIs(1));
  EXPECT_EQ(listed.placements(0).name(), first.name());
  list.set_page_token(listed.next_page_token());
  ASSERT_TRUE(stub_->ListPlacements(Context().get(), list, &listed).ok());
  ASSERT_THAT(listed.placements(), SizeIs(1));
  EXPECT_EQ(listed.placements(0).name(), second.name());
  list.clear_page_token();
  list.set_order_by("start_date");
  grpc::Status status = stub_->ListPlacements(Context().get(), list, &listed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), ::testing::Contains(::testing::Key("order_by")));
}

TEST_F(PlacementApiTest, OnlyAHiredSubmissionBecomesAPlacement) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate bea = AddCandidate("bea");
  talent_->WaitForIndex();
  tv1::CreateSubmissionRequest request;
  request.set_parent(role.name());
  request.mutable_submission()->set_candidate(bea.name());
  tv1::Submission sourced;
  ASSERT_TRUE(talent_stub_->CreateSubmission(Context().get(), request, &sourced).ok());
  pv1::Placement placement;
  grpc::Status status = Place(sourced.name(), &placement);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::SUBMISSION_NOT_HIRED));
  status = Place(absl::StrCat(role.name(), "/submissions/00000000-0000-4000-8000-000000000003"),
                 &placement);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PlacementApiTest, EveryRiskRuleTurnsAPlacementAtRiskAndBack) {
  const iv1::Role role = CreateRole();
  pv1::Placement placement;
  ASSERT_TRUE(Place(Hire(role, AddCandidate("cai")), &placement).ok());
  const std::vector<pv1::CheckIn> check_ins = CheckIns(placement.name());

  // Overdue by a day: listed as overdue, not yet at risk. By eight days: at risk.
  placement_->SetNow(Utc(2027, 3, 9, 16));
  EXPECT_TRUE(CheckIns(placement.name())[0].overdue());
  EXPECT_EQ(Get(placement.name()).state(), pv1::Placement::ACTIVE);
  placement_->SetNow(Utc(2027, 3, 16, 16));
  pv1::Placement late = Get(placement.name());
  EXPECT_EQ(late.state(), pv1::Placement::AT_RISK);
  ASSERT_THAT(late.health().reasons(), SizeIs(1));
  EXPECT_THAT(late.health().reasons(0), HasSubstr("overdue"));
  pv1::ListPlacementsRequest at_risk;
  at_risk.set_filter("at_risk = true");
  pv1::ListPlacementsResponse listed;
  ASSERT_TRUE(stub_->ListPlacements(Context().get(), at_risk, &listed).ok());
  ASSERT_THAT(listed.placements(), SizeIs(1));

  // Recording it clears the risk.
  ASSERT_TRUE(Record(check_ins[0].name(), 5, 5).ok());
  EXPECT_EQ(Get(placement.name()).state(), pv1::Placement::ACTIVE);

  // A low rating, then a good one.
  ASSERT_TRUE(Record(check_ins[1].name(), 2, 5).ok());
  pv1::Placement low = Get(placement.name());
  EXPECT_EQ(low.state(), pv1::Placement::AT_RISK);
  EXPECT_THAT(low.health().reasons(0), HasSubstr("client rated the last check-in 2/5"));
  ASSERT_TRUE(Record(check_ins[2].name(), 4, 5).ok());
  EXPECT_EQ(Get(placement.name()).state(), pv1::Placement::ACTIVE);

  // A fall of two, and the same concern twice in a row.
  ASSERT_TRUE(Record(check_ins[3].name(), 4, 3, {pv1::COMMUNICATION}).ok());
  pv1::Placement fell = Get(placement.name());
  EXPECT_EQ(fell.state(), pv1::Placement::AT_RISK);
  EXPECT_THAT(fell.health().reasons(0), HasSubstr("candidate's rating fell from 5 to 3"));
  ASSERT_TRUE(Record(check_ins[4].name(), 4, 4, {pv1::COMMUNICATION}).ok());
  pv1::Placement twice = Get(placement.name());
  EXPECT_EQ(twice.state(), pv1::Placement::AT_RISK);
  EXPECT_THAT(twice.health().reasons(0), HasSubstr("communication raised at two check-ins"));

  // After week 12, the next check-in is four weeks on.
  const std::vector<pv1::CheckIn> all = CheckIns(placement.name());
  ASSERT_THAT(all, SizeIs(6));
  EXPECT_EQ(TimeOf(all[5].due_time()), Utc(2027, 6, 21, 14));
}

TEST_F(PlacementApiTest, IllegalCallsAreRefused) {
  const iv1::Role role = CreateRole();
  pv1::Placement placement;
  ASSERT_TRUE(Place(Hire(role, AddCandidate("dan")), &placement).ok());
  const std::vector<pv1::CheckIn> check_ins = CheckIns(placement.name());

  grpc::Status status = Record(check_ins[0].name(), 6, 0);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolationsOf(status).size(), 2u);
  ASSERT_TRUE(Record(check_ins[0].name(), 4, 4).ok());
  status = Record(check_ins[0].name(), 4, 4);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::CHECK_IN_RECORDED));

  pv1::RescheduleCheckInRequest reschedule;
  reschedule.set_name(check_ins[1].name());
  reschedule.mutable_due_time()->set_seconds(absl::ToUnixSeconds(Utc(2027, 3, 17, 15)));
  pv1::CheckIn moved;
  ASSERT_TRUE(stub_->RescheduleCheckIn(Context().get(), reschedule, &moved).ok());
  EXPECT_EQ(TimeOf(moved.due_time()), Utc(2027, 3, 17, 15));

  pv1::EndPlacementRequest end;
  end.set_name(placement.name());
  pv1::Placement ended;
  EXPECT_EQ(stub_->EndPlacement(Context().get(), end, &ended).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  end.set_reason(pv1::CONVERTED_TO_PAYROLL);
  ASSERT_TRUE(stub_->EndPlacement(Context().get(), end, &ended).ok());
  EXPECT_EQ(ended.state(), pv1::Placement::ENDED);
  EXPECT_FALSE(ended.has_replacement()) << "the client's own reason: no replacement";
  EXPECT_EQ(stub_->EndPlacement(Context().get(), end, &ended).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Record(check_ins[1].name(), 4, 4).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(PlacementApiTest, ACheckInIsRecordedWhenTheConversationHappened) {
  pv1::Placement placement;
  ASSERT_TRUE(Place(Hire(CreateRole(), AddCandidate("gus")), &placement).ok());
  const std::vector<pv1::CheckIn> check_ins = CheckIns(placement.name());
  placement_->SetNow(Utc(2027, 3, 9, 16));
  pv1::RecordCheckInRequest request;
  request.set_name(check_ins[0].name());
  request.set_client_rating(4);
  request.set_candidate_rating(5);
  pv1::CheckIn recorded;
  // Not in the future, not more than 30 days back.
  request.mutable_complete_time()->set_seconds(absl::ToUnixSeconds(Utc(2027, 3, 10)));
  grpc::Status status = stub_->RecordCheckIn(Context().get(), request, &recorded);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("complete_time")));
  request.mutable_complete_time()->set_seconds(absl::ToUnixSeconds(Utc(2027, 1, 1)));
  EXPECT_EQ(stub_->RecordCheckIn(Context().get(), request, &recorded).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // The call was yesterday at 15:30 UTC; it is written down today.
  request.mutable_complete_time()->set_seconds(
      absl::ToUnixSeconds(Utc(2027, 3, 8, 15) + absl::Minutes(30)));
  status = stub_->RecordCheckIn(Context().get(), request, &recorded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(TimeOf(recorded.complete_time()), Utc(2027, 3, 8, 15) + absl::Minutes(30));
  EXPECT_EQ(TimeOf(CheckIns(placement.name())[0].complete_time()),
            Utc(2027, 3, 8, 15) + absl::Minutes(30));
}

TEST_F(PlacementApiTest, TheAgendaListsEveryPlacementsCheckInsInDueOrder) {
  const iv1::Role first_role = CreateRole();
  const iv1::Role second_role = CreateRole();
  pv1::Placement first;
  pv1::Placement second;
  ASSERT_TRUE(Place(Hire(first_role, AddCandidate("eve")), &first).ok());
  ASSERT_TRUE(Place(Hire(second_role, AddCandidate("fay")), &second).ok());
  // Move one of the second placement's check-ins between the first's two.
  const std::vector<pv1::CheckIn> seconds = CheckIns(second.name());
  pv1::RescheduleCheckInRequest reschedule;
  reschedule.set_name(seconds[1].name());
  reschedule.mutable_due_time()->set_seconds(absl::ToUnixSeconds(Utc(2027, 3, 10, 12)));
  pv1::CheckIn moved;
  ASSERT_TRUE(stub_->RescheduleCheckIn(Context().get(), reschedule, &moved).ok());

  const std::vector<pv1::CheckIn> agenda = CheckIns("placements/-");
  ASSERT_THAT(agenda, SizeIs(10));
  for (size_t i = 1; i < agenda.size(); ++i) {
    EXPECT_LE(TimeOf(agenda[i - 1].due_time()), TimeOf(agenda[i].due_time()));
  }
  EXPECT_EQ(agenda[2].name(), seconds[1].name());

  placement_->SetNow(Utc(2027, 3, 12));
  const std::vector<pv1::CheckIn> overdue = CheckIns("placements/-", "overdue = true");
  EXPECT_THAT(overdue, SizeIs(3));  // both week-1 check-ins and the moved one
  const std::vector<pv1::CheckIn> due_soon =
      CheckIns("placements/-", "due_before = 2027-03-16T00:00:00Z AND completed = false");
  EXPECT_THAT(due_soon, SizeIs(4));
}

TEST_F(PlacementApiTest, ListsAndTheAgendaShowWhoForWhomAndWhat) {
  pv1::Placement placement;
  ASSERT_TRUE(Place(Hire(CreateRole(), AddCandidate("kim")), &placement).ok());
  // The client's name comes from intake with the role, as the role's title does.
  EXPECT_EQ(placement.client_display_name(), "Acme Robotics");
  EXPECT_EQ(Get(placement.name()).client_display_name(), "Acme Robotics");
  pv1::ListPlacementsRequest list;
  pv1::ListPlacementsResponse listed;
  ASSERT_TRUE(stub_->ListPlacements(Context().get(), list, &listed).ok());
  ASSERT_THAT(listed.placements(), SizeIs(1));
  EXPECT_EQ(listed.placements(0).client_display_name(), "Acme Robotics");
  EXPECT_EQ(listed.placements(0).candidate_display_name(), "kim");
  EXPECT_EQ(listed.placements(0).role_title(), "Backend developer");

  // Every check-in, of the placement and on the agenda across placements, says who, for whom
  // and what, and when in the client's zone.
  for (const std::string& parent : {placement.name(), std::string("placements/-")}) {
    const std::vector<pv1::CheckIn> check_ins = CheckIns(parent);
    ASSERT_THAT(check_ins, SizeIs(5)) << parent;
    for (const pv1::CheckIn& check_in : check_ins) {
      EXPECT_EQ(check_in.candidate_display_name(), "kim") << check_in.name();
      EXPECT_EQ(check_in.client_display_name(), "Acme Robotics") << check_in.name();
      EXPECT_EQ(check_in.role_title(), "Backend developer") << check_in.name();
      EXPECT_THAT(check_in.due_local_time(), HasSubstr("10:00 in New York (America/New_York)"))
          << check_in.name();
    }
  }
  // And so do the check-ins RecordCheckIn and RescheduleCheckIn return.
  const std::vector<pv1::CheckIn> check_ins = CheckIns(placement.name());
  pv1::RecordCheckInRequest record;
  record.set_name(check_ins[0].name());
  record.set_client_rating(4);
  record.set_candidate_rating(4);
  pv1::CheckIn recorded;
  ASSERT_TRUE(stub_->RecordCheckIn(Context().get(), record, &recorded).ok());
  EXPECT_EQ(recorded.client_display_name(), "Acme Robotics");
  EXPECT_EQ(recorded.candidate_display_name(), "kim");
  pv1::RescheduleCheckInRequest reschedule;
  reschedule.set_name(check_ins[1].name());
  reschedule.mutable_due_time()->set_seconds(absl::ToUnixSeconds(Utc(2027, 3, 16, 14)));
  pv1::CheckIn moved;
  ASSERT_TRUE(stub_->RescheduleCheckIn(Context().get(), reschedule, &moved).ok());
  EXPECT_EQ(moved.role_title(), "Backend developer");
  EXPECT_EQ(moved.due_local_time(), "Tue 16 Mar 2027 10:00 in New York (America/New_York)");
  // They are the placement's, read with each check-in: never stored with it.
  pqxx::connection connection(database_.url());
  pqxx::work tx(connection);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM placement.check_ins WHERE body ? "
                     "'client_display_name' OR body ? 'candidate_display_name' OR body ? "
                     "'role_title'")[0]
                .as<int64_t>(),
            0);
}

TEST_F(PlacementApiTest, AnEarlyEndStartsAReplacementShortlist) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate gus = AddCandidate("gus");
  std::set<std::string> pool;
  for (const char* name : {"hal", "ida", "jon"}) pool.insert(AddCandidate(name).name());
  pv1::Placement placement;
  ASSERT_TRUE(Place(Hire(role, gus), &placement).ok());
  placement_->RunDueTasks();
  ASSERT_EQ(RoleState(role.name()), iv1::Role::FILLED);

  placement_->SetNow(Utc(2027, 4, 1, 12));
  pv1::EndPlacementRequest end;
  end.set_name(placement.name());
  end.set_reason(pv1::PERFORMANCE);
  end.set_note("missed the design deadlines twice");
  pv1::Placement ended;
  ASSERT_TRUE(stub_->EndPlacement(Context().get(), end, &ended).ok());
  EXPECT_EQ(ended.replacement().state(), pv1::Placement::Replacement::PENDING);

  placement_->RunDueTasks();
  ExpectReplacedFromThePool(placement.name(), gus.name(), role.name(), pool);
}

TEST_F(PlacementApiTest, TheReplacementCompletesAfterTalentComesBackWithNothingTwice) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate kim = AddCandidate("kim");
  for (const char* name : {"lea", "max"}) AddCandidate(name);
  pv1::Placement placement;
  ASSERT_TRUE(Place(Hire(role, kim), &placement).ok());
  placement_->RunDueTasks();
  const int submissions_before = SubmissionsFor(role.name());

  // Talent goes down; the ending still commits, with its follow-up task.
  talent_stub_.reset();
  talent_.reset();
  placement_->SetNow(Utc(2027, 4, 1, 12));
  pv1::EndPlacementRequest end;
  end.set_name(placement.name());
  end.set_reason(pv1::CANDIDATE_LEFT);
  pv1::Placement ended;
  ASSERT_TRUE(stub_->EndPlacement(Context().get(), end, &ended).ok());
  EXPECT_EQ(placement_->RunDueTasks(), 1);
  pv1::Placement waiting = Get(placement.name());
  EXPECT_EQ(waiting.replacement().state(), pv1::Placement::Replacement::PENDING);
  EXPECT_EQ(waiting.replacement().attempts(), 1);
  EXPECT_THAT(waiting.replacement().last_error(), HasSubstr("talent service is unavailable"));

  // Talent is back on the same address: the next attempt finishes the job.
  talent_ = std::make_unique<TalentTestServer>(database_.url(), intake_->address(), talent_port_);
  talent_stub_ = talent_->NewStub();
  RunTasksUntilReplacementSettles(placement.name());
  const pv1::Placement done = Get(placement.name());
  ASSERT_EQ(done.replacement().state(), pv1::Placement::Replacement::DONE)
      << done.replacement().last_error();
  EXPECT_THAT(done.replacement().submissions(), SizeIs(2));
  EXPECT_EQ(CandidateState(kim.name()), tv1::Candidate::AVAILABLE);
  EXPECT_EQ(SubmissionsFor(role.name()), submissions_before + 2);
  // Nothing left to do, and nothing done twice.
  EXPECT_EQ(placement_->RunDueTasks(), 0);
  EXPECT_EQ(SubmissionsFor(role.name()), submissions_before + 2);
}

TEST_F(PlacementApiTest, TheReplacementSurvivesARestartHalfwayWithIntakeDown) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate noa = AddCandidate("noa");
  for (const char* name : {"oli", "pia"}) AddCandidate(name);
  pv1::Placement placement;
  ASSERT_TRUE(Place(Hire(role, noa), &placement).ok());
  placement_->RunDueTasks();
  const int submissions_before = SubmissionsFor(role.name());

  // Intake goes down; the ending commits; the first step (talent) is done, the second
  // (reopen the role at intake) is not.
  intake_stub_.reset();
  intake_.reset();
  placement_->SetNow(Utc(2027, 4, 1, 12));
  pv1::EndPlacementRequest end;
  end.set_name(placement.name());
  end.set_reason(pv1::PERFORMANCE);
  pv1::Placement ended;
  ASSERT_TRUE(stub_->EndPlacement(Context().get(), end, &ended).ok());
  EXPECT_EQ(placement_->RunDueTasks(), 1);
  EXPECT_EQ(CandidateState(noa.name()), tv1::Candidate::AVAILABLE);
  pv1::Placement halfway = Get(placement.name());
  EXPECT_EQ(halfway.replacement().state(), pv1::Placement::Replacement::PENDING);
  EXPECT_THAT(halfway.replacement().last_error(), HasSubstr("intake service is unavailable"));

  // The placement service restarts, intake comes back on its address, and the task finishes
  // from the step where it stopped.
  stub_.reset();
  placement_.reset();
  intake_ = std::make_unique<IntakeTestServer>(database_.url(), intake_port_);
  intake_stub_ = intake_->NewStub();
  placement_ = std::make_unique<PlacementTestServer>(database_.url(), intake_->address(),
                                                     talent_->address());
  placement_->SetNow(Utc(2027, 4, 1, 12));
  stub_ = placement_->NewStub();
  RunTasksUntilReplacementSettles(placement.name());
  const pv1::Placement done = Get(placement.name());
  ASSERT_EQ(done.replacement().state(), pv1::Placement::Replacement::DONE)
      << done.replacement().last_error();
  EXPECT_EQ(RoleState(role.name()), iv1::Role::OPEN);
  EXPECT_THAT(done.replacement().submissions(), SizeIs(2));
  EXPECT_EQ(SubmissionsFor(role.name()), submissions_before + 2);
}

// ---------------------------------------------------------------------------------------
// Trial outcomes (issue 14, part 3). Placements start on 1 March 2027 in New York; "now" is
// 2 March unless a test moves it.

TEST_F(PlacementApiTest, APassedTrialIsSettledForGood) {
  const pv1::Placement placement =
      PlaceWithTrial(Hire(CreateRole(), AddCandidate("ava")), Day(2027, 3, 31));
  // Decided early, before the first check-in is due.
  placement_->SetNow(Utc(2027, 3, 5, 15));
  pv1::RecordTrialOutcomeRequest request =
      TrialOutcome(placement.name(), pv1::TrialOutcome::PASSED);
  request.set_notes("the client is very happy with the first month");
  pv1::Placement passed;
  grpc::Status status = RecordTrial(request, &passed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(passed.state(), pv1::Placement::ACTIVE);
  EXPECT_EQ(passed.trial().outcome(), pv1::TrialOutcome::PASSED);
  EXPECT_EQ(TimeOf(passed.trial().record_time()), Utc(2027, 3, 5, 15));
  EXPECT_EQ(passed.trial().notes(), "the client is very happy with the first month");
  EXPECT_EQ(passed.trial().end_reason(), pv1::END_REASON_UNSPECIFIED);
  EXPECT_FALSE(passed.trial().has_original_trial_end()) << "never extended";
  EXPECT_EQ(DayText(passed.trial_end()), "2027-3-31");
  EXPECT_NE(passed.etag(), placement.etag());
  EXPECT_FALSE(passed.has_end_time());
  EXPECT_EQ(EventCount(placement.name(), "placement.trial_recorded"), 1);
  EXPECT_EQ(Get(placement.name()).trial().outcome(), pv1::TrialOutcome::PASSED) << "it is kept";

  // PASSED is final: no other outcome follows, and the placement is left as it was.
  for (const auto outcome :
       {pv1::TrialOutcome::PASSED, pv1::TrialOutcome::EXTENDED, pv1::TrialOutcome::FAILED}) {
    pv1::RecordTrialOutcomeRequest again = TrialOutcome(placement.name(), outcome);
    if (outcome == pv1::TrialOutcome::EXTENDED) *again.mutable_new_trial_end() = Day(2027, 4, 30);
    if (outcome == pv1::TrialOutcome::FAILED) again.set_end_reason(pv1::PERFORMANCE);
    pv1::Placement refused;
    status = RecordTrial(again, &refused);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << outcome;
    EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::ILLEGAL_STATE_TRANSITION));
    EXPECT_THAT(status.error_message(), HasSubstr("already recorded as PASSED, which is final"));
    EXPECT_EQ(ErrorMetadataOf(status)["from"], "PASSED");
    EXPECT_EQ(ErrorMetadataOf(status)["to"], pv1::TrialOutcome::Outcome_Name(outcome));
  }
  const pv1::Placement after = Get(placement.name());
  EXPECT_EQ(after.state(), pv1::Placement::ACTIVE);
  EXPECT_EQ(after.etag(), passed.etag());
  EXPECT_EQ(EventCount(placement.name(), "placement.trial_recorded"), 1);
}

TEST_F(PlacementApiTest, AnExtendedTrialMovesItsEndThenPasses) {
  const pv1::Placement placement =
      PlaceWithTrial(Hire(CreateRole(), AddCandidate("bo")), Day(2027, 3, 31));
  pv1::RecordTrialOutcomeRequest extend =
      TrialOutcome(placement.name(), pv1::TrialOutcome::EXTENDED);
  *extend.mutable_new_trial_end() = Day(2027, 4, 30);
  extend.set_notes("another month to see the migration through");
  pv1::Placement extended;
  grpc::Status status = RecordTrial(extend, &extended);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(extended.state(), pv1::Placement::ACTIVE);
  EXPECT_EQ(DayText(extended.trial_end()), "2027-4-30") << "the trial's end moved";
  EXPECT_EQ(extended.trial().outcome(), pv1::TrialOutcome::EXTENDED);
  EXPECT_EQ(DayText(extended.trial().original_trial_end()), "2027-3-31");
  EXPECT_EQ(extended.trial().notes(), "another month to see the migration through");

  // A second extension moves it again; the original end stays the one it was created with.
  *extend.mutable_new_trial_end() = Day(2027, 5, 14);
  extend.clear_notes();
  ASSERT_TRUE(RecordTrial(extend, &extended).ok());
  EXPECT_EQ(DayText(extended.trial_end()), "2027-5-14");
  EXPECT_EQ(DayText(extended.trial().original_trial_end()), "2027-3-31");

  placement_->SetNow(Utc(2027, 5, 14, 18));
  pv1::Placement passed;
  ASSERT_TRUE(RecordTrial(TrialOutcome(placement.name(), pv1::TrialOutcome::PASSED), &passed).ok());
  EXPECT_EQ(passed.trial().outcome(), pv1::TrialOutcome::PASSED);
  EXPECT_EQ(DayText(passed.trial_end()), "2027-5-14");
  EXPECT_EQ(DayText(passed.trial().original_trial_end()), "2027-3-31");
  EXPECT_EQ(passed.trial().notes(), "") << "the notes are those of the latest outcome";
  EXPECT_EQ(EventCount(placement.name(), "placement.trial_recorded"), 3);
}

// A FAILED trial inside the guarantee ends the placement and starts the same replacement as
// an early EndPlacement (AnEarlyEndStartsAReplacementShortlist).
TEST_F(PlacementApiTest, AFailedTrialInsideTheGuaranteeStartsTheReplacement) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate cy = AddCandidate("cy");
  std::set<std::string> pool;
  for (const char* name : {"dee", "eli", "fox"}) pool.insert(AddCandidate(name).name());
  const pv1::Placement placement = PlaceWithTrial(Hire(role, cy), Day(2027, 3, 31));
  placement_->RunDueTasks();
  ASSERT_EQ(RoleState(role.name()), iv1::Role::FILLED);

  placement_->SetNow(Utc(2027, 4, 1, 12));
  pv1::RecordTrialOutcomeRequest failed = TrialOutcome(placement.name(), pv1::TrialOutcome::FAILED);
  failed.set_end_reason(pv1::PERFORMANCE);
  failed.set_notes("could not work without close supervision");
  failed.set_etag(placement.etag());
  pv1::Placement ended;
  grpc::Status status = RecordTrial(failed, &ended);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ended.state(), pv1::Placement::ENDED);
  EXPECT_TRUE(ended.has_end_time());
  EXPECT_EQ(ended.end_reason(), pv1::PERFORMANCE);
  EXPECT_EQ(ended.end_note(), "could not work without close supervision");
  EXPECT_EQ(ended.trial().outcome(), pv1::TrialOutcome::FAILED);
  EXPECT_EQ(ended.trial().end_reason(), pv1::PERFORMANCE);
  EXPECT_EQ(ended.replacement().state(), pv1::Placement::Replacement::PENDING);
  EXPECT_EQ(EventCount(placement.name(), "placement.trial_recorded"), 1);
  EXPECT_EQ(EventCount(placement.name(), "placement.ended"), 1);

  placement_->RunDueTasks();
  ExpectReplacedFromThePool(placement.name(), cy.name(), role.name(), pool);

  // Ended: no more outcomes, and the message says why.
  pv1::Placement refused;
  status = RecordTrial(TrialOutcome(placement.name(), pv1::TrialOutcome::PASSED), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::PLACEMENT_ENDED));
  EXPECT_THAT(status.error_message(), HasSubstr("its trial was recorded as FAILED"));
}

TEST_F(PlacementApiTest, AFailedTrialOutsideTheGuaranteeJustEnds) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate gil = AddCandidate("gil");
  AddCandidate("hana");
  // A 30-day guarantee, to 31 March; the trial runs to 9 April.
  const pv1::Placement placement = PlaceWithTrial(Hire(role, gil), Day(2027, 4, 9), 30);
  placement_->RunDueTasks();
  const int submissions_before = SubmissionsFor(role.name());

  placement_->SetNow(Utc(2027, 4, 9, 20));
  pv1::RecordTrialOutcomeRequest failed = TrialOutcome(placement.name(), pv1::TrialOutcome::FAILED);
  failed.set_end_reason(pv1::PERFORMANCE);
  pv1::Placement ended;
  grpc::Status status = RecordTrial(failed, &ended);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ended.state(), pv1::Placement::ENDED);
  EXPECT_EQ(ended.end_reason(), pv1::PERFORMANCE);
  EXPECT_FALSE(ended.has_replacement()) << "outside the guarantee: no replacement";

  EXPECT_EQ(placement_->RunDueTasks(), 1);
  EXPECT_EQ(CandidateState(gil.name()), tv1::Candidate::AVAILABLE);
  EXPECT_EQ(RoleState(role.name()), iv1::Role::FILLED) << "the role is not reopened";
  EXPECT_EQ(SubmissionsFor(role.name()), submissions_before) << "nobody is put forward";
  EXPECT_FALSE(Get(placement.name()).has_replacement());
}

TEST_F(PlacementApiTest, ATrialOutcomeNeedsATrialAndARunningPlacement) {
  // No trial_end.
  pv1::Placement no_trial;
  ASSERT_TRUE(Place(Hire(CreateRole(), AddCandidate("ian")), &no_trial).ok());
  pv1::Placement refused;
  grpc::Status status =
      RecordTrial(TrialOutcome(no_trial.name(), pv1::TrialOutcome::PASSED), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::ILLEGAL_STATE_TRANSITION));
  EXPECT_THAT(status.error_message(), HasSubstr("has no trial (no trial_end)"));
  EXPECT_EQ(ErrorMetadataOf(status)["from"], "NO_TRIAL");
  EXPECT_EQ(ErrorMetadataOf(status)["to"], "PASSED");
  EXPECT_FALSE(Get(no_trial.name()).has_trial());

  // Ended by EndPlacement, with its trial still open.
  const pv1::Placement ended =
      PlaceWithTrial(Hire(CreateRole(), AddCandidate("jo")), Day(2027, 3, 31));
  pv1::EndPlacementRequest end;
  end.set_name(ended.name());
  end.set_reason(pv1::BUDGET);
  pv1::Placement end_response;
  ASSERT_TRUE(stub_->EndPlacement(Context().get(), end, &end_response).ok());
  status = RecordTrial(TrialOutcome(ended.name(), pv1::TrialOutcome::PASSED), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::PLACEMENT_ENDED));
  EXPECT_THAT(status.error_message(), HasSubstr("has ended"));

  // No such placement.
  status = RecordTrial(
      TrialOutcome("placements/00000000-0000-4000-8000-000000000000", pv1::TrialOutcome::PASSED),
      &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PlacementApiTest, ARetriedTrialOutcomeReturnsTheFirstAndMakesNothingTwice) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate kai = AddCandidate("kai");
  for (const char* name : {"lin", "mo"}) AddCandidate(name);
  const pv1::Placement placement = PlaceWithTrial(Hire(role, kai), Day(2027, 3, 31));
  placement_->RunDueTasks();
  const int submissions_before = SubmissionsFor(role.name());

  placement_->SetNow(Utc(2027, 4, 1, 12));
  pv1::RecordTrialOutcomeRequest failed = TrialOutcome(placement.name(), pv1::TrialOutcome::FAILED);
  failed.set_end_reason(pv1::CANDIDATE_LEFT);
  failed.set_request_id("6f1c0e2a-3d7b-4c55-9a41-0d2f7f6c1b11");
  pv1::Placement first;
  ASSERT_TRUE(RecordTrial(failed, &first).ok());
  placement_->SetNow(Utc(2027, 4, 2, 12));
  pv1::Placement retried;
  grpc::Status status = RecordTrial(failed, &retried);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(first, retried))
      << first.DebugString() << " vs " << retried.DebugString();
  // The same id with another request is refused.
  pv1::RecordTrialOutcomeRequest other = failed;
  other.set_end_reason(pv1::PERFORMANCE);
  status = RecordTrial(other, &retried);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), ::testing::Contains(::testing::Key("request_id")));

  // One outcome, one end, one follow-up task, one replacement shortlist.
  EXPECT_EQ(EventCount(placement.name(), "placement.trial_recorded"), 1);
  EXPECT_EQ(EventCount(placement.name(), "placement.ended"), 1);
  EXPECT_EQ(placement_->RunDueTasks(), 1);
  EXPECT_EQ(placement_->RunDueTasks(), 0);
  EXPECT_EQ(SubmissionsFor(role.name()), submissions_before + 2);
}

TEST_F(PlacementApiTest, AStaleEtagIsAborted) {
  const pv1::Placement placement =
      PlaceWithTrial(Hire(CreateRole(), AddCandidate("ned")), Day(2027, 3, 31));
  pv1::RecordTrialOutcomeRequest extend =
      TrialOutcome(placement.name(), pv1::TrialOutcome::EXTENDED);
  *extend.mutable_new_trial_end() = Day(2027, 4, 30);
  extend.set_etag(placement.etag());
  pv1::Placement extended;
  ASSERT_TRUE(RecordTrial(extend, &extended).ok());

  // Someone else's change came first: the etag read before it is stale.
  pv1::RecordTrialOutcomeRequest pass = TrialOutcome(placement.name(), pv1::TrialOutcome::PASSED);
  pass.set_etag(placement.etag());
  pv1::Placement refused;
  grpc::Status status = RecordTrial(pass, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::ETAG_MISMATCH));
  EXPECT_EQ(Get(placement.name()).trial().outcome(), pv1::TrialOutcome::EXTENDED);
  pass.set_etag(extended.etag());
  ASSERT_TRUE(RecordTrial(pass, &refused).ok());
}

TEST_F(PlacementApiTest, InvalidTrialOutcomesNameTheField) {
  const pv1::Placement placement =
      PlaceWithTrial(Hire(CreateRole(), AddCandidate("oz")), Day(2027, 3, 31));
  const auto expect_invalid = [&](const pv1::RecordTrialOutcomeRequest& request,
                                  const std::string& field, const std::string& says) {
    pv1::Placement response;
    grpc::Status status = RecordTrial(request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_THAT(ViolationsOf(status), ::testing::Contains(::testing::Pair(field, HasSubstr(says))))
        << status.error_message();
  };
  using Outcome = pv1::TrialOutcome;

  expect_invalid(TrialOutcome("placement/x", Outcome::PASSED), "name", "");
  expect_invalid(TrialOutcome(placement.name(), Outcome::OUTCOME_UNSPECIFIED), "outcome",
                 "PASSED, EXTENDED or FAILED");
  expect_invalid(TrialOutcome(placement.name(), static_cast<Outcome::Outcome>(9)), "outcome",
                 "PASSED, EXTENDED or FAILED");

  pv1::RecordTrialOutcomeRequest extend = TrialOutcome(placement.name(), Outcome::EXTENDED);
  expect_invalid(extend, "new_trial_end", "required with EXTENDED");
  *extend.mutable_new_trial_end() = Day(2027, 2, 30);
  expect_invalid(extend, "new_trial_end", "real date");
  // Not after the current end (checked against the placement).
  *extend.mutable_new_trial_end() = Day(2027, 3, 31);
  expect_invalid(extend, "new_trial_end", "after the current trial_end, 2027-03-31");
  *extend.mutable_new_trial_end() = Day(2027, 3, 20);
  expect_invalid(extend, "new_trial_end", "after the current trial_end");

  pv1::RecordTrialOutcomeRequest pass = TrialOutcome(placement.name(), Outcome::PASSED);
  *pass.mutable_new_trial_end() = Day(2027, 4, 30);
  expect_invalid(pass, "new_trial_end", "only for EXTENDED");
  pass.clear_new_trial_end();
  pass.set_end_reason(pv1::PERFORMANCE);
  expect_invalid(pass, "end_reason", "only for FAILED");
  pass.clear_end_reason();
  pass.set_notes("bell\a");
  expect_invalid(pass, "notes", "no control characters");
  pass.set_notes(std::string(4001, 'x'));
  expect_invalid(pass, "notes", "at most 4000 characters");

  pv1::RecordTrialOutcomeRequest fail = TrialOutcome(placement.name(), Outcome::FAILED);
  expect_invalid(fail, "end_reason", "required with FAILED");
  fail.set_end_reason(static_cast<pv1::EndReason>(42));
  expect_invalid(fail, "end_reason", "required with FAILED");

  // None of it changed the placement.
  const pv1::Placement after = Get(placement.name());
  EXPECT_EQ(after.etag(), placement.etag());
  EXPECT_FALSE(after.has_trial());
}

TEST_F(PlacementApiTest, ATrialPastItsEndIsARiskUntilItsOutcomeIsRecorded) {
  // The trial's last day is Friday 12 March; the check-ins of 8 and 15 March go well, so that
  // the trial is the only risk.
  const pv1::Placement placement =
      PlaceWithTrial(Hire(CreateRole(), AddCandidate("pat")), Day(2027, 3, 12));
  const std::vector<pv1::CheckIn> check_ins = CheckIns(placement.name());
  ASSERT_TRUE(Record(check_ins[0].name(), 4, 4).ok());
  ASSERT_TRUE(Record(check_ins[1].name(), 4, 4).ok());

  // Sunday 14 March, noon in New York: two days after, not yet a risk.
  placement_->SetNow(Utc(2027, 3, 14, 16));
  pv1::Placement read = Get(placement.name());
  EXPECT_EQ(read.state(), pv1::Placement::ACTIVE);
  EXPECT_THAT(read.health().reasons(), ::testing::IsEmpty());

  // Monday 15 March: three days after.
  placement_->SetNow(Utc(2027, 3, 15, 16));
  read = Get(placement.name());
  EXPECT_EQ(read.state(), pv1::Placement::AT_RISK);
  EXPECT_THAT(read.health().reasons(),
              ::testing::ElementsAre("trial ended 3 days ago with no outcome"));
  EXPECT_EQ(read.health().score(), 75);
  pv1::ListPlacementsRequest at_risk;
  at_risk.set_filter("at_risk = true");
  pv1::ListPlacementsResponse listed;
  ASSERT_TRUE(stub_->ListPlacements(Context().get(), at_risk, &listed).ok());
  ASSERT_THAT(listed.placements(), SizeIs(1));
  EXPECT_EQ(listed.placements(0).name(), placement.name());

  // Extended to 31 March: the risk goes, and comes back three days after the new end.
  pv1::RecordTrialOutcomeRequest extend =
      TrialOutcome(placement.name(), pv1::TrialOutcome::EXTENDED);
  *extend.mutable_new_trial_end() = Day(2027, 3, 31);
  pv1::Placement extended;
  ASSERT_TRUE(RecordTrial(extend, &extended).ok());
  EXPECT_EQ(extended.state(), pv1::Placement::ACTIVE);
  EXPECT_THAT(extended.health().reasons(), ::testing::IsEmpty());
  placement_->SetNow(Utc(2027, 4, 3, 16));
  read = Get(placement.name());
  EXPECT_EQ(read.state(), pv1::Placement::AT_RISK);
  EXPECT_THAT(read.health().reasons(),
              ::testing::ElementsAre("trial ended 3 days ago with no outcome"));

  // PASSED: gone for good.
  pv1::Placement passed;
  ASSERT_TRUE(RecordTrial(TrialOutcome(placement.name(), pv1::TrialOutcome::PASSED), &passed).ok());
  EXPECT_EQ(passed.state(), pv1::Placement::ACTIVE);
  EXPECT_THAT(passed.health().reasons(), ::testing::IsEmpty());
  placement_->SetNow(Utc(2027, 4, 4, 16));
  EXPECT_THAT(Get(placement.name()).health().reasons(), ::testing::IsEmpty());
}

// ---------------------------------------------------------------------------------------
// Erasure across services (issue 17): a placed person cannot be erased; once erased, the
// placement service's notes about them go too, and no table and no log line holds them.

constexpr char kPersonName[] = "Ana Pereira";
constexpr char kPersonEmail[] = "ana.pereira@example.com";
constexpr char kPersonPhone[] = "+351 912 000 111";
constexpr char kPersonPhoneDigits[] = "351912000111";

class ErasureApiTest : public PlacementApiTest {
 protected:
  tv1::Candidate AddPerson() {
    tv1::CreateCandidateRequest request;
    *request.mutable_candidate() = Candidate(kPersonName, kPersonEmail, "PT", "Europe/Lisbon");
    request.mutable_candidate()->set_phone(kPersonPhone);
    request.mutable_candidate()->set_notes("Met Ana Pereira at a meetup in Porto.");
    tv1::Candidate created;
    grpc::Status status = talent_stub_->CreateCandidate(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  // A placement of the person with a check-in whose notes and next steps name them.
  pv1::Placement PlaceWithNotes(const tv1::Candidate& person) {
    pv1::Placement placement;
    EXPECT_TRUE(Place(Hire(CreateRole(), person), &placement).ok());
    pv1::RecordCheckInRequest record;
    record.set_name(CheckIns(placement.name())[0].name());
    record.set_client_rating(5);
    record.set_candidate_rating(4);
    record.set_notes(absl::StrCat("Ana Pereira (", kPersonEmail, ") is settling in well."));
    record.set_next_steps(absl::StrCat("Call Ana Pereira on ", kPersonPhone, " next month."));
    pv1::CheckIn recorded;
    grpc::Status status = stub_->RecordCheckIn(Context().get(), record, &recorded);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return placement;
  }

  // Releases the candidate at talent while their placement is still ACTIVE (what a recruiter
  // can do by hand), then erases them.
  grpc::Status ReleaseByHandAndErase(const std::string& candidate) {
    tv1::ReleaseCandidateRequest release;
    release.set_name(candidate);
    tv1::Candidate released;
    grpc::Status status = talent_stub_->ReleaseCandidate(Context().get(), release, &released);
    return status.ok() ? Erase(candidate) : status;
  }

  grpc::Status Erase(const std::string& candidate) {
    tv1::DeleteCandidateRequest request;
    request.set_name(candidate);
    google::protobuf::Empty empty;
    return talent_stub_->DeleteCandidate(Context().get(), request, &empty);
  }

  // Every row of every table of Meridian's schemas whose text holds `needle` ("schema.table"
  // for each).
  std::vector<std::string> TablesHolding(const std::string& needle) {
    pqxx::connection connection(database_.url());
    pqxx::read_transaction tx(connection);
    std::vector<std::string> found;
    for (const pqxx::row& table :
         tx.exec("SELECT table_schema, table_name FROM information_schema.tables WHERE "
                 "table_schema IN ('intake', 'talent', 'placement', 'shared', 'meridian') AND "
                 "table_type = 'BASE TABLE' ORDER BY 1, 2")) {
      const std::string name = absl::StrCat(tx.quote_name(table[0].as<std::string>()), ".",
                                            tx.quote_name(table[1].as<std::string>()));
      if (tx.exec_params1(absl::StrCat("SELECT count(*) FROM ", name, " t WHERE t::text ILIKE $1"),
                          absl::StrCat("%", needle, "%"))[0]
              .as<int>() > 0) {
        found.push_back(name);
      }
    }
    return found;
  }
};

TEST_F(ErasureApiTest, APlacedPersonIsErasedOnlyAfterThePlacementEnds) {
  const tv1::Candidate person = AddPerson();
  const pv1::Placement placement = PlaceWithNotes(person);

  grpc::Status status = Erase(person.name());
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::CANDIDATE_PLACED));
  EXPECT_THAT(status.error_message(), HasSubstr("end the placement first"));
  EXPECT_EQ(Get(placement.name()).state(), pv1::Placement::ACTIVE);

  pv1::EndPlacementRequest end;
  end.set_name(placement.name());
  end.set_reason(pv1::CONTRACT_COMPLETED);
  end.set_note(absl::StrCat("Ana Pereira moves on; write to ", kPersonEmail));
  pv1::Placement ended;
  ASSERT_TRUE(stub_->EndPlacement(Context().get(), end, &ended).ok());
  placement_->RunDueTasks();  // releases the candidate at talent
  ASSERT_EQ(CandidateState(person.name()), tv1::Candidate::AVAILABLE);

  status = Erase(person.name());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(placement_->ApplyErasures(), 1);
  EXPECT_EQ(placement_->ApplyErasures(), 0) << "an erasure is applied once";

  // The history still adds up: the placement, its end and the ratings stay.
  const pv1::Placement after = Get(placement.name());
  EXPECT_EQ(after.state(), pv1::Placement::ENDED);
  EXPECT_EQ(after.end_reason(), pv1::CONTRACT_COMPLETED);
  EXPECT_EQ(after.end_note(), "");
  const std::vector<pv1::CheckIn> check_ins = CheckIns(placement.name());
  EXPECT_EQ(check_ins[0].client_rating(), 5);
  EXPECT_EQ(check_ins[0].notes(), "");
  EXPECT_EQ(check_ins[0].next_steps(), "");
  // The agenda no longer names the person; the role and the client stay.
  EXPECT_EQ(after.candidate_display_name(), "");
  EXPECT_EQ(check_ins[0].candidate_display_name(), "");
  EXPECT_EQ(check_ins[0].role_title(), "Backend developer");
  EXPECT_EQ(check_ins[0].client_display_name(), "Acme Robotics");
  // Nor do the check-ins' events (notes and the name on the recorded one).
  {
    pqxx::connection connection(database_.url());
    pqxx::read_transaction tx(connection);
    EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM events.events WHERE body ? 'check_in' AND "
                              "body::text ILIKE $1",
                              absl::StrCat("%", kPersonName, "%"))[0]
                  .as<int>(),
              0);
  }

  for (const std::string& needle :
       {std::string(kPersonName), std::string(kPersonEmail), std::string(kPersonPhone),
        std::string(kPersonPhoneDigits), std::string("Porto"), std::string("settling in")}) {
    EXPECT_THAT(TablesHolding(needle), ::testing::IsEmpty()) << needle;
  }
}

// A trial's notes are free text about the person too: they go with the erasure, from the
// placement and from the events that showed it.
TEST_F(ErasureApiTest, ATrialsNotesAreErasedWithThePerson) {
  // Events whose body holds `needle`.
  const auto events_holding = [&](const std::string& needle) {
    pqxx::connection connection(database_.url());
    pqxx::read_transaction tx(connection);
    return tx
        .exec_params1("SELECT count(*) FROM events.events WHERE body::text ILIKE $1",
                      absl::StrCat("%", needle, "%"))[0]
        .as<int>();
  };
  const tv1::Candidate person = AddPerson();
  const pv1::Placement placement = PlaceWithTrial(Hire(CreateRole(), person), Day(2027, 3, 31));
  pv1::RecordTrialOutcomeRequest extend =
      TrialOutcome(placement.name(), pv1::TrialOutcome::EXTENDED);
  *extend.mutable_new_trial_end() = Day(2027, 4, 30);
  extend.set_notes("Ana Pereira asked for more time on the payments work.");
  pv1::Placement changed;
  ASSERT_TRUE(RecordTrial(extend, &changed).ok());
  pv1::RecordTrialOutcomeRequest fail = TrialOutcome(placement.name(), pv1::TrialOutcome::FAILED);
  fail.set_end_reason(pv1::BUDGET);
  fail.set_notes(absl::StrCat("Budget cut; Ana Pereira (", kPersonEmail, ") was told."));
  ASSERT_TRUE(RecordTrial(fail, &changed).ok());
  // The extension's notes live on in its event; the failure's in the placement too.
  EXPECT_EQ(events_holding("payments work"), 1);
  EXPECT_THAT(TablesHolding("Budget cut"), ::testing::Not(::testing::IsEmpty()));
  placement_->RunDueTasks();  // releases the candidate at talent
  ASSERT_TRUE(Erase(person.name()).ok());
  EXPECT_EQ(placement_->ApplyErasures(), 1);

  const pv1::Placement after = Get(placement.name());
  EXPECT_EQ(after.trial().outcome(), pv1::TrialOutcome::FAILED) << "the outcome stays";
  EXPECT_EQ(after.trial().notes(), "");
  EXPECT_EQ(after.end_note(), "");
  for (const char* needle : {kPersonName, kPersonEmail, "payments work", "Budget cut"}) {
    EXPECT_THAT(TablesHolding(needle), ::testing::IsEmpty()) << needle;
    EXPECT_EQ(events_holding(needle), 0) << needle;
  }
}

// A candidate released by hand and then erased while the placement is still ACTIVE: the
// placement ends (reason OTHER, no replacement) when the erasure reaches it.
TEST_F(ErasureApiTest, AnErasureEndsAPlacementLeftActive) {
  const tv1::Candidate person = AddPerson();
  const pv1::Placement placement = PlaceWithNotes(person);
  ASSERT_TRUE(ReleaseByHandAndErase(person.name()).ok());

  EXPECT_EQ(placement_->ApplyErasures(), 1);
  const pv1::Placement after = Get(placement.name());
  EXPECT_EQ(after.state(), pv1::Placement::ENDED);
  EXPECT_EQ(after.end_reason(), pv1::OTHER);
  EXPECT_FALSE(after.has_replacement());
  EXPECT_EQ(CheckIns(placement.name())[0].notes(), "");
  EXPECT_THAT(CheckIns("placements/-"), ::testing::IsEmpty()) << "nobody is left to follow up";
}

// The erasure feed is durable: erasures made while the placement service did not read it are
// applied when it does, and a talent outage only delays them.
TEST_F(ErasureApiTest, ErasuresMadeWhileTalentWasUnreachableAreAppliedLater) {
  const tv1::Candidate person = AddPerson();
  const pv1::Placement placement = PlaceWithNotes(person);
  ASSERT_TRUE(ReleaseByHandAndErase(person.name()).ok());

  talent_.reset();
  EXPECT_EQ(placement_->ApplyErasures(), 0);
  EXPECT_NE(CheckIns(placement.name())[0].notes(), "");
  talent_ = std::make_unique<TalentTestServer>(database_.url(), intake_->address(), talent_port_);
  int applied = 0;
  WaitUntil([&] { return (applied = placement_->ApplyErasures()) != 0; }, absl::Seconds(20),
            absl::Milliseconds(100));
  EXPECT_EQ(applied, 1);
  EXPECT_EQ(CheckIns(placement.name())[0].notes(), "");
}

// No email, phone or free text reaches a log line: the whole loop, a unique-index race that
// PostgreSQL reports with the email in its DETAIL, and the erasure, with every line captured.
TEST_F(ErasureApiTest, PersonalDataNeverReachesTheLogs) {
  log::SetMinSeverity(log::Severity::kDebug);
  ::testing::internal::CaptureStdout();
  const tv1::Candidate person = AddPerson();

  // A concurrent insert of the same person, not yet committed when the create runs: the
  // create's duplicate check cannot see it, its insert waits on the unique index and fails
  // with a unique violation once the other transaction commits.
  {
    pqxx::connection connection(database_.url());
    pqxx::work other(connection);
    other.exec_params(
        "INSERT INTO talent.candidates (id, state, email_key, phone_key, country, body) "
        "VALUES ('racer', 'AVAILABLE', $1, $2, 'PT', '{}'::jsonb)",
        "bruno.costa@example.com", "351913000222");
    grpc::Status raced;
    std::thread create([&] {
      tv1::CreateCandidateRequest request;
      *request.mutable_candidate() =
          Candidate("Bruno Costa", "bruno.costa@example.com", "PT", "Europe/Lisbon");
      request.mutable_candidate()->set_phone("+351 913 000 222");
      tv1::Candidate created;
      raced = talent_stub_->CreateCandidate(Context().get(), request, &created);
    });
    // Until the create waits on our row's index entry (the checks below tell whether the race
    // happened).
    WaitForLockWaiter(database_, absl::Seconds(10));
    other.commit();
    create.join();
    EXPECT_EQ(raced.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  }

  const pv1::Placement placement = PlaceWithNotes(person);
  EXPECT_EQ(Erase(person.name()).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  pv1::EndPlacementRequest end;
  end.set_name(placement.name());
  end.set_reason(pv1::CANDIDATE_LEFT);
  end.set_note("Ana Pereira left for a local job.");
  pv1::Placement ended;
  ASSERT_TRUE(stub_->EndPlacement(Context().get(), end, &ended).ok());
  RunTasksUntilReplacementSettles(placement.name());
  ASSERT_TRUE(Erase(person.name()).ok());
  EXPECT_EQ(placement_->ApplyErasures(), 1);
  const std::string logs = ::testing::internal::GetCapturedStdout();
  log::SetMinSeverity(log::Severity::kInfo);

  EXPECT_THAT(logs, HasSubstr("unique violation")) << "the race did not happen";
  for (const char* needle :
       {kPersonName, kPersonEmail, kPersonPhone, kPersonPhoneDigits, "Porto", "settling in",
        "bruno.costa", "Bruno Costa", "351913000222", "913 000 222", "local job"}) {
    EXPECT_THAT(logs, Not(HasSubstr(needle))) << needle;
  }
}

// gRPC's generated service parsed requests itself and answered INTERNAL with an empty message
// when that failed: the caller could not tell its own mistake from an outage.
TEST_F(PlacementApiTest, MalformedRequestBytesAreInvalidArgumentOnEveryMethod) {
  ExpectEveryMethodRefusesMalformedBytes(placement_->channel(),
                                         "meridian.placement.v1.PlacementService", 8);
  pv1::RecordCheckInRequest record;
  record.set_name("placements/x/checkIns/y");
  record.set_notes("went well");
  grpc::Status status =
      CallWithBytes(placement_->channel(), "/meridian.placement.v1.PlacementService/RecordCheckIn",
                    WithInvalidUtf8(record, "well"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "request is not a valid meridian.placement.v1.RecordCheckInRequest message: notes "
            "is not valid UTF-8");
}

// PostgreSQL refused such times ("timestamp out of range") and the caller got INTERNAL.
// The epoch is a time like any other: `due_before = 1970-01-01T00:00:00Z` was read as "no
// bound" and listed every check-in.
TEST_F(PlacementApiTest, DueBeforeTheEpochListsNothing) {
  pv1::Placement placement;
  ASSERT_TRUE(Place(Hire(CreateRole(), AddCandidate("eve")), &placement).ok());
  EXPECT_THAT(CheckIns("placements/-"), SizeIs(5));
  EXPECT_THAT(CheckIns("placements/-", "due_before = 1970-01-01T00:00:00Z"), SizeIs(0));
  EXPECT_THAT(CheckIns(placement.name(), "due_before = 1970-01-01T00:00:00Z"), SizeIs(0));
}

TEST_F(PlacementApiTest, AgendaTimesOutsideTheApiRangeAreInvalidArgument) {
  for (const char* due_before :
       {"-5000-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "infinite-future",
        "infinite-past", "2027-02-30T00:00:00Z"}) {
    pv1::ListCheckInsRequest request;
    request.set_parent("placements/-");
    request.set_filter(absl::StrCat("due_before = ", due_before));
    pv1::ListCheckInsResponse response;
    grpc::Status status = stub_->ListCheckIns(Context().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << due_before;
    EXPECT_THAT(ViolationsOf(status),
                ::testing::Contains(::testing::Pair("filter", HasSubstr("0001-01-01T00:00:00Z"))))
        << due_before;
  }
  // The ends of the range are fine.
  EXPECT_THAT(CheckIns("placements/-", "due_before = 0001-01-01T00:00:00Z"), SizeIs(0));
  EXPECT_THAT(CheckIns("placements/-", "due_before = 9999-12-31T23:59:59.999999999Z"), SizeIs(0));

  // A page token's check is no secret: one made by hand with a far time is refused too.
  pv1::ListCheckInsRequest forged;
  forged.set_parent("placements/-");
  forged.set_page_token(EncodeOpaqueToken("-9223372036854775808/x", "ListCheckIns|placements/-|"));
  pv1::ListCheckInsResponse response;
  grpc::Status status = stub_->ListCheckIns(Context().get(), forged, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), ::testing::Contains(::testing::Key("page_token")));

  pv1::RescheduleCheckInRequest reschedule;
  reschedule.set_name(
      "placements/00000000-0000-4000-8000-000000000000/checkIns/"
      "00000000-0000-4000-8000-000000000000");
  for (const auto& [seconds, nanos] : std::vector<std::pair<int64_t, int32_t>>{
           {-62135596801, 0}, {253402300800, 0}, {1800000000, -1}, {1800000000, 1000000000}}) {
    reschedule.mutable_due_time()->set_seconds(seconds);
    reschedule.mutable_due_time()->set_nanos(nanos);
    pv1::CheckIn moved;
    status = stub_->RescheduleCheckIn(Context().get(), reschedule, &moved);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << seconds;
    EXPECT_THAT(ViolationsOf(status), ::testing::Contains(::testing::Key("due_time")));
  }

  pv1::CreatePlacementRequest create;
  const std::string id = "00000000-0000-4000-8000-000000000000";
  create.mutable_placement()->set_submission(
      absl::StrCat("clients/", id, "/roles/", id, "/submissions/", id));
  create.mutable_placement()->mutable_start_date()->set_year(10000);
  create.mutable_placement()->mutable_start_date()->set_month(1);
  create.mutable_placement()->mutable_start_date()->set_day(1);
  create.mutable_placement()->mutable_trial_end()->set_year(2027);
  create.mutable_placement()->mutable_trial_end()->set_month(2);
  create.mutable_placement()->mutable_trial_end()->set_day(29);
  pv1::Placement placement;
  status = stub_->CreatePlacement(Context().get(), create, &placement);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), ::testing::Contains(::testing::Key("placement.start_date")));
  EXPECT_THAT(ViolationsOf(status), ::testing::Contains(::testing::Key("placement.trial_end")));
}

}  // namespace
}  // namespace meridian::testing
