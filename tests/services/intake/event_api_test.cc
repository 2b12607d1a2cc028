// The event feed through real intake and talent servers over a real PostgreSQL: every change
// of the loop is an event in commit order, a partner sees only its own, a stream delivers live
// and resumes exactly once after a restart, an erasure reaches earlier events, and a position
// past the retention is OUT_OF_RANGE.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/events/event_log.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "meridian/events/v1/events.grpc.pb.h"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/intake/intake_test_server.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"

namespace meridian::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::Not;
using ::testing::SizeIs;
namespace ev1 = events::v1;
namespace iv1 = intake::v1;
namespace tv1 = talent::v1;

constexpr char kAcme[] = "agencies/aaaaaaaa-0000-4000-8000-0000000000a0";
constexpr char kGlobex[] = "agencies/bbbbbbbb-0000-4000-8000-0000000000b0";

class EventApiTest : public ::testing::Test {
 protected:
  EventApiTest()
      : intake_(std::make_unique<IntakeTestServer>(database_.url())),
        talent_(database_.url(), intake_->address()),
        admin_key_(CreateTestKey(database_.url(), access::v1::ADMIN)),
        acme_key_(CreateTestKey(database_.url(), access::v1::PARTNER, kAcme)),
        globex_key_(CreateTestKey(database_.url(), access::v1::PARTNER, kGlobex)),
        intake_stub_(iv1::IntakeService::NewStub(intake_->in_process().ChannelWithKey(admin_key_))),
        talent_stub_(tv1::TalentService::NewStub(talent_.in_process().ChannelWithKey(admin_key_))) {
    iv1::CreateClientRequest request;
    *request.mutable_client() = ValidClient();
    EXPECT_TRUE(intake_stub_->CreateClient(Context().get(), request, &client_).ok());
  }

  std::unique_ptr<ev1::EventService::Stub> Events(const std::string& key) {
    return ev1::EventService::NewStub(intake_->in_process().ChannelWithKey(key));
  }

  std::unique_ptr<tv1::TalentService::Stub> Talent(const std::string& key) {
    return tv1::TalentService::NewStub(talent_.in_process().ChannelWithKey(key));
  }

  iv1::Role CreateRole() {
    iv1::CreateRoleRequest request;
    request.set_parent(client_.name());
    *request.mutable_role() = BackendDeveloperRole();
    iv1::Role created;
    EXPECT_TRUE(intake_stub_->CreateRole(Context().get(), request, &created).ok());
    return created;
  }

