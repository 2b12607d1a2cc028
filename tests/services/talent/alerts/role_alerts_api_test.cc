// New-match alerts through real gRPC servers of intake and talent over a real PostgreSQL: a
// candidate who is created, changed, or becomes AVAILABLE again and now meets an OPEN role at or
// above its alert_min_score is recorded once (ListRoleMatches) with a role_match.created event;
// never twice (more updates, a restart, a replay of the whole feed); never below the score, for
// a hard filter failed, or for a role that is not OPEN; ListRoleMatches' pages and `since`; an
// erasure takes the person's matches away.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "meridian/events/v1/events.grpc.pb.h"
#include "pqxx/pqxx"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/intake/intake_test_server.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"
#include "tests/support/test_database.h"
#include "tests/support/wait.h"

namespace meridian::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::SizeIs;
namespace tv1 = talent::v1;
namespace iv1 = intake::v1;
namespace ev1 = events::v1;

class RoleAlertsApiTest : public ::testing::Test {
 protected:
  RoleAlertsApiTest()
      : intake_(database_.url()),
        talent_(std::make_unique<TalentTestServer>(database_.url(), intake_.address())),
        intake_stub_(intake_.NewStub()),
        events_stub_(ev1::EventService::NewStub(intake_.channel())),
        stub_(talent_->NewStub()) {}

