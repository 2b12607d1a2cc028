// The PARTNER rules over messages alone: what a partner sees of a candidate, a submission and
// a role, and which external ids it may set. (The API test partner_tenancy_api_test proves them
// through real servers.)
#include "common/tenancy/partner_view.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

namespace meridian {

namespace v1 = talent::v1;
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr char kAcme[] = "agencies/aaaaaaaa-0000-4000-8000-0000000000a0";
constexpr char kGlobex[] = "agencies/bbbbbbbb-0000-4000-8000-0000000000b0";

Caller Partner(const std::string& agency) {
  return {.principal = "apiKeys/partner", .role = access::v1::PARTNER, .agency = agency};
}
Caller Recruiter() { return {.principal = "apiKeys/recruiter", .role = access::v1::RECRUITER}; }

TEST(PartnerView, APartnerSeesOnlyItsAgencysCandidatesStaffSeeAll) {
  v1::Candidate candidate;
  candidate.set_owner(kAcme);
  EXPECT_TRUE(MaySee(Partner(kAcme), candidate));
  EXPECT_FALSE(MaySee(Partner(kGlobex), candidate));
  EXPECT_TRUE(MaySee(Recruiter(), candidate));
  candidate.clear_owner();  // the agency's own sourcers' candidate
  EXPECT_FALSE(MaySee(Partner(kAcme), candidate));
  // A partner key without an agency (never issued) sees nothing, not the ownerless pool.
  EXPECT_FALSE(MaySee(Partner(""), candidate));
  EXPECT_TRUE(MaySee(Recruiter(), candidate));
  EXPECT_EQ(OwnerFor(Partner(kAcme)), kAcme);
  EXPECT_EQ(OwnerFor(Recruiter()), "");
}

TEST(PartnerView, APartnerSeesOnlyItsOwnExternalId) {
  v1::Candidate candidate;
  (*candidate.mutable_external_ids())[kAcme] = "A-1";
  (*candidate.mutable_external_ids())[kGlobex] = "G-1";
  v1::Candidate as_acme = candidate;
  ShowTo(Partner(kAcme), as_acme);
  EXPECT_THAT(as_acme.external_ids(), ElementsAre(Pair(kAcme, "A-1")));
  v1::Candidate as_staff = candidate;
  ShowTo(Recruiter(), as_staff);
  EXPECT_THAT(as_staff.external_ids(),
              UnorderedElementsAre(Pair(kAcme, "A-1"), Pair(kGlobex, "G-1")));
}

TEST(PartnerView, ExternalIdsNameAnAgencyAndAPartnerOnlyItsOwn) {
  v1::Candidate candidate;
  (*candidate.mutable_external_ids())[kGlobex] = "G-1";
  (*candidate.mutable_external_ids())["acme"] = "A-1";
  (*candidate.mutable_external_ids())[kAcme] = std::string(129, 'x');
  FieldViolations violations;
  CheckExternalIds(Partner(kAcme), candidate, "candidate", violations);
  EXPECT_THAT(
      testing::ViolationsOf(violations.ToStatus()),
      UnorderedElementsAre(Key("candidate.external_ids[\"acme\"]"),
                           Key(std::string("candidate.external_ids[\"") + kAcme + "\"]"),
                           Key(std::string("candidate.external_ids[\"") + kGlobex + "\"]")));
  FieldViolations staff;
  candidate.mutable_external_ids()->erase("acme");
  (*candidate.mutable_external_ids())[kAcme] = "A-1";
  CheckExternalIds(Recruiter(), candidate, "candidate", staff);
  EXPECT_TRUE(staff.empty());
}

TEST(PartnerView, APartnersUpdateKeepsTheOtherAgenciesIds) {
  v1::Candidate stored;
  (*stored.mutable_external_ids())[kAcme] = "A-1";
  (*stored.mutable_external_ids())[kGlobex] = "G-1";
  v1::Candidate updated;
  (*updated.mutable_external_ids())[kAcme] = "A-2";
  KeepOtherAgenciesIds(Partner(kAcme), stored, updated);
  EXPECT_THAT(updated.external_ids(),
              UnorderedElementsAre(Pair(kAcme, "A-2"), Pair(kGlobex, "G-1")));
  // Staff replace the whole map.
  v1::Candidate by_staff;
  (*by_staff.mutable_external_ids())[kAcme] = "A-3";
  KeepOtherAgenciesIds(Recruiter(), stored, by_staff);
  EXPECT_THAT(by_staff.external_ids(), ElementsAre(Pair(kAcme, "A-3")));
}

TEST(PartnerView, APartnerSeesItsSubmissionsWithoutTheScoreOrOthersNotes) {
  v1::Submission submission;
  submission.set_submitted_by(kAcme);
  submission.set_match_score(0.8);
  submission.add_match_factors()->set_factor("rate");
  auto* own = submission.add_history();
  own->set_actor("apiKeys/partner");
  own->set_note("our best backend developer");
  auto* recruiter = submission.add_history();
  recruiter->set_actor("apiKeys/recruiter");
  recruiter->set_on_behalf_of("jane");
  recruiter->set_note("client worried about the rate");
  recruiter->set_stage(v1::Submission::SHORTLISTED);

  EXPECT_TRUE(MaySee(Partner(kAcme), submission));
  EXPECT_FALSE(MaySee(Partner(kGlobex), submission));
  EXPECT_TRUE(MaySee(Recruiter(), submission));
  v1::Submission as_acme = submission;
  ShowTo(Partner(kAcme), as_acme);
  EXPECT_EQ(as_acme.match_score(), 0);
  EXPECT_THAT(as_acme.match_factors(), IsEmpty());
  EXPECT_EQ(as_acme.history(0).note(), "our best backend developer");
  EXPECT_EQ(as_acme.history(1).stage(), v1::Submission::SHORTLISTED);
  EXPECT_EQ(as_acme.history(1).actor(), "");
  EXPECT_EQ(as_acme.history(1).on_behalf_of(), "");
  EXPECT_EQ(as_acme.history(1).note(), "");
  v1::Submission as_staff = submission;
  ShowTo(Recruiter(), as_staff);
  EXPECT_EQ(as_staff.SerializeAsString(), submission.SerializeAsString());
  EXPECT_EQ(SubmitterFor(Partner(kAcme)), kAcme);
  EXPECT_EQ(SubmitterFor(Recruiter()), "apiKeys/recruiter");
}

intake::v1::Role FullRole(intake::v1::Role::State state) {
  intake::v1::Role role;
  role.set_title("Backend engineer");
  role.set_state(state);
  role.mutable_monthly_budget()->set_currency_code("USD");
  role.mutable_monthly_budget()->set_units(9000);
  role.mutable_kind_answers()->set_architecture_owner(intake::v1::THE_HIRE);
  role.mutable_kind_recommendation()->set_kind(common::v1::BACKEND_ENGINEER);
  return role;
}

TEST(PartnerView, APartnerSeesOnlyOpenRoles) {
  EXPECT_TRUE(MaySee(Partner(kAcme), FullRole(intake::v1::Role::OPEN)));
  for (intake::v1::Role::State state :
       {intake::v1::Role::ON_HOLD, intake::v1::Role::FILLED, intake::v1::Role::CANCELLED}) {
    EXPECT_FALSE(MaySee(Partner(kAcme), FullRole(state))) << intake::v1::Role::State_Name(state);
    EXPECT_TRUE(MaySee(Recruiter(), FullRole(state))) << intake::v1::Role::State_Name(state);
  }
}

TEST(PartnerView, APartnerSeesARoleWithoutTheBudgetOrTheKindAnswers) {
  intake::v1::Role role = FullRole(intake::v1::Role::OPEN);
  ShowTo(Partner(kAcme), role);
  EXPECT_EQ(role.title(), "Backend engineer");
  EXPECT_FALSE(role.has_monthly_budget());
  EXPECT_FALSE(role.has_kind_answers());
  EXPECT_FALSE(role.has_kind_recommendation());
  intake::v1::Role whole = FullRole(intake::v1::Role::OPEN);
  ShowTo(Recruiter(), whole);
  EXPECT_EQ(whole.SerializeAsString(), FullRole(intake::v1::Role::OPEN).SerializeAsString());
}

}  // namespace
}  // namespace meridian