  tv1::Candidate CreateCandidate(const std::string& key, const std::string& email) {
    tv1::CreateCandidateRequest request;
    *request.mutable_candidate() = Candidate("Ana Lisbon", email, "PT", "Europe/Lisbon");
    tv1::Candidate created;
    grpc::Status status = Talent(key)->CreateCandidate(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  // Every event `key` may see from the start, following next_page_token to the end, except
  // new-match alerts (role_match.*): talent records them on its own thread, so where they fall
  // among these is a matter of timing (tests/services/talent/alerts/ checks them).
  std::vector<ev1::Event> AllEvents(const std::string& key, const std::string& filter = "") {
    std::vector<ev1::Event> events;
    ev1::ListEventsRequest request;
    request.set_filter(filter);
    request.set_page_size(2);  // several pages
    for (int pages = 0; pages < 100; ++pages) {
      ev1::ListEventsResponse response;
      grpc::Status status = Events(key)->ListEvents(Context().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok() || response.events().empty()) break;
      for (const ev1::Event& event : response.events()) {
        if (event.type().rfind("role_match.", 0) != 0) events.push_back(event);
      }
      request.set_page_token(response.next_page_token());
    }
    return events;
  }

  static std::vector<std::string> Types(const std::vector<ev1::Event>& events) {
    std::vector<std::string> types;
    for (const ev1::Event& event : events) types.push_back(event.type());
    return types;
  }

  TestDatabase database_;
  std::unique_ptr<IntakeTestServer> intake_;
  TalentTestServer talent_;
  std::string admin_key_;
  std::string acme_key_;
  std::string globex_key_;
  std::unique_ptr<iv1::IntakeService::Stub> intake_stub_;
  std::unique_ptr<tv1::TalentService::Stub> talent_stub_;
  iv1::Client client_;
};

TEST_F(EventApiTest, EveryChangeOfTheLoopIsAnEventInCommitOrder) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate ana = CreateCandidate(admin_key_, "ana@example.com");
  talent_.WaitForIndex();
  tv1::CreateSubmissionRequest submit;
  submit.set_parent(role.name());
  submit.mutable_submission()->set_candidate(ana.name());
  tv1::Submission submission;
  ASSERT_TRUE(talent_stub_->CreateSubmission(Context().get(), submit, &submission).ok());
  tv1::AdvanceSubmissionRequest advance;
  advance.set_name(submission.name());
  advance.set_stage(tv1::Submission::SHORTLISTED);
  tv1::Submission moved;
  ASSERT_TRUE(talent_stub_->AdvanceSubmission(Context().get(), advance, &moved).ok());
  // A refused change (a stale etag) is no event.
  tv1::UpdateCandidateRequest stale;
  *stale.mutable_candidate() = ana;
  stale.mutable_candidate()->set_etag("0");
  stale.mutable_update_mask()->add_paths("display_name");
  tv1::Candidate unchanged;
  ASSERT_EQ(talent_stub_->UpdateCandidate(Context().get(), stale, &unchanged).error_code(),
            grpc::StatusCode::ABORTED);

  const std::vector<ev1::Event> events = AllEvents(admin_key_);
  EXPECT_THAT(Types(events), ElementsAre("role.created", "candidate.created", "submission.created",
                                         "candidate.updated", "submission.stage_changed"));
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_LT(events[i - 1].position(), events[i].position());
  }
  EXPECT_EQ(events[0].role().name(), role.name());
  EXPECT_EQ(events[1].candidate().email(), "ana@example.com");
  EXPECT_EQ(events[3].candidate().state(), tv1::Candidate::INTERVIEWING);
  EXPECT_EQ(events[4].submission().stage(), tv1::Submission::SHORTLISTED);
  EXPECT_EQ(events[4].resource(), submission.name());
  EXPECT_THAT(events[4].actor(), ::testing::StartsWith("apiKeys/"));

  // The filter picks types and resources.
  EXPECT_THAT(Types(AllEvents(admin_key_, "type = \"candidate.*\"")),
              ElementsAre("candidate.created", "candidate.updated"));
  EXPECT_THAT(AllEvents(admin_key_, absl::StrCat("resource = \"", submission.name(), "\"")),
              SizeIs(2));
  ev1::ListEventsRequest bad;
  bad.set_filter("stage = OPEN");
  ev1::ListEventsResponse response;
  const grpc::Status status = Events(admin_key_)->ListEvents(Context().get(), bad, &response);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("filter")));
}

