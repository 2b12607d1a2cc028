// SearchCandidates through real gRPC servers of intake and talent over a real PostgreSQL:
// exactly the candidates that meet a role, in score order, with their overlap range and
// readable reasons; pages; freshness; and the error when intake is down.
#include <set>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
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

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
namespace tv1 = talent::v1;
namespace iv1 = intake::v1;

class SearchApiTest : public ::testing::Test {
 protected:
  SearchApiTest()
      : intake_(database_.url()),
        talent_(database_.url(), intake_.address()),
        intake_stub_(intake_.NewStub()),
        stub_(talent_.NewStub()) {}

  // A New York client and a backend role: Node.js 3+, PostgreSQL 2+, 3 h overlap, 6,000 USD.
  iv1::Role CreateRole() {
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
    role.add_nice_to_have_skills()->set_skill("Kubernetes");
    role.set_min_overlap_hours(3);
    role.mutable_monthly_budget()->set_currency_code("USD");
    role.mutable_monthly_budget()->set_units(6000);
    iv1::Role created;
    grpc::Status status = intake_stub_->CreateRole(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  tv1::Candidate Add(const tv1::Candidate& candidate) {
    tv1::CreateCandidateRequest request;
    *request.mutable_candidate() = candidate;
    tv1::Candidate created;
    grpc::Status status = stub_->CreateCandidate(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static tv1::SearchCandidatesRequest ForRole(const std::string& role) {
    tv1::SearchCandidatesRequest request;
    request.set_role(role);
    request.mutable_reference_date()->set_year(2027);
    request.mutable_reference_date()->set_month(3);
    request.mutable_reference_date()->set_day(1);
    request.set_horizon_days(56);
    return request;
  }

  grpc::Status Search(const tv1::SearchCandidatesRequest& request,
                      tv1::SearchCandidatesResponse* response) {
    return stub_->SearchCandidates(Context().get(), request, response);
  }

  // Polls (up to 5 s) until `name` is among the role's matches or not, as wanted.
  bool WaitUntilFound(const std::string& role, const std::string& name, bool wanted) {
    return WaitUntil(
        [&] {
          tv1::SearchCandidatesResponse response;
          if (!Search(ForRole(role), &response).ok()) return false;
          bool found = false;
          for (const auto& match : response.matches()) found |= match.candidate().name() == name;
          return found == wanted;
        },
        absl::Seconds(5));
  }

  TestDatabase database_;
  IntakeTestServer intake_;
  TalentTestServer talent_;
  std::unique_ptr<iv1::IntakeService::Stub> intake_stub_;
  std::unique_ptr<tv1::TalentService::Stub> stub_;
};

TEST_F(SearchApiTest, ARoleFindsExactlyTheCandidatesWhoMeetIt) {
  const iv1::Role role = CreateRole();
  // Meet the role.
  const tv1::Candidate lisbon =
      Add(Candidate("Ana Lisbon", "ana@example.com", "PT", "Europe/Lisbon"));
  const tv1::Candidate sao_paulo =
      Add(Candidate("Bruno Sao Paulo", "bruno@example.com", "BR", "America/Sao_Paulo"));
  const tv1::Candidate manila = Add(
      Candidate("Carla Manila Nights", "carla@example.com", "PH", "Asia/Manila", "22:00", "06:00"));
  // Do not: no overlap, a missing required skill, over budget, inactive.
  Add(Candidate("Dev Kolkata", "dev@example.com", "IN", "Asia/Kolkata"));
  tv1::Candidate no_postgres = Candidate("Efe Lagos", "efe@example.com", "NG", "Africa/Lagos");
  no_postgres.mutable_skills()->RemoveLast();
  Add(no_postgres);
  tv1::Candidate expensive = Candidate("Filip Warsaw", "filip@example.com", "PL", "Europe/Warsaw");
  expensive.mutable_monthly_rate()->set_units(9000);
  Add(expensive);
  tv1::Candidate inactive = Candidate("Gosia Warsaw", "gosia@example.com", "PL", "Europe/Warsaw");
  inactive.set_state(tv1::Candidate::INACTIVE);
  Add(inactive);
  ASSERT_TRUE(WaitUntilFound(role.name(), manila.name(), true));

  tv1::SearchCandidatesResponse response;
  grpc::Status status = Search(ForRole(role.name()), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::set<std::string> names;
  for (const auto& match : response.matches()) names.insert(match.candidate().name());
  EXPECT_EQ(names, (std::set<std::string>{lisbon.name(), sao_paulo.name(), manila.name()}));
  EXPECT_EQ(response.total_size(), 3);

  for (int i = 1; i < response.matches_size(); ++i) {
    EXPECT_GE(response.matches(i - 1).score(), response.matches(i).score());
  }
  for (const auto& match : response.matches()) {
    double sum = 0;
    for (const auto& factor : match.factors()) {
      sum += factor.points();
      EXPECT_LE(factor.points(), factor.max_points());
      EXPECT_FALSE(factor.explanation().empty()) << factor.factor();
    }
    EXPECT_NEAR(sum, match.score(), 0.5);
    EXPECT_THAT(match.missing_skills(), ElementsAre("kubernetes"));
    EXPECT_TRUE(match.candidate().email().empty()) << "search never returns contact details";
    if (match.candidate().name() == lisbon.name()) {
      // New York and Lisbon, 9 to 5 each: 3 h, and 4 h while only the US has moved its clocks.
      EXPECT_DOUBLE_EQ(match.overlap_hours_min(), 3.0);
      EXPECT_DOUBLE_EQ(match.overlap_hours_max(), 4.0);
      const auto overlap = std::find_if(match.factors().begin(), match.factors().end(),
                                        [](const auto& f) { return f.factor() == "overlap"; });
      ASSERT_NE(overlap, match.factors().end());
      EXPECT_THAT(overlap->explanation(), HasSubstr("4.0 h from 15 to 26 March"));
      EXPECT_THAT(overlap->explanation(), HasSubstr("daylight time"));
    }
  }
  // More overlap ranks higher: the night shift covers New York's whole day.
  EXPECT_EQ(response.matches(0).candidate().name(), manila.name());
}

// A search that gives no reference date is dated by the clock the wiring injects, never the
// machine's: the same New York role and Lisbon candidate overlap 3 to 4 h from a "now" of 1
// March 2027 (the US moves its clocks two weeks before Europe), and 3 h throughout from 1 June.
TEST_F(SearchApiTest, WithoutAReferenceDateSearchIsDatedByTheInjectedClock) {
  const iv1::Role role = CreateRole();
  const tv1::Candidate lisbon =
      Add(Candidate("Nora Lisbon", "nora@example.com", "PT", "Europe/Lisbon"));
  ASSERT_TRUE(WaitUntilFound(role.name(), lisbon.name(), true));
  tv1::SearchCandidatesRequest request = ForRole(role.name());
  request.clear_reference_date();

  talent_.SetNow(absl::FromCivil(absl::CivilSecond(2027, 3, 1, 12, 0, 0), absl::UTCTimeZone()));
  tv1::SearchCandidatesResponse march;
  ASSERT_TRUE(Search(request, &march).ok());
  ASSERT_THAT(march.matches(), SizeIs(1));
  EXPECT_DOUBLE_EQ(march.matches(0).overlap_hours_min(), 3.0);
  EXPECT_DOUBLE_EQ(march.matches(0).overlap_hours_max(), 4.0);

  talent_.SetNow(absl::FromCivil(absl::CivilSecond(2027, 6, 1, 12, 0, 0), absl::UTCTimeZone()));
  tv1::SearchCandidatesResponse june;
  ASSERT_TRUE(Search(request, &june).ok());
  ASSERT_THAT(june.matches(), SizeIs(1));
  EXPECT_DOUBLE_EQ(june.matches(0).overlap_hours_min(), 3.0);
  EXPECT_DOUBLE_EQ(june.matches(0).overlap_hours_max(), 3.0);
}

TEST_F(SearchApiTest, PagesNeverRepeatOrSkipACandidateAndTiesGoByName) {
  const iv1::Role role = CreateRole();
  std::set<std::string> created;
  std::string last;
  for (int i = 0; i < 23; ++i) {
    last =
        *created
             .insert(Add(Candidate(absl::StrCat("Twin ", std::string(1, char('A' + (i * 7) % 23))),
                                   absl::StrCat("twin", i, "@example.com"), "PT", "Europe/Lisbon"))
                         .name())
             .first;
  }
  ASSERT_TRUE(WaitUntilFound(role.name(), last, true));
  // The index follows the feed in order: once the last write is visible, all are.
  std::vector<std::string> walked;
  std::vector<std::string> display_names;
  tv1::SearchCandidatesRequest request = ForRole(role.name());
  request.set_page_size(5);
  do {
    tv1::SearchCandidatesResponse response;
    grpc::Status status = Search(request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.total_size(), 23);
    for (const auto& match : response.matches()) {
      walked.push_back(match.candidate().name());
      display_names.push_back(match.candidate().display_name());
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(std::set<std::string>(walked.begin(), walked.end()), created);
  EXPECT_THAT(walked, SizeIs(23));
  EXPECT_TRUE(std::is_sorted(display_names.begin(), display_names.end()));

  // A token is bound to its search.
  tv1::SearchCandidatesRequest other = ForRole(role.name());
  other.set_horizon_days(7);
  request.set_page_size(5);
  request.clear_page_token();
  tv1::SearchCandidatesResponse first;
  ASSERT_TRUE(Search(request, &first).ok());
  other.set_page_token(first.next_page_token());
  tv1::SearchCandidatesResponse refused;
  EXPECT_EQ(Search(other, &refused).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SearchApiTest, CommittedChangesReachSearchQuickly) {
  const iv1::Role role = CreateRole();
  tv1::Candidate candidate =
      Add(Candidate("Hana Lisbon", "hana@example.com", "PT", "Europe/Lisbon"));
  EXPECT_TRUE(WaitUntilFound(role.name(), candidate.name(), true));

  // Losing a required skill takes the candidate out of the role's matches.
  tv1::UpdateCandidateRequest update;
  *update.mutable_candidate() = candidate;
  update.mutable_candidate()->mutable_skills()->RemoveLast();
  update.mutable_update_mask()->add_paths("skills");
  tv1::Candidate updated;
  ASSERT_TRUE(stub_->UpdateCandidate(Context().get(), update, &updated).ok());
  EXPECT_TRUE(WaitUntilFound(role.name(), candidate.name(), false));

  update.mutable_candidate()->set_etag(updated.etag());
  *update.mutable_candidate()->mutable_skills() = candidate.skills();
  ASSERT_TRUE(stub_->UpdateCandidate(Context().get(), update, &updated).ok());
  EXPECT_TRUE(WaitUntilFound(role.name(), candidate.name(), true));

  // An erased candidate never appears again.
  tv1::DeleteCandidateRequest erase;
  erase.set_name(candidate.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(stub_->DeleteCandidate(Context().get(), erase, &empty).ok());
  EXPECT_TRUE(WaitUntilFound(role.name(), candidate.name(), false));
}

TEST_F(SearchApiTest, InlineCriteriaWorkAndBadCriteriaNameTheField) {
  const tv1::Candidate lisbon =
      Add(Candidate("Ines Lisbon", "ines@example.com", "PT", "Europe/Lisbon"));
  Add(Candidate("Jo Lagos", "jo@example.com", "NG", "Africa/Lagos"));
  tv1::SearchCandidatesRequest request;
  tv1::SearchCriteria& criteria = *request.mutable_criteria();
  criteria.mutable_working_hours()->set_time_zone("Europe/Berlin");
  criteria.mutable_working_hours()->set_start("09:00");
  criteria.mutable_working_hours()->set_end("17:00");
  criteria.add_required_skills()->set_skill("node.js");
  criteria.add_countries("PT");
  tv1::SearchCandidatesResponse response;
  grpc::Status status;
  WaitUntil(
      [&] {
        status = Search(request, &response);
        return !status.ok() || response.matches_size() == 1;
      },
      absl::Seconds(5));
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.matches(), SizeIs(1));
  EXPECT_EQ(response.matches(0).candidate().name(), lisbon.name());

  criteria.mutable_required_skills(0)->set_skill("Nodee");
  criteria.mutable_working_hours()->set_time_zone("Europe/Berlinn");
  status = Search(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(::testing::Key("criteria.working_hours.time_zone")));

  tv1::SearchCandidatesRequest empty;
  status = Search(empty, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SearchApiTest, AfterARestartTheIndexIsRebuiltFromPostgresqlExactly) {
  tv1::Candidate saturday =
      Candidate("Kai Bangkok", "kai@example.com", "TH", "Asia/Bangkok", "14:00", "22:00");
  saturday.mutable_working_hours()->add_days(common::v1::SATURDAY);
  saturday.mutable_working_hours()->add_days(common::v1::MONDAY);
  saturday.mutable_monthly_rate()->set_currency_code("EUR");
  saturday.mutable_available_from()->set_year(2027);
  saturday.mutable_available_from()->set_month(4);
  saturday.mutable_available_from()->set_day(12);
  saturday.add_soft_skills("mentoring, with commas");
  saturday.add_kinds(common::v1::BACKEND_ENGINEER);
  saturday.set_english_level(tv1::B2);
  Add(saturday);
  Add(Candidate("Lia Lisbon", "lia@example.com", "PT", "Europe/Lisbon"));
  Add(Candidate("Mo Lagos", "mo@example.com", "NG", "Africa/Lagos"));

  tv1::SearchCandidatesRequest request;
  tv1::SearchCriteria& criteria = *request.mutable_criteria();
  criteria.mutable_working_hours()->set_time_zone("Europe/Berlin");
  criteria.mutable_working_hours()->set_start("09:00");
  criteria.mutable_working_hours()->set_end("17:00");
  criteria.set_min_overlap_hours(0);
  criteria.add_soft_skills("mentoring, with commas");
  request.mutable_reference_date()->set_year(2027);
  request.mutable_reference_date()->set_month(3);
  request.mutable_reference_date()->set_day(1);
  talent_.WaitForIndex();
  tv1::SearchCandidatesResponse before;
  ASSERT_TRUE(Search(request, &before).ok());
  ASSERT_THAT(before.matches(), SizeIs(3));

  // A second server over the same database builds its index from PostgreSQL alone.
  TalentTestServer restarted(database_.url(), intake_.address());
  tv1::SearchCandidatesResponse after;
  ASSERT_TRUE(restarted.NewStub()->SearchCandidates(Context().get(), request, &after).ok());
  ASSERT_EQ(after.matches_size(), before.matches_size());
  for (int i = 0; i < before.matches_size(); ++i) {
    EXPECT_EQ(after.matches(i).SerializeAsString(), before.matches(i).SerializeAsString())
        << before.matches(i).candidate().display_name();
  }
}

// view BASIC through the server: page after page, the same candidates in the same order with
// the same scores, overlap ranges, totals and page tokens as FULL, each with its name alone
// (no summary, factors or missing skills); a token read on in the other view goes on from the
// same place; FULL is the default; a view no version knows is INVALID_ARGUMENT on `view`.
TEST_F(SearchApiTest, TheBasicViewReturnsTheSameRankingWithoutSummaryOrReasons) {
  const iv1::Role role = CreateRole();
  std::string last;
  for (int i = 0; i < 7; ++i) {
    tv1::Candidate candidate =
        Candidate(absl::StrCat("View ", i), absl::StrCat("view", i, "@example.com"),
                  i % 2 == 0 ? "PT" : "BR", i % 2 == 0 ? "Europe/Lisbon" : "America/Sao_Paulo");
    candidate.mutable_monthly_rate()->set_units(3000 + 250 * i);
    if (i % 3 == 0) {
      auto* kubernetes = candidate.add_skills();
      kubernetes->set_skill("kubernetes");
      kubernetes->set_level(3);
      kubernetes->set_years(2);
    }
    last = Add(candidate).name();
  }
  ASSERT_TRUE(WaitUntilFound(role.name(), last, true));

  tv1::SearchCandidatesRequest full = ForRole(role.name());
  full.set_page_size(3);
  tv1::SearchCandidatesRequest basic = full;
  basic.set_view(tv1::BASIC);
  int pages = 0;
  std::vector<std::string> walked;
  do {
    tv1::SearchCandidatesResponse full_page;
    tv1::SearchCandidatesResponse basic_page;
    grpc::Status status = Search(full, &full_page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    status = Search(basic, &basic_page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(basic_page.total_size(), full_page.total_size());
    EXPECT_EQ(basic_page.next_page_token(), full_page.next_page_token());
    ASSERT_EQ(basic_page.matches_size(), full_page.matches_size());
    for (int i = 0; i < full_page.matches_size(); ++i) {
      const tv1::CandidateMatch& f = full_page.matches(i);
      const tv1::CandidateMatch& b = basic_page.matches(i);
      EXPECT_FALSE(f.candidate().display_name().empty());
      EXPECT_EQ(f.factors_size(), 8);
      tv1::CandidateMatch expected;
      expected.mutable_candidate()->set_name(f.candidate().name());
      expected.set_score(f.score());
      expected.set_overlap_hours_min(f.overlap_hours_min());
      expected.set_overlap_hours_max(f.overlap_hours_max());
      expected.set_in_other_process(f.in_other_process());
      EXPECT_EQ(b.SerializeAsString(), expected.SerializeAsString()) << b.DebugString();
      walked.push_back(b.candidate().name());
    }
    // Read on in the other view from this page's token: it is the same token.
    full.set_page_token(basic_page.next_page_token());
    basic.set_page_token(full_page.next_page_token());
    ++pages;
  } while (!full.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(std::set<std::string>(walked.begin(), walked.end()).size(), 7u);

  // FULL is the default: an unset view answers the very same bytes.
  tv1::SearchCandidatesRequest unset = ForRole(role.name());
  tv1::SearchCandidatesRequest explicit_full = unset;
  explicit_full.set_view(tv1::FULL);
  tv1::SearchCandidatesResponse unset_page;
  tv1::SearchCandidatesResponse full_page;
  ASSERT_TRUE(Search(unset, &unset_page).ok());
  ASSERT_TRUE(Search(explicit_full, &full_page).ok());
  EXPECT_EQ(unset_page.SerializeAsString(), full_page.SerializeAsString());
  EXPECT_EQ(full_page.matches_size(), 7);

  tv1::SearchCandidatesRequest unknown = ForRole(role.name());
  unknown.set_view(static_cast<tv1::CandidateMatchView>(7));
  tv1::SearchCandidatesResponse refused;
  const grpc::Status status = Search(unknown, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(::testing::Key("view")));
}

TEST(SearchWithoutIntake, ARoleSearchFailsUnavailableWhenIntakeIsDown) {
  TestDatabase database;
  TalentTestServer talent(database.url(), "127.0.0.1:1");
  auto stub = talent.NewStub();
  tv1::SearchCandidatesRequest request;
  request.set_role(
      "clients/00000000-0000-4000-8000-000000000001/roles/"
      "00000000-0000-4000-8000-000000000002");
  tv1::SearchCandidatesResponse response;
  grpc::Status status = stub->SearchCandidates(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("intake service is unavailable"));
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::INTAKE_UNAVAILABLE));
}

}  // namespace
}  // namespace meridian::testing