  // A New York client's role: Node.js 3+, PostgreSQL 2+, 3 h overlap, 6,000 USD, senior
  // developer. Candidate() below in New York scores about 90 against it.
  iv1::Role CreateRole(int alert_min_score = 0) {
    iv1::CreateClientRequest client_request;
    *client_request.mutable_client() = ValidClient();
    iv1::Client client;
    EXPECT_TRUE(intake_stub_->CreateClient(Context().get(), client_request, &client).ok());
    iv1::CreateRoleRequest request;
    request.set_parent(client.name());
    iv1::Role& role = *request.mutable_role();
    role.set_title("Backend developer");
    role.set_kind(common::v1::BACKEND_DEVELOPER);
    role.set_seniority(common::v1::SENIOR);
    auto* node = role.add_required_skills();
    node->set_skill("Node");
    node->set_min_level(3);
    auto* postgres = role.add_required_skills();
    postgres->set_skill("Postgres");
    postgres->set_min_level(2);
    role.set_min_overlap_hours(3);
    role.mutable_monthly_budget()->set_currency_code("USD");
    role.mutable_monthly_budget()->set_units(6000);
    role.set_alert_min_score(alert_min_score);
    iv1::Role created;
    grpc::Status status = intake_stub_->CreateRole(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static tv1::Candidate NewYorker(const std::string& display_name, const std::string& email) {
    return Candidate(display_name, email, "US", "America/New_York");
  }

  tv1::Candidate Add(const tv1::Candidate& candidate) {
    tv1::CreateCandidateRequest request;
    *request.mutable_candidate() = candidate;
    tv1::Candidate created;
    grpc::Status status = stub_->CreateCandidate(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  tv1::Candidate Update(const tv1::Candidate& candidate, const std::string& path) {
    tv1::UpdateCandidateRequest request;
    *request.mutable_candidate() = candidate;
    request.mutable_update_mask()->add_paths(path);
    tv1::Candidate updated;
    grpc::Status status = stub_->UpdateCandidate(Context().get(), request, &updated);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return updated;
  }

  grpc::Status List(const tv1::ListRoleMatchesRequest& request,
                    tv1::ListRoleMatchesResponse* response) {
    return stub_->ListRoleMatches(Context().get(), request, response);
  }

  // Every match of the role, newest first, once alerts have caught up with every change.
  std::vector<tv1::RoleMatch> Matches(const std::string& role) {
    talent_->WaitForAlerts();
    tv1::ListRoleMatchesRequest request;
    request.set_parent(role);
    tv1::ListRoleMatchesResponse response;
    grpc::Status status = List(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.next_page_token(), "");
    return {response.role_matches().begin(), response.role_matches().end()};
  }

  static std::vector<std::string> CandidatesOf(const std::vector<tv1::RoleMatch>& matches) {
    std::vector<std::string> names;
    for (const tv1::RoleMatch& match : matches) names.push_back(match.candidate());
    return names;
  }

  // The role_match.created events, oldest first.
  std::vector<ev1::Event> MatchEvents() {
    ev1::ListEventsRequest request;
    request.set_filter("type = role_match.*");
    request.set_page_size(1000);
    ev1::ListEventsResponse response;
    grpc::Status status = events_stub_->ListEvents(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.events().begin(), response.events().end()};
  }

  void RestartTalent() {
    talent_.reset();
    talent_ = std::make_unique<TalentTestServer>(database_.url(), intake_.address());
    stub_ = talent_->NewStub();
  }

  TestDatabase database_;
  IntakeTestServer intake_;
  std::unique_ptr<TalentTestServer> talent_;
  std::unique_ptr<iv1::IntakeService::Stub> intake_stub_;
  std::unique_ptr<ev1::EventService::Stub> events_stub_;
  std::unique_ptr<tv1::TalentService::Stub> stub_;
};

TEST_F(RoleAlertsApiTest, ACreatedCandidateWhoFitsIsANewMatchWithAnEvent) {
  const iv1::Role role = CreateRole();
  EXPECT_EQ(role.alert_min_score(), 80);
  const tv1::Candidate ana = Add(NewYorker("Ana New York", "ana@example.com"));

  const std::vector<tv1::RoleMatch> matches = Matches(role.name());
  ASSERT_THAT(matches, SizeIs(1));
  const tv1::RoleMatch& match = matches[0];
  EXPECT_EQ(match.candidate(), ana.name());
  EXPECT_EQ(match.name().rfind(role.name() + "/roleMatches/", 0), 0u) << match.name();
  EXPECT_TRUE(match.has_create_time());
  // The match as search returns it for the role.
  tv1::SearchCandidatesRequest search;
  search.set_role(role.name());
  tv1::SearchCandidatesResponse found;
  ASSERT_TRUE(stub_->SearchCandidates(Context().get(), search, &found).ok());
  ASSERT_THAT(found.matches(), SizeIs(1));
  EXPECT_EQ(match.match().SerializeAsString(), found.matches(0).SerializeAsString());
  EXPECT_GE(match.match().score(), 80);

  const std::vector<ev1::Event> events = MatchEvents();
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].type(), "role_match.created");
  EXPECT_EQ(events[0].resource(), match.name());
  EXPECT_EQ(events[0].actor(), "");
  // The event names the match and its score; the explanation (the person's profile) stays in
  // ListRoleMatches.
  const tv1::RoleMatch& announced = events[0].role_match();
  EXPECT_EQ(announced.name(), match.name());
  EXPECT_EQ(announced.candidate(), match.candidate());
  EXPECT_EQ(announced.create_time().SerializeAsString(), match.create_time().SerializeAsString());
  EXPECT_DOUBLE_EQ(announced.match().score(), match.match().score());
  EXPECT_GT(announced.match().score(), 0);
  EXPECT_FALSE(announced.match().has_candidate());
  EXPECT_THAT(announced.match().factors(), IsEmpty());
}

TEST_F(RoleAlertsApiTest, AnUpdateThatMakesACandidateFitIsANewMatch) {
  const iv1::Role role = CreateRole();
  tv1::Candidate no_postgres = NewYorker("Bo No Postgres", "bo@example.com");
  no_postgres.mutable_skills()->RemoveLast();
  tv1::Candidate bo = Add(no_postgres);
  EXPECT_THAT(Matches(role.name()), IsEmpty()) << "a required skill is missing";

  *bo.add_skills() = NewYorker("x", "x@example.com").skills(1);
  Update(bo, "skills");
  EXPECT_THAT(CandidatesOf(Matches(role.name())), ElementsAre(bo.name()));
}

TEST_F(RoleAlertsApiTest, ACandidateWhoBecomesAvailableAgainIsANewMatch) {
  const iv1::Role role = CreateRole();
  tv1::Candidate inactive = NewYorker("Cy Away", "cy@example.com");
  inactive.set_state(tv1::Candidate::INACTIVE);
  tv1::Candidate cy = Add(inactive);
  EXPECT_THAT(Matches(role.name()), IsEmpty()) << "not AVAILABLE";

  cy.set_state(tv1::Candidate::AVAILABLE);
  Update(cy, "state");
  EXPECT_THAT(CandidatesOf(Matches(role.name())), ElementsAre(cy.name()));
}

TEST_F(RoleAlertsApiTest, NeverTwiceForTheSameCandidateAndRoleAcrossUpdatesRestartsAndReplays) {
  const iv1::Role role = CreateRole();
  const iv1::Role other = CreateRole();
  tv1::Candidate ana = Add(NewYorker("Ana New York", "ana@example.com"));
  ASSERT_THAT(Matches(role.name()), SizeIs(1));
  const std::string first = Matches(role.name())[0].name();

  ana.set_notes("still looking");
  ana = Update(ana, "notes");
  ana.mutable_monthly_rate()->set_units(4600);
  Update(ana, "monthly_rate");
  EXPECT_THAT(Matches(role.name()), SizeIs(1));

  // A restart resumes from the saved position; then every change is matched again from the
  // start of the feed, as if the position had been lost.
  RestartTalent();
  EXPECT_THAT(Matches(role.name()), SizeIs(1));
  {
    pqxx::connection connection(database_.url());
    pqxx::work tx(connection);
    tx.exec("UPDATE talent.role_match_progress SET position = 0");
    tx.commit();
  }
  RestartTalent();
  const std::vector<tv1::RoleMatch> matches = Matches(role.name());
  ASSERT_THAT(matches, SizeIs(1));
  EXPECT_EQ(matches[0].name(), first);
  EXPECT_THAT(Matches(other.name()), SizeIs(1));
  EXPECT_THAT(MatchEvents(), SizeIs(2)) << "one event per candidate and role";
}

TEST_F(RoleAlertsApiTest, NoMatchBelowTheRolesScoreForAFailedHardFilterOrForARoleNotOpen) {
  const iv1::Role demanding = CreateRole(100);
  const iv1::Role held = CreateRole();
  iv1::HoldRoleRequest hold;
  hold.set_name(held.name());
  iv1::Role on_hold;
  ASSERT_TRUE(intake_stub_->HoldRole(Context().get(), hold, &on_hold).ok());
  const iv1::Role open = CreateRole();

  const tv1::Candidate ana = Add(NewYorker("Ana New York", "ana@example.com"));
  tv1::Candidate expensive = NewYorker("Dee Expensive", "dee@example.com");
  expensive.mutable_monthly_rate()->set_units(9000);  // over the 6,000 USD budget
  Add(expensive);

  EXPECT_THAT(CandidatesOf(Matches(open.name())), ElementsAre(ana.name()));
  EXPECT_THAT(Matches(held.name()), IsEmpty()) << "ON_HOLD";
  const std::vector<tv1::RoleMatch> below = Matches(demanding.name());
  EXPECT_THAT(below, IsEmpty());
  // The premise: Ana meets the demanding role, below its 100.
  tv1::SearchCandidatesRequest search;
  search.set_role(demanding.name());
  tv1::SearchCandidatesResponse found;
  ASSERT_TRUE(stub_->SearchCandidates(Context().get(), search, &found).ok());
  ASSERT_THAT(found.matches(), SizeIs(1));
  EXPECT_LT(found.matches(0).score(), 100);
}

TEST_F(RoleAlertsApiTest, PagesAreNewestFirstAndSinceKeepsTheLaterOnes) {
  const iv1::Role role = CreateRole();
  std::vector<std::string> added;
  for (int i = 0; i < 3; ++i) {
    added.push_back(
        Add(NewYorker(absl::StrCat("Person ", i), absl::StrCat("p", i, "@example.com"))).name());
    talent_->WaitForAlerts();  // one after the other, so they are recorded in this order
  }
  const std::vector<tv1::RoleMatch> all = Matches(role.name());
  EXPECT_THAT(CandidatesOf(all), ElementsAre(added[2], added[1], added[0]));

  tv1::ListRoleMatchesRequest request;
  request.set_parent(role.name());
  request.set_page_size(2);
  tv1::ListRoleMatchesResponse page;
  ASSERT_TRUE(List(request, &page).ok());
  ASSERT_THAT(page.role_matches(), SizeIs(2));
  EXPECT_EQ(page.role_matches(0).candidate(), added[2]);
  EXPECT_EQ(page.role_matches(1).candidate(), added[1]);
  ASSERT_NE(page.next_page_token(), "");
  request.set_page_token(page.next_page_token());
  ASSERT_TRUE(List(request, &page).ok());
  ASSERT_THAT(page.role_matches(), SizeIs(1));
  EXPECT_EQ(page.role_matches(0).candidate(), added[0]);
  EXPECT_EQ(page.next_page_token(), "");

  tv1::ListRoleMatchesRequest since;
  since.set_parent(role.name());
  *since.mutable_since() = all[1].create_time();
  ASSERT_TRUE(List(since, &page).ok());
  EXPECT_THAT(CandidatesOf({page.role_matches().begin(), page.role_matches().end()}),
              ElementsAre(added[2], added[1]));
  // A token belongs to its request.
  request.set_page_size(1);
  request.clear_page_token();
  ASSERT_TRUE(List(request, &page).ok());
  since.set_page_token(page.next_page_token());
  EXPECT_EQ(List(since, &page).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  tv1::ListRoleMatchesRequest bad;
  bad.set_parent("clients/x");
  EXPECT_THAT(ViolationsOf(List(bad, &page)), ElementsAre(Key("parent")));
  // A role intake does not know is NOT_FOUND, not an empty page.
  std::string unknown = role.name();
  unknown.back() = unknown.back() == '0' ? '1' : '0';
  bad.set_parent(unknown);
  EXPECT_EQ(List(bad, &page).error_code(), grpc::StatusCode::NOT_FOUND);
  bad.set_parent(role.name());
  bad.mutable_since()->set_seconds(253402300800);  // year 10000
  EXPECT_THAT(ViolationsOf(List(bad, &page)), ElementsAre(Key("since")));
}

TEST_F(RoleAlertsApiTest, AnErasureTakesThePersonsMatchesAwayAndErasesThemInTheEvents) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate ana = Add(NewYorker("Ana New York", "ana@example.com"));
  ASSERT_THAT(Matches(role.name()), SizeIs(1));
  tv1::DeleteCandidateRequest erase;
  erase.set_name(ana.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(stub_->DeleteCandidate(Context().get(), erase, &empty).ok());
  EXPECT_THAT(Matches(role.name()), IsEmpty());
  const std::vector<ev1::Event> events = MatchEvents();
  ASSERT_THAT(events, SizeIs(1));
  // The event never held the profile, and erasure leaves nothing of it there.
  EXPECT_EQ(events[0].role_match().candidate(), ana.name());
  EXPECT_EQ(events[0].role_match().match().candidate().display_name(), "");
  EXPECT_THAT(events[0].role_match().match().factors(), IsEmpty());
}

}  // namespace
}  // namespace meridian::testing
