// The talent core's search and pipeline (SearchService, PipelineService) over a real
// PostgreSQL, with intake behind a FakeRoleSource instead of a running server: a role search
// is the search for what the role the source returns asks, and what the source says (not
// found, intake down) is what search and the pipeline answer. The same behaviour through real
// servers is in search_api_test and pipeline_api_test.
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/errors/errors.h"
#include "common/migrations/migrations.h"
#include "common/util/ids.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/talent/candidate_service.h"
#include "services/talent/index_follower.h"
#include "services/talent/pipeline/pipeline_service.h"
#include "services/talent/search/search_index.h"
#include "services/talent/search_service.h"
#include "tests/services/talent/fake_role_source.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
namespace iv1 = intake::v1;
namespace tv1 = talent::v1;

// "Today" for search: overlap is worked out over the weeks from here.
const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2027, 3, 1, 12, 0, 0), absl::UTCTimeZone());

class TalentCoreTest : public ::testing::Test {
 protected:
  TalentCoreTest()
      : pool_({.url = database_.url(), .size = 2}),
        candidates_(pool_),
        follower_(pool_, index_, {.poll_interval = absl::Milliseconds(50)}),
        search_(pool_, index_, follower_, roles_, [] { return kNow; }),
        pipeline_(pool_, roles_, search_) {
    absl::StatusOr<int> migrated = db::ApplyMigrations(database_.url(), db::AllMigrations());
    EXPECT_TRUE(migrated.ok()) << migrated.status();
    // Who the index starts with: the initial load reads them, so no test waits for the feed.
    lisbon_ = Add(Candidate("Ana Lisbon", "ana@example.com", "PT", "Europe/Lisbon"));
    sao_paulo_ = Add(Candidate("Bruno Sao Paulo", "bruno@example.com", "BR", "America/Sao_Paulo"));
    kolkata_ = Add(Candidate("Dev Kolkata", "dev@example.com", "IN", "Asia/Kolkata"));
    follower_.Start();
    for (int i = 0; i < 500 && !follower_.loaded(); ++i) absl::SleepFor(absl::Milliseconds(20));
    EXPECT_TRUE(follower_.loaded()) << "the search index did not load";
    role_ = Role();
    roles_.Add(role_);
  }

  ~TalentCoreTest() override {
    follower_.Stop();
    pool_.Close();
  }

  // An open role of a New York client: Node.js 3+, PostgreSQL 2+, 3 h overlap, 6,000 USD. Ana
  // (Lisbon) and Bruno (Sao Paulo) meet it; Dev (Kolkata) shares no working hour with it.
  static iv1::Role Role() {
    iv1::Role role;
    role.set_name(absl::StrCat("clients/", NewResourceId(), "/roles/", NewResourceId()));
    role.set_state(iv1::Role::OPEN);
    role.set_kind(common::v1::BACKEND_DEVELOPER);
    role.set_seniority(common::v1::SENIOR);
    auto* node = role.add_required_skills();
    node->set_skill("nodejs");
    node->set_min_level(3);
    auto* postgres = role.add_required_skills();
    postgres->set_skill("postgresql");
    postgres->set_min_level(2);
    role.mutable_working_hours()->set_time_zone("America/New_York");
    role.mutable_working_hours()->set_start("09:00");
    role.mutable_working_hours()->set_end("17:00");
    role.set_min_overlap_hours(3);
    role.mutable_monthly_budget()->set_currency_code("USD");
    role.mutable_monthly_budget()->set_units(6000);
    role.set_headcount(1);
    return role;
  }

  tv1::Candidate Add(const tv1::Candidate& candidate) {
    tv1::CreateCandidateRequest request;
    *request.mutable_candidate() = candidate;
    absl::StatusOr<tv1::Candidate> created = candidates_.CreateCandidate(request, Recruiter());
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : tv1::Candidate();
  }

  absl::StatusOr<tv1::SearchCandidatesResponse> SearchRole(const std::string& role) {
    tv1::SearchCandidatesRequest request;
    request.set_role(role);
    return search_.SearchCandidates(request, Deadline());
  }

  // The display names of a search's matches.
  static std::set<std::string> Names(const tv1::SearchCandidatesResponse& response) {
    std::set<std::string> names;
    for (const auto& match : response.matches()) names.insert(match.candidate().display_name());
    return names;
  }

  absl::StatusOr<tv1::Submission> PutForward(const std::string& role,
                                             const tv1::Candidate& candidate) {
    tv1::CreateSubmissionRequest request;
    request.set_parent(role);
    request.mutable_submission()->set_candidate(candidate.name());
    return pipeline_.CreateSubmission(request, Recruiter());
  }

  tv1::Candidate::State StateOf(const tv1::Candidate& candidate) {
    tv1::GetCandidateRequest request;
    request.set_name(candidate.name());
    absl::StatusOr<tv1::Candidate> found = candidates_.GetCandidate(request, Recruiter());
    EXPECT_TRUE(found.ok()) << found.status();
    return found.ok() ? found->state() : tv1::Candidate::STATE_UNSPECIFIED;
  }

