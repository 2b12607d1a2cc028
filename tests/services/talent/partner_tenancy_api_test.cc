// Partner agencies through real intake and talent servers over a real PostgreSQL: each
// agency's key brings candidates in, puts them forward and follows them, and sees nothing
// else: another agency's candidates and submissions read as NOT_FOUND, a duplicate across
// agencies says nothing about the existing record, roles show only OPEN ones without the
// budget, and what no partner may do is PERMISSION_DENIED.
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/field_mask_util.h"
#include "gtest/gtest.h"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/intake/intake_test_server.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"

namespace meridian::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::Not;
using ::testing::Pair;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;
namespace tv1 = talent::v1;
namespace iv1 = intake::v1;

// Two partner agencies (agency ids are server-made UUIDs).
constexpr char kAcme[] = "agencies/aaaaaaaa-0000-4000-8000-0000000000a0";
constexpr char kGlobex[] = "agencies/bbbbbbbb-0000-4000-8000-0000000000b0";

// One principal's view of both services.
struct Principal {
  std::unique_ptr<iv1::IntakeService::Stub> intake;
  std::unique_ptr<tv1::TalentService::Stub> talent;
};

class PartnerTenancyApiTest : public ::testing::Test {
 protected:
  PartnerTenancyApiTest()
      : intake_(database_.url()),
        talent_(database_.url(), intake_.address()),
        admin_(As(CreateTestKey(database_.url(), access::v1::ADMIN))),
        acme_(As(CreateTestKey(database_.url(), access::v1::PARTNER, kAcme))),
        globex_(As(CreateTestKey(database_.url(), access::v1::PARTNER, kGlobex))) {
    iv1::CreateClientRequest request;
    *request.mutable_client() = ValidClient();
    EXPECT_TRUE(admin_.intake->CreateClient(Context().get(), request, &client_).ok());
  }

  Principal As(const std::string& key) {
    return {iv1::IntakeService::NewStub(intake_.in_process().ChannelWithKey(key)),
            tv1::TalentService::NewStub(talent_.in_process().ChannelWithKey(key))};
  }

