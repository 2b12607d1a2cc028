// The hiring pipeline through real gRPC servers of intake and talent over a real
// PostgreSQL: submissions, every illegal move, and the candidate's state following along.
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/intake/intake_test_server.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;
namespace tv1 = talent::v1;
namespace iv1 = intake::v1;

class PipelineApiTest : public ::testing::Test {
 protected:
  PipelineApiTest()
      : intake_(database_.url()),
        talent_(database_.url(), intake_.address()),
        intake_stub_(intake_.NewStub()),
        stub_(talent_.NewStub()) {
    iv1::CreateClientRequest request;
    *request.mutable_client() = ValidClient();
    EXPECT_TRUE(intake_stub_->CreateClient(Context().get(), request, &client_).ok());
  }

  iv1::Role CreateRole() {
    iv1::CreateRoleRequest request;
    request.set_parent(client_.name());
    *request.mutable_role() = BackendDeveloperRole();
    iv1::Role created;
    EXPECT_TRUE(intake_stub_->CreateRole(Context().get(), request, &created).ok());
    return created;
  }

  tv1::Candidate AddCandidate(const std::string& email) {
    tv1::CreateCandidateRequest request;
    *request.mutable_candidate() = Candidate("Ana Lisbon", email, "PT", "Europe/Lisbon");
    tv1::Candidate created;
    EXPECT_TRUE(stub_->CreateCandidate(Context().get(), request, &created).ok());
    // The match score is computed from the index: let it see the candidate first.
    talent_.WaitForIndex();
    return created;
  }

  grpc::Status Submit(const std::string& role, const std::string& candidate,
                      tv1::Submission* created, const std::string& request_id = "") {
    tv1::CreateSubmissionRequest request;
    request.set_parent(role);
    request.mutable_submission()->set_candidate(candidate);
    request.set_request_id(request_id);
    return stub_->CreateSubmission(Context().get(), request, created);
  }

  grpc::Status Advance(const std::string& name, tv1::Submission::Stage stage,
                       tv1::Submission* result, const std::string& reason = "",
                       const std::string& override_reason = "") {
    tv1::AdvanceSubmissionRequest request;
    request.set_name(name);
    request.set_stage(stage);
    request.set_override_reason(override_reason);
    request.set_note("client liked the system design answer");
    request.set_rejection_reason(reason);
    return stub_->AdvanceSubmission(Context().get(), request, result);
  }

  tv1::Candidate::State StateOf(const std::string& candidate) {
    tv1::GetCandidateRequest request;
    request.set_name(candidate);
    tv1::Candidate fetched;
    EXPECT_TRUE(stub_->GetCandidate(Context().get(), request, &fetched).ok());
    return fetched.state();
  }

  TestDatabase database_;
  IntakeTestServer intake_;
  TalentTestServer talent_;
  std::unique_ptr<iv1::IntakeService::Stub> intake_stub_;
  std::unique_ptr<tv1::TalentService::Stub> stub_;
  iv1::Client client_;
};