  static absl::Time Deadline() { return absl::Now() + absl::Seconds(10); }
  static CallContext Recruiter() {
    CallContext call;
    call.deadline = Deadline();
    call.caller = {.principal = "apiKeys/recruiter", .role = access::v1::RECRUITER};
    return call;
  }

  TestDatabase database_;
  db::ConnectionPool pool_;
  talent::CandidateService candidates_;
  talent::SearchIndex index_;
  talent::IndexFollower follower_;
  FakeRoleSource roles_;
  talent::SearchService search_;
  talent::PipelineService pipeline_;
  tv1::Candidate lisbon_;
  tv1::Candidate sao_paulo_;
  tv1::Candidate kolkata_;
  iv1::Role role_;
};

TEST_F(TalentCoreTest, ARoleSearchFindsWhoMeetsTheRoleTheSourceReturns) {
  absl::StatusOr<tv1::SearchCandidatesResponse> found = SearchRole(role_.name());
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(Names(*found), (std::set<std::string>{"Ana Lisbon", "Bruno Sao Paulo"}));
  EXPECT_THAT(roles_.asked(), ElementsAre(role_.name()));

  // The role is read on every search: what the source says now is what is searched for.
  iv1::Role stricter = role_;
  auto* kubernetes = stricter.add_required_skills();
  kubernetes->set_skill("kubernetes");
  kubernetes->set_min_level(3);
  roles_.Add(stricter);
  absl::StatusOr<tv1::SearchCandidatesResponse> none = SearchRole(role_.name());
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_THAT(none->matches(), IsEmpty());
}

TEST_F(TalentCoreTest, ARoleTheSourceDoesNotKnowIsNotFound) {
  const std::string unknown = absl::StrCat("clients/", NewResourceId(), "/roles/", NewResourceId());
  absl::StatusOr<tv1::SearchCandidatesResponse> found = SearchRole(unknown);
  EXPECT_EQ(found.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(HasReason(found.status(), common::v1::RESOURCE_NOT_FOUND));
  EXPECT_EQ(PutForward(unknown, lisbon_).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(StateOf(lisbon_), tv1::Candidate::AVAILABLE);
}

TEST_F(TalentCoreTest, WithIntakeDownARoleSearchIsUnavailableAndCriteriaStillWork) {
  roles_.FailWith(WithReason(absl::UnavailableError("the intake service is unavailable"),
                             common::v1::INTAKE_UNAVAILABLE));
  absl::StatusOr<tv1::SearchCandidatesResponse> by_role = SearchRole(role_.name());
  EXPECT_EQ(by_role.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(HasReason(by_role.status(), common::v1::INTAKE_UNAVAILABLE));
  EXPECT_EQ(PutForward(role_.name(), lisbon_).status().code(), absl::StatusCode::kUnavailable);

  // The same criteria inline need no intake.
  const size_t asked = roles_.asked().size();
  tv1::SearchCandidatesRequest inline_criteria;
  *inline_criteria.mutable_criteria() = talent::CriteriaFromRole(role_);
  absl::StatusOr<tv1::SearchCandidatesResponse> by_criteria =
      search_.SearchCandidates(inline_criteria, Deadline());
  ASSERT_TRUE(by_criteria.ok()) << by_criteria.status();
  EXPECT_EQ(Names(*by_criteria), (std::set<std::string>{"Ana Lisbon", "Bruno Sao Paulo"}));
  EXPECT_EQ(roles_.asked().size(), asked);
}

TEST_F(TalentCoreTest, APutForwardCandidateCarriesTheirMatchAgainstTheRole) {
  absl::StatusOr<tv1::Submission> ana = PutForward(role_.name(), lisbon_);
  ASSERT_TRUE(ana.ok()) << ana.status();
  EXPECT_EQ(ana->stage(), tv1::Submission::SOURCED);
  EXPECT_GT(ana->match_score(), 0);
  EXPECT_EQ(StateOf(lisbon_), tv1::Candidate::INTERVIEWING);

  // Someone who misses a hard filter may still be put forward, and the submission says so.
  absl::StatusOr<tv1::Submission> dev = PutForward(role_.name(), kolkata_);
  ASSERT_TRUE(dev.ok()) << dev.status();
  EXPECT_EQ(dev->match_score(), 0);
  ASSERT_EQ(dev->match_factors_size(), 1);
  EXPECT_EQ(dev->match_factors(0).factor(), "filters");
}

TEST_F(TalentCoreTest, OnlyAnOpenRoleTakesCandidates) {
  iv1::Role on_hold = role_;
  on_hold.set_state(iv1::Role::ON_HOLD);
  roles_.Add(on_hold);
  absl::StatusOr<tv1::Submission> refused = PutForward(role_.name(), sao_paulo_);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(HasReason(refused.status(), common::v1::ROLE_NOT_OPEN));
  EXPECT_EQ(StateOf(sao_paulo_), tv1::Candidate::AVAILABLE);

  roles_.Add(role_);  // open again
  EXPECT_TRUE(PutForward(role_.name(), sao_paulo_).ok());
}

}  // namespace
}  // namespace meridian::testing