TEST_F(EventApiTest, RoleStateMovesAreStateChangedEventsAndUpdatesAreNot) {
  const iv1::Role role = CreateRole();
  iv1::HoldRoleRequest hold;
  hold.set_name(role.name());
  iv1::Role held;
  ASSERT_TRUE(intake_stub_->HoldRole(Context().get(), hold, &held).ok());
  // Held already: nothing moves, no event.
  ASSERT_TRUE(intake_stub_->HoldRole(Context().get(), hold, &held).ok());
  iv1::UpdateRoleRequest update;
  update.mutable_role()->set_name(role.name());
  update.mutable_role()->set_title("Senior backend developer");
  update.mutable_update_mask()->add_paths("title");
  iv1::Role updated;
  ASSERT_TRUE(intake_stub_->UpdateRole(Context().get(), update, &updated).ok());
  iv1::CancelRoleRequest cancel;
  cancel.set_name(role.name());
  iv1::Role cancelled;
  ASSERT_TRUE(intake_stub_->CancelRole(Context().get(), cancel, &cancelled).ok());
  // A move the state does not allow is refused, and no event.
  iv1::ReopenRoleRequest reopen;
  reopen.set_name(role.name());
  iv1::Role reopened;
  ASSERT_EQ(intake_stub_->ReopenRole(Context().get(), reopen, &reopened).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  const std::vector<ev1::Event> events = AllEvents(admin_key_, "type = \"role.*\"");
  EXPECT_THAT(Types(events), ElementsAre("role.created", "role.state_changed", "role.updated",
                                         "role.state_changed"));
  ASSERT_THAT(events, SizeIs(4));
  EXPECT_EQ(events[1].role().state(), iv1::Role::ON_HOLD);
  EXPECT_EQ(events[1].resource(), role.name());
  EXPECT_THAT(events[1].actor(), ::testing::StartsWith("apiKeys/"));
  EXPECT_EQ(events[2].role().title(), "Senior backend developer");
  EXPECT_EQ(events[3].role().state(), iv1::Role::CANCELLED);
}

TEST_F(EventApiTest, APartnerSeesOnlyEventsAboutItsOwnCandidatesAndSubmissions) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate ana = CreateCandidate(acme_key_, "ana@example.com");
  const tv1::Candidate bea = CreateCandidate(globex_key_, "bea@example.com");
  const tv1::Candidate cai = CreateCandidate(admin_key_, "cai@example.com");
  talent_.WaitForIndex();
  tv1::CreateSubmissionRequest submit;
  submit.set_parent(role.name());
  submit.mutable_submission()->set_candidate(ana.name());
  tv1::Submission submission;
  ASSERT_TRUE(Talent(acme_key_)->CreateSubmission(Context().get(), submit, &submission).ok());

  const std::vector<ev1::Event> acme = AllEvents(acme_key_);
  EXPECT_THAT(Types(acme),
              ElementsAre("candidate.created", "submission.created", "candidate.updated"));
  for (const ev1::Event& event : acme) {
    EXPECT_NE(event.resource(), bea.name());
    EXPECT_NE(event.resource(), cai.name());
    EXPECT_FALSE(event.has_role());
  }
  // Shown as its reads show them: no match score on its submission.
  EXPECT_EQ(acme[1].submission().match_score(), 0);
  EXPECT_THAT(acme[1].submission().match_factors(), IsEmpty());
  EXPECT_THAT(Types(AllEvents(globex_key_)), ElementsAre("candidate.created"));
  // A filter cannot widen it.
  EXPECT_THAT(AllEvents(globex_key_, absl::StrCat("resource = \"", ana.name(), "\"")), IsEmpty());
  EXPECT_THAT(AllEvents(admin_key_), SizeIs(6));
}

TEST_F(EventApiTest, AStreamDeliversLiveAndResumesExactlyOnceAfterARestart) {
  CreateCandidate(admin_key_, "first@example.com");
  int64_t last_position = 0;
  {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    ev1::StreamEventsRequest request;
    auto reader = Events(admin_key_)->StreamEvents(&context, request);
    ev1::Event event;
    ASSERT_TRUE(reader->Read(&event));
    EXPECT_EQ(event.candidate().email(), "first@example.com");
    // Caught up: a change made now arrives on the open stream.
    CreateCandidate(admin_key_, "live@example.com");
    ASSERT_TRUE(reader->Read(&event));
    EXPECT_EQ(event.candidate().email(), "live@example.com");
    last_position = event.position();
    context.TryCancel();
  }
  // The intake service restarts; a change lands while it is away.
  intake_.reset();
  CreateCandidate(admin_key_, "while-away@example.com");
  intake_ = std::make_unique<IntakeTestServer>(database_.url());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  ev1::StreamEventsRequest request;
  request.set_after_position(last_position);
  auto reader = Events(admin_key_)->StreamEvents(&context, request);
  ev1::Event event;
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.candidate().email(), "while-away@example.com");
  EXPECT_GT(event.position(), last_position);
  CreateCandidate(admin_key_, "after@example.com");
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.candidate().email(), "after@example.com");
  context.TryCancel();
}

