// Issue 17, through a real intake server over a real PostgreSQL: numbers that reach a
// computation are bounded at the API, and filters that cannot mean what they say are refused,
// each with INVALID_ARGUMENT naming the field and nothing written.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/intake/intake_test_server.h"
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
namespace v1 = intake::v1;

class IntakeLimitsApiTest : public ::testing::Test {
 protected:
  IntakeLimitsApiTest() : server_(database_.url()), stub_(server_.NewStub()) {}

  grpc::Status TryCreateClient(const v1::Client& client, v1::Client* created) {
    v1::CreateClientRequest request;
    *request.mutable_client() = client;
    return stub_->CreateClient(Context().get(), request, created);
  }

  grpc::Status TryCreateRole(const std::string& parent, const v1::Role& role, v1::Role* created) {
    v1::CreateRoleRequest request;
    request.set_parent(parent);
    *request.mutable_role() = role;
    return stub_->CreateRole(Context().get(), request, created);
  }

  int CountRoles() {
    v1::ListRolesRequest request;
    request.set_parent("clients/-");
    v1::ListRolesResponse response;
    EXPECT_TRUE(stub_->ListRoles(Context().get(), request, &response).ok());
    return response.roles_size();
  }

  TestDatabase database_;
  IntakeTestServer server_;
  std::unique_ptr<v1::IntakeService::Stub> stub_;
};

TEST_F(IntakeLimitsApiTest, TeamSizeIsBounded) {
  v1::Client client = ValidClient();
  client.set_team_size(2147483647);
  v1::Client created;
  grpc::Status status = TryCreateClient(client, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), ElementsAre(Key("client.team_size")));
  client.set_team_size(5'000'000);
  EXPECT_TRUE(TryCreateClient(client, &created).ok());
}

TEST_F(IntakeLimitsApiTest, BudgetIsBoundedInUnitsAndInDollars) {
  v1::Client client;
  ASSERT_TRUE(TryCreateClient(ValidClient(), &client).ok());
  v1::Role role = ValidRole();
  v1::Role created;

  role.mutable_monthly_budget()->set_units(INT64_MAX);
  grpc::Status status = TryCreateRole(client.name(), role, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), ElementsAre(Key("role.monthly_budget.units")));

  // 30,000,000,000 VND is 1,200,000 USD a month at the seeded 0.00004 USD/VND.
  role.mutable_monthly_budget()->set_currency_code("VND");
  role.mutable_monthly_budget()->set_units(30'000'000'000);
  status = TryCreateRole(client.name(), role, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status),
              Contains(Pair("role.monthly_budget.units", HasSubstr("1,000,000 USD"))));
  EXPECT_EQ(CountRoles(), 0);

  role.mutable_monthly_budget()->set_units(150'000'000);  // 6,000 USD
  ASSERT_TRUE(TryCreateRole(client.name(), role, &created).ok());

  // An update is held to the same rule.
  v1::UpdateRoleRequest update;
  *update.mutable_role() = created;
  update.mutable_role()->mutable_monthly_budget()->set_currency_code("USD");
  update.mutable_role()->mutable_monthly_budget()->set_units(2'000'000);
  update.mutable_update_mask()->add_paths("monthly_budget");
  v1::Role updated;
  status = stub_->UpdateRole(Context().get(), update, &updated);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), ElementsAre(Key("role.monthly_budget.units")));
}

TEST_F(IntakeLimitsApiTest, ContactPhoneWithADoublePlusIsRefused) {
  v1::Client client = ValidClient();
  client.mutable_contacts(0)->set_phone("++351 91");
  v1::Client created;
  grpc::Status status = TryCreateClient(client, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), ElementsAre(Key("client.contacts[0].phone")));
}

TEST_F(IntakeLimitsApiTest, QuotedOrTrailingFilterValuesAreRefused) {
  for (const char* filter : {"state = 'OPEN'", "state = OPEN; SELECT 1", "kind = \"QA"}) {
    v1::ListRolesRequest request;
    request.set_parent("clients/-");
    request.set_filter(filter);
    v1::ListRolesResponse response;
    grpc::Status status = stub_->ListRoles(Context().get(), request, &response);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << filter;
    EXPECT_THAT(ViolationsOf(status), ElementsAre(Key("filter"))) << filter;
  }
  v1::ListRolesRequest quoted;
  quoted.set_parent("clients/-");
  quoted.set_filter("state = \"OPEN\"");
  v1::ListRolesResponse response;
  EXPECT_TRUE(stub_->ListRoles(Context().get(), quoted, &response).ok());
}

}  // namespace
}  // namespace meridian::testing