TEST_F(PipelineApiTest, ACandidateGoesFromSourcedToHiredAndLeavesTheMarket) {
  const iv1::Role role = CreateRole();
  const iv1::Role other_role = CreateRole();
  const tv1::Candidate candidate = AddCandidate("ana@example.com");

  tv1::Submission submission;
  grpc::Status status = Submit(role.name(), candidate.name(), &submission);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(submission.name(), HasSubstr(role.name() + "/submissions/"));
  EXPECT_EQ(submission.stage(), tv1::Submission::SOURCED);
  EXPECT_GT(submission.match_score(), 0);
  EXPECT_THAT(submission.match_factors(), SizeIs(8));
  // A list shows who and for what, not only ids.
  EXPECT_EQ(submission.candidate_display_name(), "Ana Lisbon");
  EXPECT_EQ(submission.role_title(), "Backend developer");
  EXPECT_EQ(StateOf(candidate.name()), tv1::Candidate::INTERVIEWING);

  tv1::Submission elsewhere;
  ASSERT_TRUE(Submit(other_role.name(), candidate.name(), &elsewhere).ok());

  tv1::Submission moved;
  // Skipping a stage is fine.
  ASSERT_TRUE(Advance(submission.name(), tv1::Submission::CLIENT_INTERVIEW, &moved).ok());
  // No interview was held in Meridian: the offer says why (interview_api_test has the rule).
  ASSERT_TRUE(Advance(submission.name(), tv1::Submission::OFFER, &moved, "",
                      "the client interviewed in person")
                  .ok());
  EXPECT_EQ(moved.history(2).override_reason(), "the client interviewed in person");
  ASSERT_TRUE(Advance(submission.name(), tv1::Submission::HIRED, &moved).ok());
  ASSERT_THAT(moved.history(), SizeIs(4));
  EXPECT_EQ(moved.history(3).stage(), tv1::Submission::HIRED);
  // The history names the key that made the move, never free text from the request.
  EXPECT_TRUE(absl::StartsWith(moved.history(3).actor(), "apiKeys/")) << moved.history(3).actor();
  EXPECT_EQ(StateOf(candidate.name()), tv1::Candidate::PLACED);

  // The candidate's other process ended with the hire.
  tv1::GetSubmissionRequest get;
  get.set_name(elsewhere.name());
  tv1::Submission withdrawn;
  ASSERT_TRUE(stub_->GetSubmission(Context().get(), get, &withdrawn).ok());
  EXPECT_EQ(withdrawn.stage(), tv1::Submission::WITHDRAWN);

  // A placed candidate is out of search and cannot be put forward again.
  tv1::Submission refused;
  status = Submit(other_role.name(), candidate.name(), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  tv1::ListSubmissionsRequest list;
  list.set_parent("clients/-/roles/-");
  list.set_filter(absl::StrCat("candidate = ", candidate.name()));
  tv1::ListSubmissionsResponse listed;
  ASSERT_TRUE(stub_->ListSubmissions(Context().get(), list, &listed).ok());
  EXPECT_THAT(listed.submissions(), SizeIs(2));
  list.set_filter(absl::StrCat("candidate = ", candidate.name(), " AND stage = HIRED"));
  ASSERT_TRUE(stub_->ListSubmissions(Context().get(), list, &listed).ok());
  ASSERT_THAT(listed.submissions(), SizeIs(1));
  EXPECT_EQ(listed.submissions(0).name(), submission.name());
  EXPECT_EQ(listed.submissions(0).candidate_display_name(), "Ana Lisbon");
}

TEST_F(PipelineApiTest, ASubmissionNamesTheClientAsItWasWhenTheCandidateWasPutForward) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate candidate = AddCandidate("ana@example.com");
  tv1::Submission submission;
  grpc::Status status = Submit(role.name(), candidate.name(), &submission);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // Read from intake with the role, as the role's title is.
  ASSERT_FALSE(client_.display_name().empty());
  EXPECT_EQ(submission.client_display_name(), client_.display_name());

  // The client is renamed afterwards: the submission keeps the name it was made under.
  iv1::UpdateClientRequest rename;
  *rename.mutable_client() = client_;
  rename.mutable_client()->set_display_name("Renamed Robotics");
  rename.mutable_update_mask()->add_paths("display_name");
  iv1::Client renamed;
  ASSERT_TRUE(intake_stub_->UpdateClient(Context().get(), rename, &renamed).ok());

  tv1::GetSubmissionRequest get;
  get.set_name(submission.name());
  tv1::Submission fetched;
  ASSERT_TRUE(stub_->GetSubmission(Context().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.client_display_name(), client_.display_name());
  EXPECT_EQ(fetched.role_title(), "Backend developer");
  EXPECT_EQ(fetched.candidate_display_name(), "Ana Lisbon");

  tv1::ListSubmissionsRequest list;
  list.set_parent(role.name());
  tv1::ListSubmissionsResponse listed;
  ASSERT_TRUE(stub_->ListSubmissions(Context().get(), list, &listed).ok());
  ASSERT_THAT(listed.submissions(), SizeIs(1));
  EXPECT_EQ(listed.submissions(0).client_display_name(), client_.display_name());

  // It survives a move (the body is rewritten then).
  tv1::Submission moved;
  ASSERT_TRUE(Advance(submission.name(), tv1::Submission::SHORTLISTED, &moved).ok());
  EXPECT_EQ(moved.client_display_name(), client_.display_name());
}

TEST_F(PipelineApiTest, EveryIllegalMoveIsRefused) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate candidate = AddCandidate("bea@example.com");
  tv1::Submission submission;
  ASSERT_TRUE(Submit(role.name(), candidate.name(), &submission).ok());

  // One open submission per candidate and role.
  tv1::Submission twice;
  grpc::Status status = Submit(role.name(), candidate.name(), &twice);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ErrorMetadataOf(status)["existing_submission"], submission.name());

  tv1::Submission moved;
  ASSERT_TRUE(Advance(submission.name(), tv1::Submission::CLIENT_INTERVIEW, &moved).ok());
  status = Advance(submission.name(), tv1::Submission::SHORTLISTED, &moved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("OFFER, HIRED, REJECTED, WITHDRAWN"));
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::ILLEGAL_STATE_TRANSITION));
  EXPECT_EQ(ErrorMetadataOf(status)["from"], "CLIENT_INTERVIEW");
  EXPECT_EQ(ErrorMetadataOf(status)["to"], "SHORTLISTED");
  EXPECT_EQ(Advance(submission.name(), tv1::Submission::CLIENT_INTERVIEW, &moved).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  status = Advance(submission.name(), tv1::Submission::REJECTED, &moved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), ::testing::Contains(::testing::Key("rejection_reason")));

  ASSERT_TRUE(
      Advance(submission.name(), tv1::Submission::REJECTED, &moved, "wants a larger budget").ok());
  EXPECT_EQ(moved.rejection_reason(), "wants a larger budget");
  // Final stages are final.
  EXPECT_EQ(Advance(submission.name(), tv1::Submission::HIRED, &moved).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Every submission closed without a hire: the candidate is available again, and may be
  // put forward for the same role anew.
  EXPECT_EQ(StateOf(candidate.name()), tv1::Candidate::AVAILABLE);
  ASSERT_TRUE(Submit(role.name(), candidate.name(), &twice).ok());

  // A stale etag loses.
  tv1::AdvanceSubmissionRequest stale;
  stale.set_name(twice.name());
  stale.set_stage(tv1::Submission::SHORTLISTED);
  stale.set_etag("999");
  EXPECT_EQ(stub_->AdvanceSubmission(Context().get(), stale, &moved).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_F(PipelineApiTest, OnlyOpenRolesAndAvailableCandidatesCanBeSubmitted) {
  const iv1::Role role = CreateRole();
  iv1::HoldRoleRequest hold;
  hold.set_name(role.name());
  iv1::Role held;
  ASSERT_TRUE(intake_stub_->HoldRole(Context().get(), hold, &held).ok());
  const tv1::Candidate candidate = AddCandidate("cai@example.com");
  tv1::Submission submission;
  grpc::Status status = Submit(role.name(), candidate.name(), &submission);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::ROLE_NOT_OPEN));

  const iv1::Role open = CreateRole();
  status = Submit(open.name(), "candidates/00000000-0000-4000-8000-000000000009", &submission);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  status = Submit(
      "clients/00000000-0000-4000-8000-000000000001/roles/"
      "00000000-0000-4000-8000-000000000002",
      candidate.name(), &submission);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PipelineApiTest, RetriesWithTheSameRequestIdCreateOneSubmission) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate candidate = AddCandidate("dan@example.com");
  tv1::Submission first;
  tv1::Submission retry;
  ASSERT_TRUE(Submit(role.name(), candidate.name(), &first, "submit-1").ok());
  ASSERT_TRUE(Submit(role.name(), candidate.name(), &retry, "submit-1").ok());
  EXPECT_EQ(first.name(), retry.name());
}