  iv1::Role CreateRole(int64_t budget_units) {
    iv1::CreateRoleRequest request;
    request.set_parent(client_.name());
    iv1::Role& role = *request.mutable_role();
    role = BackendDeveloperRole();
    role.mutable_monthly_budget()->set_currency_code("USD");
    role.mutable_monthly_budget()->set_units(budget_units);
    role.mutable_kind_answers()->set_architecture_owner(iv1::EXISTING_TEAM);
    iv1::Role created;
    grpc::Status status = admin_.intake->CreateRole(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  iv1::Role PutOnHold(const iv1::Role& role) {
    iv1::HoldRoleRequest request;
    request.set_name(role.name());
    iv1::Role updated;
    grpc::Status status = admin_.intake->HoldRole(Context().get(), request, &updated);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return updated;
  }

  grpc::Status Create(Principal& who, const tv1::Candidate& candidate, tv1::Candidate* created) {
    tv1::CreateCandidateRequest request;
    *request.mutable_candidate() = candidate;
    return who.talent->CreateCandidate(Context().get(), request, created);
  }

  tv1::Candidate MustCreate(Principal& who, const tv1::Candidate& candidate) {
    tv1::Candidate created;
    grpc::Status status = Create(who, candidate, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  grpc::Status Get(Principal& who, const std::string& name, tv1::Candidate* found) {
    tv1::GetCandidateRequest request;
    request.set_name(name);
    return who.talent->GetCandidate(Context().get(), request, found);
  }

  std::vector<std::string> ListNames(Principal& who, const std::string& filter = "") {
    tv1::ListCandidatesRequest request;
    request.set_filter(filter);
    request.set_page_size(1000);
    tv1::ListCandidatesResponse response;
    grpc::Status status = who.talent->ListCandidates(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const tv1::Candidate& candidate : response.candidates()) {
      names.push_back(candidate.name());
    }
    return names;
  }

  grpc::Status Update(Principal& who, const tv1::Candidate& candidate,
                      const std::vector<std::string>& paths, tv1::Candidate* updated) {
    tv1::UpdateCandidateRequest request;
    *request.mutable_candidate() = candidate;
    for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
    return who.talent->UpdateCandidate(Context().get(), request, updated);
  }

  grpc::Status Delete(Principal& who, const std::string& name) {
    tv1::DeleteCandidateRequest request;
    request.set_name(name);
    google::protobuf::Empty empty;
    return who.talent->DeleteCandidate(Context().get(), request, &empty);
  }

  grpc::Status Lookup(Principal& who, const std::string& agency, const std::string& external_id,
                      tv1::Candidate* found) {
    tv1::LookupCandidateRequest request;
    request.set_agency(agency);
    request.set_external_id(external_id);
    return who.talent->LookupCandidate(Context().get(), request, found);
  }

  grpc::Status Submit(Principal& who, const std::string& role, const std::string& candidate,
                      tv1::Submission* created,
                      tv1::Submission::Stage stage = tv1::Submission::STAGE_UNSPECIFIED) {
    tv1::CreateSubmissionRequest request;
    request.set_parent(role);
    request.mutable_submission()->set_candidate(candidate);
    request.mutable_submission()->set_stage(stage);
    return who.talent->CreateSubmission(Context().get(), request, created);
  }

  grpc::Status GetSubmission(Principal& who, const std::string& name, tv1::Submission* found) {
    tv1::GetSubmissionRequest request;
    request.set_name(name);
    return who.talent->GetSubmission(Context().get(), request, found);
  }

  std::vector<std::string> ListSubmissionNames(Principal& who) {
    tv1::ListSubmissionsRequest request;
    request.set_parent("clients/-/roles/-");
    request.set_page_size(1000);
    tv1::ListSubmissionsResponse response;
    grpc::Status status = who.talent->ListSubmissions(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const tv1::Submission& submission : response.submissions()) {
      names.push_back(submission.name());
    }
    return names;
  }

  TestDatabase database_;
  IntakeTestServer intake_;
  TalentTestServer talent_;
  Principal admin_;
  Principal acme_;
  Principal globex_;
  iv1::Client client_;
};

// Everything a status carries (message and details) as one string, to look for leaks in.
std::string Everything(const grpc::Status& status) {
  return status.error_message() + status.error_details();
}

TEST_F(PartnerTenancyApiTest, APartnersCandidatesAreItsAgencysAndHiddenFromOtherPartners) {
  tv1::Candidate input = Candidate("Ana Lisbon", "ana@example.com", "PT", "Europe/Lisbon");
  input.set_owner(kGlobex);  // output only: the caller's agency decides
  const tv1::Candidate ana = MustCreate(acme_, input);
  EXPECT_EQ(ana.owner(), kAcme);
  const tv1::Candidate bea =
      MustCreate(admin_, Candidate("Bea Porto", "bea@example.com", "PT", "Europe/Lisbon"));
  EXPECT_EQ(bea.owner(), "");

  tv1::Candidate found;
  ASSERT_TRUE(Get(acme_, ana.name(), &found).ok());
  EXPECT_EQ(found.email(), "ana@example.com");
  ASSERT_TRUE(Get(admin_, ana.name(), &found).ok());
  EXPECT_EQ(found.owner(), kAcme);

  // Another agency's candidate and the agency's own sourcers' candidates do not exist for it.
  grpc::Status status = Get(globex_, ana.name(), &found);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_EQ(Get(acme_, bea.name(), &found).error_code(), grpc::StatusCode::NOT_FOUND);
  // The same answer as for a name that was never there.
  const grpc::Status never =
      Get(globex_, "candidates/00000000-0000-4000-8000-000000000000", &found);
  EXPECT_EQ(ReasonOf(status), ReasonOf(never));

  EXPECT_THAT(ListNames(acme_), ElementsAre(ana.name()));
  EXPECT_THAT(ListNames(globex_), IsEmpty());
  // A filter cannot widen a partner's list.
  EXPECT_THAT(ListNames(acme_, "owner = none"), IsEmpty());
  EXPECT_THAT(ListNames(globex_, absl::StrCat("owner = ", kAcme)), IsEmpty());
  // Staff see everyone, and can pick by owner.
  EXPECT_THAT(ListNames(admin_), UnorderedElementsAre(ana.name(), bea.name()));
  EXPECT_THAT(ListNames(admin_, absl::StrCat("owner = ", kAcme)), ElementsAre(ana.name()));
  EXPECT_THAT(ListNames(admin_, "owner = none"), ElementsAre(bea.name()));
}

TEST_F(PartnerTenancyApiTest, APartnerUpdatesAndErasesOnlyItsOwnCandidates) {
  const tv1::Candidate ana =
      MustCreate(acme_, Candidate("Ana Lisbon", "ana@example.com", "PT", "Europe/Lisbon"));
  const tv1::Candidate bea =
      MustCreate(admin_, Candidate("Bea Porto", "bea@example.com", "PT", "Europe/Lisbon"));

  tv1::Candidate change = ana;
  change.set_display_name("Ana by Globex");
  tv1::Candidate updated;
  EXPECT_EQ(Update(globex_, change, {"display_name"}, &updated).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Delete(globex_, ana.name()).error_code(), grpc::StatusCode::NOT_FOUND);
  tv1::Candidate other = bea;
  other.set_display_name("Bea by Acme");
  EXPECT_EQ(Update(acme_, other, {"display_name"}, &updated).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Delete(acme_, bea.name()).error_code(), grpc::StatusCode::NOT_FOUND);

  // Nothing changed for the refused calls.
  tv1::Candidate found;
  ASSERT_TRUE(Get(admin_, ana.name(), &found).ok());
  EXPECT_EQ(found.display_name(), "Ana Lisbon");
  ASSERT_TRUE(Get(admin_, bea.name(), &found).ok());
  EXPECT_EQ(found.display_name(), "Bea Porto");

  // Its own: yes. The owner is output only and cannot be moved by a mask.
  change.set_display_name("Ana Sofia");
  grpc::Status status = Update(acme_, change, {"display_name"}, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.display_name(), "Ana Sofia");
  EXPECT_EQ(updated.owner(), kAcme);
  tv1::Candidate moved = updated;
  moved.set_owner(kGlobex);
  status = Update(admin_, moved, {"owner"}, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  ASSERT_TRUE(Delete(acme_, ana.name()).ok());
  EXPECT_EQ(Get(admin_, ana.name(), &found).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PartnerTenancyApiTest, ADuplicateAcrossAgenciesSaysNothingAboutTheExistingRecord) {
  tv1::Candidate input = Candidate("Ana Lisbon", "ana@example.com", "PT", "Europe/Lisbon");
  input.set_phone("+351 912 345 678");
  const tv1::Candidate ana = MustCreate(acme_, input);
  const tv1::Candidate bea =
      MustCreate(admin_, Candidate("Bea Porto", "bea@example.com", "PT", "Europe/Lisbon"));
  const std::string ana_id = ana.name().substr(std::string("candidates/").size());
  const std::string bea_id = bea.name().substr(std::string("candidates/").size());

  // Globex brings in Acme's person (same email in another case); Acme brings in the agency's
  // own sourcers' person; Globex uses Acme's person's phone written another way.
  tv1::Candidate same_email = Candidate("A. Lisbon", " ANA@example.com", "PT", "Europe/Lisbon");
  tv1::Candidate sourcers = Candidate("B. Porto", "bea@example.com", "PT", "Europe/Lisbon");
  tv1::Candidate same_phone = Candidate("Ana L.", "ana.l@example.com", "PT", "Europe/Lisbon");
  same_phone.set_phone("+351-912-345-678");
  const std::vector<std::pair<Principal*, tv1::Candidate>> attempts = {
      {&globex_, same_email}, {&acme_, sourcers}, {&globex_, same_phone}};
  for (const auto& [who, candidate] : attempts) {
    tv1::Candidate created;
    const grpc::Status status = Create(*who, candidate, &created);
    ASSERT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << status.error_message();
    EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::CANDIDATE_ALREADY_REPRESENTED));
    EXPECT_THAT(ErrorMetadataOf(status), IsEmpty());
    for (const std::string& secret : {ana_id, bea_id, std::string("agencies/"),
                                      std::string("Ana Lisbon"), std::string("Bea Porto")}) {
      EXPECT_FALSE(absl::StrContains(Everything(status), secret)) << secret;
    }
  }

  // An update onto someone else's email is the same refusal.
  tv1::Candidate own =
      MustCreate(globex_, Candidate("Cai", "cai@example.com", "PT", "Europe/Lisbon"));
  own.set_email("ana@example.com");
  tv1::Candidate updated;
  grpc::Status status = Update(globex_, own, {"email"}, &updated);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::CANDIDATE_ALREADY_REPRESENTED));
  EXPECT_FALSE(absl::StrContains(Everything(status), ana_id));

  // Its own duplicate a partner may be told about; staff are told about anyone's.
  tv1::Candidate created;
  status = Create(acme_, same_email, &created);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::DUPLICATE_CANDIDATE));
  EXPECT_THAT(ErrorMetadataOf(status), ElementsAre(Pair("existing_candidate", ana.name())));
  status = Create(admin_, same_email, &created);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::DUPLICATE_CANDIDATE));
  EXPECT_THAT(ErrorMetadataOf(status), ElementsAre(Pair("existing_candidate", ana.name())));
}

