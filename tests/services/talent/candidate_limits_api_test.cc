// Issue 17, through a real talent server over a real PostgreSQL: a rate that would reach the
// search index wrong is refused at the API (in units and in dollars), a phone with a double
// "+" is refused, and list filters that cannot mean what they say are INVALID_ARGUMENT.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::Pair;
namespace v1 = talent::v1;

v1::Candidate Candidate(const std::string& email) {
  v1::Candidate candidate;
  candidate.set_display_name("Linh Nguyen");
  candidate.set_email(email);
  candidate.set_country("VN");
  candidate.mutable_working_hours()->set_time_zone("Asia/Ho_Chi_Minh");
  candidate.mutable_working_hours()->set_start("09:00");
  candidate.mutable_working_hours()->set_end("17:00");
  auto* skill = candidate.add_skills();
  skill->set_skill("go");
  skill->set_level(4);
  skill->set_years(5);
  candidate.mutable_monthly_rate()->set_currency_code("VND");
  candidate.mutable_monthly_rate()->set_units(100'000'000);  // 4,000 USD
  return candidate;
}

class CandidateLimitsApiTest : public ::testing::Test {
 protected:
  CandidateLimitsApiTest() : server_(database_.url()), stub_(server_.NewStub()) {}

  grpc::Status TryCreate(const v1::Candidate& candidate, v1::Candidate* created) {
    v1::CreateCandidateRequest request;
    *request.mutable_candidate() = candidate;
    return stub_->CreateCandidate(Context().get(), request, created);
  }

  grpc::Status TryList(const std::string& filter, v1::ListCandidatesResponse* response) {
    v1::ListCandidatesRequest request;
    request.set_filter(filter);
    return stub_->ListCandidates(Context().get(), request, response);
  }

  TestDatabase database_;
  TalentTestServer server_;
  std::unique_ptr<v1::TalentService::Stub> stub_;
};

// The probe's case: INT64_MAX VND was accepted, and the index cut it to 171,799 USD.
TEST_F(CandidateLimitsApiTest, RateIsBoundedInUnitsAndInDollars) {
  v1::Candidate candidate = Candidate("linh@example.com");
  v1::Candidate created;
  candidate.mutable_monthly_rate()->set_units(INT64_MAX);
  grpc::Status status = TryCreate(candidate, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), ElementsAre(Key("candidate.monthly_rate.units")));

  // 30,000,000,000 VND is 1,200,000 USD a month at the seeded rate.
  candidate.mutable_monthly_rate()->set_units(30'000'000'000);
  status = TryCreate(candidate, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status),
              Contains(Pair("candidate.monthly_rate.units", HasSubstr("1,000,000 USD"))));
  v1::ListCandidatesResponse listed;
  ASSERT_TRUE(TryList("", &listed).ok());
  EXPECT_EQ(listed.candidates_size(), 0);

  // Above 32 bits and within the bound: accepted and returned exactly.
  candidate.mutable_monthly_rate()->set_units(20'000'000'000);  // 800,000 USD
  status = TryCreate(candidate, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.monthly_rate().units(), 20'000'000'000);

  // An update is held to the same rule.
  v1::UpdateCandidateRequest update;
  *update.mutable_candidate() = created;
  update.mutable_candidate()->mutable_monthly_rate()->set_units(INT64_MAX);
  update.mutable_update_mask()->add_paths("monthly_rate.units");
  v1::Candidate updated;
  status = stub_->UpdateCandidate(Context().get(), update, &updated);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), ElementsAre(Key("candidate.monthly_rate.units")));
}

// The search answer the probe got wrong: the candidate must not pass a 200,000 USD budget.
TEST_F(CandidateLimitsApiTest, ExpensiveRateAboveThirtyTwoBitsDoesNotPassASmallerBudget) {
  v1::Candidate expensive = Candidate("expensive@example.com");
  expensive.mutable_monthly_rate()->set_units(20'000'000'000);  // 800,000 USD
  v1::Candidate created;
  ASSERT_TRUE(TryCreate(expensive, &created).ok());
  v1::Candidate cheap = Candidate("cheap@example.com");
  ASSERT_TRUE(TryCreate(cheap, &created).ok());
  server_.WaitForIndex();

  v1::SearchCandidatesRequest search;
  auto* criteria = search.mutable_criteria();
  criteria->mutable_working_hours()->set_time_zone("Asia/Ho_Chi_Minh");
  criteria->mutable_working_hours()->set_start("09:00");
  criteria->mutable_working_hours()->set_end("17:00");
  criteria->add_required_skills()->set_skill("go");
  criteria->mutable_monthly_budget()->set_currency_code("USD");
  criteria->mutable_monthly_budget()->set_units(200'000);
  v1::SearchCandidatesResponse response;
  grpc::Status status = stub_->SearchCandidates(Context().get(), search, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.matches_size(), 1);
  EXPECT_EQ(response.matches(0).candidate().name(), created.name());
}

TEST_F(CandidateLimitsApiTest, PhoneWithADoublePlusIsRefused) {
  v1::Candidate candidate = Candidate("linh@example.com");
  candidate.set_phone("++351 91");
  v1::Candidate created;
  grpc::Status status = TryCreate(candidate, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), ElementsAre(Key("candidate.phone")));
}

TEST_F(CandidateLimitsApiTest, QuotedOrTrailingFilterValuesAndUnknownCountriesAreRefused) {
  v1::Candidate created;
  ASSERT_TRUE(TryCreate(Candidate("linh@example.com"), &created).ok());
  for (const char* filter : {"country = 'VN'", "country = VN; DROP TABLE talent.candidates",
                             "country = VN --", "country = Vietnam"}) {
    v1::ListCandidatesResponse response;
    grpc::Status status = TryList(filter, &response);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << filter;
    EXPECT_THAT(ViolationsOf(status), ElementsAre(Key("filter"))) << filter;
  }
  v1::ListCandidatesResponse response;
  ASSERT_TRUE(TryList("country = \"VN\"", &response).ok());
  EXPECT_EQ(response.candidates_size(), 1);
}

}  // namespace
}  // namespace meridian::testing
