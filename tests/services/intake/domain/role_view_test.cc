// What a partner agency sees of a role: OPEN ones only, without the budget or the client's
// answers behind the role's kind.
#include "services/intake/domain/role_view.h"

#include "gtest/gtest.h"

namespace meridian::intake {
namespace {

Caller Partner() {
  return {.principal = "apiKeys/p", .role = access::v1::PARTNER, .agency = "agencies/a"};
}
Caller Recruiter() { return {.principal = "apiKeys/r", .role = access::v1::RECRUITER}; }

v1::Role FullRole(v1::Role::State state) {
  v1::Role role;
  role.set_title("Backend engineer");
  role.set_state(state);
  role.mutable_monthly_budget()->set_currency_code("USD");
  role.mutable_monthly_budget()->set_units(9000);
  role.mutable_kind_answers()->set_architecture_owner(v1::THE_HIRE);
  role.mutable_kind_recommendation()->set_kind(common::v1::BACKEND_ENGINEER);
  return role;
}

TEST(RoleView, APartnerSeesOnlyOpenRoles) {
  EXPECT_TRUE(MaySeeRole(Partner(), FullRole(v1::Role::OPEN)));
  for (v1::Role::State state : {v1::Role::ON_HOLD, v1::Role::FILLED, v1::Role::CANCELLED}) {
    EXPECT_FALSE(MaySeeRole(Partner(), FullRole(state))) << v1::Role::State_Name(state);
    EXPECT_TRUE(MaySeeRole(Recruiter(), FullRole(state))) << v1::Role::State_Name(state);
  }
}

TEST(RoleView, APartnerSeesNoBudgetAndNoKindAnswers) {
  v1::Role role = FullRole(v1::Role::OPEN);
  ShowRoleTo(Partner(), role);
  EXPECT_EQ(role.title(), "Backend engineer");
  EXPECT_FALSE(role.has_monthly_budget());
  EXPECT_FALSE(role.has_kind_answers());
  EXPECT_FALSE(role.has_kind_recommendation());
  v1::Role whole = FullRole(v1::Role::OPEN);
  ShowRoleTo(Recruiter(), whole);
  EXPECT_EQ(whole.SerializeAsString(), FullRole(v1::Role::OPEN).SerializeAsString());
}

}  // namespace
}  // namespace meridian::intake