TEST_F(PartnerTenancyApiTest, PartnersKnowTheirCandidatesByTheirOwnIds) {
  tv1::Candidate input = Candidate("Ana Lisbon", "ana@example.com", "PT", "Europe/Lisbon");
  (*input.mutable_external_ids())[kAcme] = "A-1";
  const tv1::Candidate ana = MustCreate(acme_, input);
  EXPECT_THAT(ana.external_ids(), ElementsAre(Pair(kAcme, "A-1")));

  tv1::Candidate found;
  ASSERT_TRUE(Lookup(acme_, "", "A-1", &found).ok());  // empty: its own agency
  EXPECT_EQ(found.name(), ana.name());
  ASSERT_TRUE(Lookup(admin_, kAcme, "A-1", &found).ok());
  EXPECT_EQ(found.name(), ana.name());
  EXPECT_EQ(Lookup(globex_, kAcme, "A-1", &found).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Lookup(globex_, "", "A-1", &found).error_code(), grpc::StatusCode::NOT_FOUND);
  grpc::Status status = Lookup(admin_, "", "A-1", &found);
  EXPECT_THAT(ViolationsOf(status), ElementsAre(Key("agency")));

  // A partner names only its own agency's id; the id is unique per agency.
  tv1::Candidate foreign = Candidate("Bea", "bea@example.com", "PT", "Europe/Lisbon");
  (*foreign.mutable_external_ids())[kGlobex] = "G-1";
  tv1::Candidate created;
  status = Create(acme_, foreign, &created);
  EXPECT_THAT(ViolationsOf(status),
              ElementsAre(Key(absl::StrCat("candidate.external_ids[\"", kGlobex, "\"]"))));
  tv1::Candidate twin = Candidate("Bea", "bea@example.com", "PT", "Europe/Lisbon");
  (*twin.mutable_external_ids())[kAcme] = "A-1";
  status = Create(acme_, twin, &created);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::EXTERNAL_ID_EXISTS));
  EXPECT_THAT(ErrorMetadataOf(status), ElementsAre(Pair("existing_candidate", ana.name())));

  // Staff record Globex's id for the person too; Acme neither sees it nor loses it when it
  // changes its own.
  tv1::Candidate both = ana;
  (*both.mutable_external_ids())[kGlobex] = "G-7";
  tv1::Candidate updated;
  status = Update(admin_, both, {"external_ids"}, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(Get(acme_, ana.name(), &found).ok());
  EXPECT_THAT(found.external_ids(), ElementsAre(Pair(kAcme, "A-1")));
  tv1::Candidate renumbered = found;
  (*renumbered.mutable_external_ids())[kAcme] = "A-2";
  status = Update(acme_, renumbered, {"external_ids"}, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(updated.external_ids(), ElementsAre(Pair(kAcme, "A-2")));
  ASSERT_TRUE(Get(admin_, ana.name(), &found).ok());
  EXPECT_THAT(found.external_ids(), UnorderedElementsAre(Pair(kAcme, "A-2"), Pair(kGlobex, "G-7")));
  EXPECT_EQ(Lookup(acme_, "", "A-1", &found).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Lookup(admin_, kGlobex, "G-7", &found).ok());

  // Globex's id on Acme's person is not Globex's to find: the candidate is not its own.
  EXPECT_EQ(Lookup(globex_, "", "G-7", &found).error_code(), grpc::StatusCode::NOT_FOUND);
  // And taking it is refused without naming the holder.
  tv1::Candidate globex_twin = Candidate("Cai", "cai@example.com", "PT", "Europe/Lisbon");
  (*globex_twin.mutable_external_ids())[kGlobex] = "G-7";
  status = Create(globex_, globex_twin, &created);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::EXTERNAL_ID_EXISTS));
  EXPECT_FALSE(absl::StrContains(Everything(status), ana.name()));

  // Erasure forgets the ids with the person.
  ASSERT_TRUE(Delete(acme_, ana.name()).ok());
  EXPECT_EQ(Lookup(acme_, "", "A-2", &found).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Lookup(admin_, kGlobex, "G-7", &found).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PartnerTenancyApiTest, APartnerSeesOnlyOpenRolesWithoutTheBudget) {
  const iv1::Role open = CreateRole(6000);
  const iv1::Role paused = PutOnHold(CreateRole(7000));
  ASSERT_TRUE(open.has_monthly_budget());
  ASSERT_FALSE(open.client_display_name().empty());

  iv1::GetRoleRequest get;
  get.set_name(open.name());
  iv1::Role role;
  grpc::Status status = acme_.intake->GetRole(Context().get(), get, &role);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(role.title(), "Backend developer");
  EXPECT_THAT(role.required_skills(), SizeIs(1));
  EXPECT_FALSE(role.has_monthly_budget());
  EXPECT_FALSE(role.has_kind_answers());
  EXPECT_FALSE(role.has_kind_recommendation());
  // Partners never see clients, by name either.
  EXPECT_EQ(role.client_display_name(), "");
  get.set_name(paused.name());
  EXPECT_EQ(acme_.intake->GetRole(Context().get(), get, &role).error_code(),
            grpc::StatusCode::NOT_FOUND);

  for (const std::string& parent : {std::string("clients/-"), client_.name()}) {
    iv1::ListRolesRequest list;
    list.set_parent(parent);
    iv1::ListRolesResponse roles;
    status = acme_.intake->ListRoles(Context().get(), list, &roles);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_THAT(roles.roles(), SizeIs(1));
    EXPECT_EQ(roles.roles(0).name(), open.name());
    EXPECT_FALSE(roles.roles(0).has_monthly_budget());
    EXPECT_EQ(roles.roles(0).client_display_name(), "");
    list.set_filter("state = ON_HOLD");
    ASSERT_TRUE(acme_.intake->ListRoles(Context().get(), list, &roles).ok());
    EXPECT_THAT(roles.roles(), IsEmpty());
  }

  // The client itself (its notes and contacts) is not a partner's to read.
  iv1::GetClientRequest client;
  client.set_name(client_.name());
  iv1::Client found;
  status = acme_.intake->GetClient(Context().get(), client, &found);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
}