TEST_F(EventApiTest, AnErasureReachesEarlierEvents) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate ana = CreateCandidate(acme_key_, "ana@example.com");
  talent_.WaitForIndex();
  tv1::CreateSubmissionRequest submit;
  submit.set_parent(role.name());
  submit.mutable_submission()->set_candidate(ana.name());
  tv1::Submission submission;
  ASSERT_TRUE(Talent(acme_key_)->CreateSubmission(Context().get(), submit, &submission).ok());
  // The submission's event names the person (a list shows who) until the erasure.
  ASSERT_FALSE(submission.candidate_display_name().empty());
  tv1::AdvanceSubmissionRequest withdraw;
  withdraw.set_name(submission.name());
  withdraw.set_stage(tv1::Submission::WITHDRAWN);
  tv1::Submission withdrawn;
  ASSERT_TRUE(Talent(admin_key_)->AdvanceSubmission(Context().get(), withdraw, &withdrawn).ok());

  tv1::DeleteCandidateRequest erase;
  erase.set_name(ana.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(Talent(acme_key_)->DeleteCandidate(Context().get(), erase, &empty).ok());
  const std::vector<ev1::Event> events = AllEvents(acme_key_);
  ASSERT_THAT(Types(events), Contains("candidate.erased"));
  int submissions = 0;
  for (const ev1::Event& event : events) {
    if (event.has_submission()) {
      ++submissions;
      EXPECT_EQ(event.submission().candidate_display_name(), "") << event.type();
      continue;
    }
    EXPECT_EQ(event.candidate().name(), ana.name());
    EXPECT_EQ(event.candidate().email(), "");
    EXPECT_EQ(event.candidate().display_name(), "");
  }
  EXPECT_GE(submissions, 1);
}

TEST_F(EventApiTest, APositionPastTheRetentionIsOutOfRange) {
  CreateCandidate(admin_key_, "old@example.com");
  ev1::ListEventsRequest request;
  ev1::ListEventsResponse first;
  ASSERT_TRUE(Events(admin_key_)->ListEvents(Context().get(), request, &first).ok());
  ASSERT_THAT(first.events(), SizeIs(1));
  CreateCandidate(admin_key_, "older@example.com");
  // Retention passes over both (as the intake service's purge would, a month on).
  ASSERT_TRUE(intake_->in_process()
                  .pool()
                  .InTransaction<int64_t>(absl::Now() + absl::Seconds(10),
                                          [](pqxx::work& tx) -> absl::StatusOr<int64_t> {
                                            return PurgeEvents(tx, absl::Now() + absl::Hours(1));
                                          })
                  .ok());
  CreateCandidate(admin_key_, "new@example.com");

  request.set_page_token(first.next_page_token());
  ev1::ListEventsResponse response;
  grpc::Status status = Events(admin_key_)->ListEvents(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE) << status.error_message();
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::EVENTS_EXPIRED));
  EXPECT_THAT(ErrorMetadataOf(status), Contains(Key("oldest_position")));

  grpc::ClientContext context;
  ev1::StreamEventsRequest stream;
  stream.set_after_position(first.events(0).position());
  auto reader = Events(admin_key_)->StreamEvents(&context, stream);
  ev1::Event event;
  EXPECT_FALSE(reader->Read(&event));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::OUT_OF_RANGE);

  // From the start: the oldest kept.
  const std::vector<ev1::Event> kept = AllEvents(admin_key_);
  ASSERT_THAT(kept, SizeIs(1));
  EXPECT_EQ(kept[0].candidate().email(), "new@example.com");
}

TEST_F(EventApiTest, ThePlacementServiceKeyCannotReadTheFeed) {
  const std::string key = CreateTestKey(database_.url(), access::v1::PLACEMENT_SERVICE);
  ev1::ListEventsRequest request;
  ev1::ListEventsResponse response;
  const grpc::Status status = Events(key)->ListEvents(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(EventApiTest, MalformedRequestBytesAreInvalidArgumentOnEveryMethod) {
  ExpectEveryMethodRefusesMalformedBytes(intake_->in_process().ChannelWithKey(admin_key_),
                                         "meridian.events.v1.EventService", 9);
}

}  // namespace
}  // namespace meridian::testing