TEST_F(PipelineApiTest, ErasureRemovesFreeTextFromThePipelineButKeepsItsHistory) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate candidate = AddCandidate("eve@example.com");
  tv1::Submission submission;
  ASSERT_TRUE(Submit(role.name(), candidate.name(), &submission).ok());
  tv1::Submission moved;
  ASSERT_TRUE(Advance(submission.name(), tv1::Submission::REJECTED, &moved,
                      "Eve asked for remote Fridays only")
                  .ok());
  tv1::DeleteCandidateRequest erase;
  erase.set_name(candidate.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(stub_->DeleteCandidate(Context().get(), erase, &empty).ok());

  tv1::GetSubmissionRequest get;
  get.set_name(submission.name());
  tv1::Submission kept;
  ASSERT_TRUE(stub_->GetSubmission(Context().get(), get, &kept).ok());
  EXPECT_EQ(kept.stage(), tv1::Submission::REJECTED);
  EXPECT_THAT(kept.history(), SizeIs(2));
  EXPECT_TRUE(kept.rejection_reason().empty());
  for (const auto& change : kept.history()) EXPECT_TRUE(change.note().empty());
  pqxx::connection connection(database_.url());
  pqxx::read_transaction tx(connection);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM talent.submissions WHERE body::text ILIKE "
                     "'%Fridays%' OR body::text ILIKE '%system design%'")[0]
                .as<int>(),
            0);
}

}  // namespace
}  // namespace meridian::testing