TEST_F(PartnerTenancyApiTest, APartnerPutsItsOwnCandidatesForwardAndFollowsThem) {
  const iv1::Role role = CreateRole(9000);
  const iv1::Role other_role = CreateRole(9000);
  const iv1::Role paused = PutOnHold(CreateRole(9000));
  const tv1::Candidate ana =
      MustCreate(acme_, Candidate("Ana Lisbon", "ana@example.com", "PT", "Europe/Lisbon"));
  const tv1::Candidate bea =
      MustCreate(admin_, Candidate("Bea Porto", "bea@example.com", "PT", "Europe/Lisbon"));
  talent_.WaitForIndex();

  tv1::Submission submission;
  grpc::Status status = Submit(acme_, role.name(), ana.name(), &submission);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(submission.stage(), tv1::Submission::SOURCED);
  EXPECT_EQ(submission.submitted_by(), kAcme);
  // The match weighs the client's budget: not shown to a partner.
  EXPECT_EQ(submission.match_score(), 0);
  EXPECT_THAT(submission.match_factors(), IsEmpty());
  // Nor the client's name (partners never see clients); staff see it.
  EXPECT_EQ(submission.client_display_name(), "");
  tv1::Submission seen;
  ASSERT_TRUE(GetSubmission(admin_, submission.name(), &seen).ok());
  EXPECT_EQ(seen.submitted_by(), kAcme);
  EXPECT_EQ(seen.client_display_name(), client_.display_name());
  EXPECT_FALSE(seen.client_display_name().empty());
  EXPECT_GT(seen.match_score(), 0);
  EXPECT_THAT(seen.match_factors(), Not(IsEmpty()));

  // Only at SOURCED, only its own candidates, only OPEN roles.
  tv1::Submission refused;
  status = Submit(acme_, other_role.name(), ana.name(), &refused, tv1::Submission::SHORTLISTED);
  EXPECT_THAT(ViolationsOf(status), ElementsAre(Pair("submission.stage", HasSubstr("SOURCED"))));
  status = Submit(acme_, other_role.name(), bea.name(), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  status = Submit(globex_, other_role.name(), ana.name(), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  status = Submit(acme_, paused.name(), ana.name(), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();

  // A recruiter moves it on; the partner follows the stage, not the recruiter's notes.
  tv1::AdvanceSubmissionRequest advance;
  advance.set_name(submission.name());
  advance.set_stage(tv1::Submission::SHORTLISTED);
  advance.set_note("client worried about the rate");
  tv1::Submission moved;
  ASSERT_TRUE(admin_.talent->AdvanceSubmission(Context().get(), advance, &moved).ok());
  ASSERT_TRUE(GetSubmission(acme_, submission.name(), &seen).ok());
  EXPECT_EQ(seen.stage(), tv1::Submission::SHORTLISTED);
  ASSERT_THAT(seen.history(), SizeIs(2));
  EXPECT_FALSE(seen.history(0).actor().empty());  // its own move
  EXPECT_EQ(seen.history(1).stage(), tv1::Submission::SHORTLISTED);
  EXPECT_EQ(seen.history(1).note(), "");
  EXPECT_EQ(seen.history(1).actor(), "");
  EXPECT_EQ(seen.client_display_name(), "");
  // Moving it is the agency's recruiters' job.
  advance.set_stage(tv1::Submission::CLIENT_INTERVIEW);
  status = acme_.talent->AdvanceSubmission(Context().get(), advance, &moved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();

  // A recruiter's submissions, even of Acme's own candidate, are not Acme's.
  tv1::Submission by_recruiter;
  ASSERT_TRUE(Submit(admin_, other_role.name(), ana.name(), &by_recruiter).ok());
  tv1::Submission of_bea;
  ASSERT_TRUE(Submit(admin_, role.name(), bea.name(), &of_bea).ok());
  EXPECT_THAT(ListSubmissionNames(acme_), ElementsAre(submission.name()));
  EXPECT_THAT(ListSubmissionNames(globex_), IsEmpty());
  EXPECT_THAT(ListSubmissionNames(admin_), SizeIs(3));
  EXPECT_EQ(GetSubmission(acme_, by_recruiter.name(), &seen).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetSubmission(globex_, submission.name(), &seen).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Acme's candidate already has the recruiter's open submission there: said, without where.
  status = Submit(acme_, other_role.name(), ana.name(), &refused);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::OPEN_SUBMISSION_EXISTS));
  EXPECT_FALSE(absl::StrContains(Everything(status), by_recruiter.name()));
}

TEST_F(PartnerTenancyApiTest, APartnerCannotSearchThePool) {
  MustCreate(admin_, Candidate("Bea Porto", "bea@example.com", "PT", "Europe/Lisbon"));
  const iv1::Role role = CreateRole(9000);
  tv1::SearchCandidatesRequest request;
  request.set_role(role.name());
  tv1::SearchCandidatesResponse response;
  const grpc::Status status = acme_.talent->SearchCandidates(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_THAT(response.matches(), IsEmpty());
}

}  // namespace
}  // namespace meridian::testing
