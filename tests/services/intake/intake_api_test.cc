// The intake API through a real gRPC server and channel, against a real PostgreSQL.
#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/intake/intake_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::Pair;
using ::testing::SizeIs;

namespace v1 = intake::v1;

class IntakeApiTest : public ::testing::Test {
 protected:
  IntakeApiTest() : server_(database_.url()), stub_(server_.NewStub()) {}

  v1::Client CreateClient(const v1::Client& client, const std::string& request_id = "") {
    v1::CreateClientRequest request;
    *request.mutable_client() = client;
    request.set_request_id(request_id);
    v1::Client created;
    grpc::Status status = stub_->CreateClient(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  grpc::Status TryCreateRole(const std::string& parent, const v1::Role& role, v1::Role* created,
                             const std::string& request_id = "") {
    v1::CreateRoleRequest request;
    request.set_parent(parent);
    *request.mutable_role() = role;
    request.set_request_id(request_id);
    return stub_->CreateRole(Context().get(), request, created);
  }

  v1::Role CreateRole(const std::string& parent, const v1::Role& role) {
    v1::Role created;
    grpc::Status status = TryCreateRole(parent, role, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  std::vector<v1::Client> ListAllClients(int page_size) {
    std::vector<v1::Client> clients;
    v1::ListClientsRequest request;
    request.set_page_size(page_size);
    do {
      v1::ListClientsResponse response;
      grpc::Status status = stub_->ListClients(Context().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      clients.insert(clients.end(), response.clients().begin(), response.clients().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return clients;
  }

  // Rows in `table`, read straight from the database: what a validate_only must not write.
  int64_t RowsIn(const std::string& table) {
    pqxx::connection connection(database_.url());
    pqxx::work tx(connection);
    return tx.exec1("SELECT count(*) FROM " + table)[0].as<int64_t>();
  }

  TestDatabase database_;
  IntakeTestServer server_;
  std::unique_ptr<v1::IntakeService::Stub> stub_;
};

TEST_F(IntakeApiTest, CreateClientStoresItAndGetReturnsIt) {
  v1::Client created = CreateClient(ValidClient());
  EXPECT_THAT(created.name(), ::testing::MatchesRegex("clients/[0-9a-f-]{36}"));
  EXPECT_EQ(created.display_name(), "Acme Robotics");
  EXPECT_TRUE(created.has_create_time());
  EXPECT_FALSE(created.etag().empty());
  // Days default to Monday to Friday.
  EXPECT_THAT(created.working_hours().days(), SizeIs(5));

  v1::GetClientRequest get;
  get.set_name(created.name());
  v1::Client fetched;
  ASSERT_TRUE(stub_->GetClient(Context().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());
}

TEST_F(IntakeApiTest, CreateClientReportsEveryInvalidFieldAndWritesNothing) {
  v1::Client client = ValidClient();
  client.set_display_name("  ");
  client.mutable_working_hours()->set_time_zone("Mars/Olympus_Mons");
  client.mutable_working_hours()->set_start("9am");
  client.set_website("acme");
  client.mutable_contacts(0)->set_email("not-an-email");
  v1::CreateClientRequest request;
  *request.mutable_client() = client;
  v1::Client created;
  grpc::Status status = stub_->CreateClient(Context().get(), request, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const auto violations = ViolationsOf(status);
  EXPECT_THAT(violations, Contains(Key("client.display_name")));
  EXPECT_THAT(violations, Contains(Key("client.working_hours.time_zone")));
  EXPECT_THAT(violations, Contains(Key("client.working_hours.start")));
  EXPECT_THAT(violations, Contains(Key("client.website")));
  EXPECT_THAT(violations, Contains(Key("client.contacts[0].email")));
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::INVALID_ARGUMENT));
  EXPECT_THAT(ListAllClients(50), SizeIs(0));
}

TEST_F(IntakeApiTest, MissingClientIsNotFoundAndMalformedNameIsInvalid) {
  v1::GetClientRequest get;
  get.set_name("clients/00000000-0000-4000-8000-000000000000");
  v1::Client client;
  grpc::Status status = stub_->GetClient(Context().get(), get, &client);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::RESOURCE_NOT_FOUND));

  get.set_name("companies/1");
  status = stub_->GetClient(Context().get(), get, &client);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("name")));
}

TEST_F(IntakeApiTest, RetryWithSameRequestIdReturnsTheFirstClient) {
  v1::Client first = CreateClient(ValidClient(), "7d3f7f0e-1c55-4a8e-9d53-5d1b1c1f2a01");
  v1::Client retry = CreateClient(ValidClient(), "7d3f7f0e-1c55-4a8e-9d53-5d1b1c1f2a01");
  EXPECT_EQ(retry.name(), first.name());
  EXPECT_THAT(ListAllClients(50), SizeIs(1));

  // The same id on a different request is refused, and creates nothing.
  v1::CreateClientRequest other;
  *other.mutable_client() = ValidClient("Someone Else Ltd");
  other.set_request_id("7d3f7f0e-1c55-4a8e-9d53-5d1b1c1f2a01");
  v1::Client created;
  grpc::Status status = stub_->CreateClient(Context().get(), other, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("request_id")));
  EXPECT_THAT(ListAllClients(50), SizeIs(1));
}

TEST_F(IntakeApiTest, ConcurrentRetriesCreateExactlyOneClient) {
  std::vector<std::string> names(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < names.size(); ++i) {
    threads.emplace_back([&, i] {
      auto stub = server_.NewStub();
      v1::CreateClientRequest request;
      *request.mutable_client() = ValidClient();
      request.set_request_id("concurrent-retry-1");
      v1::Client created;
      grpc::Status status = stub->CreateClient(Context().get(), request, &created);
      EXPECT_TRUE(status.ok()) << status.error_message();
      names[i] = created.name();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_THAT(std::set<std::string>(names.begin(), names.end()), SizeIs(1));
  EXPECT_THAT(ListAllClients(50), SizeIs(1));
}

TEST_F(IntakeApiTest, UpdateClientChangesOnlyTheMaskedFields) {
  v1::Client created = CreateClient(ValidClient());
  v1::UpdateClientRequest update;
  *update.mutable_client() = created;
  update.mutable_client()->set_mission("Robots that repair bicycles");
  update.mutable_client()->set_display_name("Ignored Name");
  update.mutable_client()->mutable_working_hours()->set_start("08:00");
  update.mutable_update_mask()->add_paths("mission");
  update.mutable_update_mask()->add_paths("working_hours.start");
  v1::Client updated;
  grpc::Status status = stub_->UpdateClient(Context().get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.mission(), "Robots that repair bicycles");
  EXPECT_EQ(updated.display_name(), "Acme Robotics");
  EXPECT_EQ(updated.working_hours().start(), "08:00");
  EXPECT_EQ(updated.working_hours().end(), "17:00");
  EXPECT_NE(updated.etag(), created.etag());
  EXPECT_EQ(updated.create_time().seconds(), created.create_time().seconds());
}

TEST_F(IntakeApiTest, UpdateWithStaleEtagIsAborted) {
  v1::Client created = CreateClient(ValidClient());
  v1::UpdateClientRequest update;
  *update.mutable_client() = created;
  update.mutable_client()->set_notes("first edit");
  update.mutable_update_mask()->add_paths("notes");
  v1::Client updated;
  ASSERT_TRUE(stub_->UpdateClient(Context().get(), update, &updated).ok());

  // A second writer still holding the original etag loses.
  update.mutable_client()->set_notes("second edit");
  grpc::Status status = stub_->UpdateClient(Context().get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::ETAG_MISMATCH));

  v1::GetClientRequest get;
  get.set_name(created.name());
  v1::Client fetched;
  ASSERT_TRUE(stub_->GetClient(Context().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.notes(), "first edit");
}

TEST_F(IntakeApiTest, UpdateRejectsBadPathsAndInvalidResults) {
  v1::Client created = CreateClient(ValidClient());
  v1::UpdateClientRequest update;
  *update.mutable_client() = created;
  update.mutable_update_mask()->add_paths("no_such_field");
  v1::Client updated;
  grpc::Status status = stub_->UpdateClient(Context().get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("update_mask.paths[0]")));

  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("create_time");
  status = stub_->UpdateClient(Context().get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("working_hours.time_zone");
  update.mutable_client()->mutable_working_hours()->set_time_zone("Europe/Atlantis");
  status = stub_->UpdateClient(Context().get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("client.working_hours.time_zone")));

  update.mutable_client()->set_name("clients/00000000-0000-4000-8000-000000000000");
  update.mutable_update_mask()->Clear();
  status = stub_->UpdateClient(Context().get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(IntakeApiTest, PagingWalksEveryClientExactlyOnceWhileOthersAreCreated) {
  std::set<std::string> created;
  for (int i = 0; i < 230; ++i)
    created.insert(CreateClient(ValidClient(absl::StrCat("Client ", i))).name());

  std::vector<std::string> seen;
  v1::ListClientsRequest request;
  request.set_page_size(40);
  int pages = 0;
  do {
    v1::ListClientsResponse response;
    ASSERT_TRUE(stub_->ListClients(Context().get(), request, &response).ok());
    for (const auto& client : response.clients()) seen.push_back(client.name());
    // Writers keep adding clients while the walk goes on.
    CreateClient(ValidClient(absl::StrCat("Late client ", pages)));
    request.set_page_token(response.next_page_token());
    ++pages;
  } while (!request.page_token().empty());

  const std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "a client was listed twice";
  for (const std::string& name : created) EXPECT_TRUE(unique.contains(name)) << name;
  EXPECT_GE(pages, 6);
}

TEST_F(IntakeApiTest, ListRejectsBadPageSizesAndForeignTokens) {
  for (int i = 0; i < 3; ++i) CreateClient(ValidClient());
  v1::ListClientsResponse response;
  for (int size : {-1, 1001}) {
    v1::ListClientsRequest request;
    request.set_page_size(size);
    grpc::Status status = stub_->ListClients(Context().get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolationsOf(status), Contains(Key("page_size")));
  }
  v1::ListClientsRequest request;
  request.set_page_token("not-a-token");
  grpc::Status status = stub_->ListClients(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("page_token")));

  // A real token from ListClients is not valid for ListRoles.
  request.set_page_token("");
  request.set_page_size(1);
  ASSERT_TRUE(stub_->ListClients(Context().get(), request, &response).ok());
  ASSERT_FALSE(response.next_page_token().empty());
  v1::ListRolesRequest roles;
  roles.set_parent("clients/-");
  roles.set_page_token(response.next_page_token());
  v1::ListRolesResponse roles_response;
  status = stub_->ListRoles(Context().get(), roles, &roles_response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("page_token")));
}

TEST_F(IntakeApiTest, CreateRoleNormalisesSkillsAndFillsDefaults) {
  v1::Client client = CreateClient(ValidClient());
  v1::Role role = ValidRole();
  role.add_nice_to_have_skills()->set_skill(".NET");
  role.add_nice_to_have_skills()->set_skill("ES2015+");
  role.add_nice_to_have_skills()->set_skill("ReactJS");
  v1::Role created = CreateRole(client.name(), role);
  EXPECT_THAT(created.name(), HasSubstr(client.name() + "/roles/"));
  EXPECT_EQ(created.state(), v1::Role::OPEN);
  EXPECT_EQ(created.required_skills(0).skill(), "nodejs");
  EXPECT_EQ(created.required_skills(1).skill(), "postgresql");
  EXPECT_EQ(created.nice_to_have_skills(0).skill(), "kubernetes");
  EXPECT_EQ(created.nice_to_have_skills(0).min_level(), 1);
  EXPECT_EQ(created.nice_to_have_skills(1).skill(), "dotnet");
  EXPECT_EQ(created.nice_to_have_skills(2).skill(), "javascript");
  EXPECT_EQ(created.nice_to_have_skills(3).skill(), "react");
  EXPECT_EQ(created.headcount(), 1);
  EXPECT_DOUBLE_EQ(created.min_overlap_hours(), 4.0);
  EXPECT_EQ(created.working_hours().time_zone(), "America/New_York");
  EXPECT_EQ(created.working_hours().start(), "09:00");

  v1::GetRoleRequest get;
  get.set_name(created.name());
  v1::Role fetched;
  ASSERT_TRUE(stub_->GetRole(Context().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());
}

TEST_F(IntakeApiTest, CreateRoleRejectsUnknownSkillWithSuggestions) {
  v1::Client client = CreateClient(ValidClient());
  v1::Role role = ValidRole();
  role.mutable_required_skills(0)->set_skill("Kubernets");
  v1::Role created;
  grpc::Status status = TryCreateRole(client.name(), role, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const auto violations = ViolationsOf(status);
  EXPECT_THAT(violations, Contains(Pair("role.required_skills[0].skill",
                                        HasSubstr("did you mean kubernetes"))));
}

TEST_F(IntakeApiTest, CreateRoleReportsEveryInvalidField) {
  v1::Client client = CreateClient(ValidClient());
  v1::Role role = ValidRole();
  role.set_title("");
  role.mutable_required_skills(0)->set_min_level(6);
  role.mutable_required_skills(1)->set_min_years(-1);
  role.mutable_monthly_budget()->set_units(-100);
  role.mutable_monthly_budget()->set_currency_code("DOLLARS");
  role.set_headcount(101);
  role.set_min_overlap_hours(25);
  role.mutable_start_by()->set_year(2027);
  role.mutable_start_by()->set_month(2);
  role.mutable_start_by()->set_day(30);
  role.mutable_working_hours()->set_time_zone("America/New_York");
  role.mutable_working_hours()->set_start("10:00");
  role.mutable_working_hours()->set_end("10:00");
  v1::Role created;
  grpc::Status status = TryCreateRole(client.name(), role, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const auto violations = ViolationsOf(status);
  for (const char* field :
       {"role.title", "role.required_skills[0].min_level", "role.required_skills[1].min_years",
        "role.monthly_budget.units", "role.monthly_budget.currency_code", "role.headcount",
        "role.min_overlap_hours", "role.start_by", "role.working_hours.end"}) {
    EXPECT_THAT(violations, Contains(Key(field)));
  }
  v1::ListRolesRequest list;
  list.set_parent(client.name());
  v1::ListRolesResponse roles;
  ASSERT_TRUE(stub_->ListRoles(Context().get(), list, &roles).ok());
  EXPECT_THAT(roles.roles(), SizeIs(0));
}

TEST_F(IntakeApiTest, CreateRoleUnderMissingClientIsNotFound) {
  v1::Role created;
  grpc::Status status =
      TryCreateRole("clients/00000000-0000-4000-8000-000000000000", ValidRole(), &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  status = TryCreateRole("clients/-", ValidRole(), &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(IntakeApiTest, CreateRoleTakesTheKindRecommendedFromTheAnswers) {
  v1::Client client = CreateClient(ValidClient());
  v1::Role role = ValidRole();
  role.clear_kind();
  role.mutable_kind_answers()->set_architecture_owner(v1::EXISTING_TEAM);
  role.mutable_kind_answers()->set_has_technical_lead(true);
  role.mutable_kind_answers()->set_system_stage(v1::EXISTING_SYSTEM);
  v1::Role created = CreateRole(client.name(), role);
  EXPECT_EQ(created.kind(), common::v1::BACKEND_DEVELOPER);
  EXPECT_EQ(created.kind_recommendation().kind(), common::v1::BACKEND_DEVELOPER);
  EXPECT_FALSE(created.kind_recommendation().reasons().empty());

  // With neither a kind nor answers, the role is refused.
  role.clear_kind_answers();
  v1::Role refused;
  grpc::Status status = TryCreateRole(client.name(), role, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("role.kind")));
}

TEST_F(IntakeApiTest, RecommendRoleKindTellsEngineerFromDeveloper) {
  v1::RecommendRoleKindRequest request;
  request.mutable_answers()->set_architecture_owner(v1::THE_HIRE);
  request.mutable_answers()->set_has_technical_lead(false);
  request.mutable_answers()->set_works_with_leadership(true);
  request.mutable_answers()->set_system_stage(v1::GREENFIELD);
  v1::RoleKindRecommendation recommendation;
  ASSERT_TRUE(stub_->RecommendRoleKind(Context().get(), request, &recommendation).ok());
  EXPECT_EQ(recommendation.kind(), common::v1::BACKEND_ENGINEER);
  EXPECT_THAT(recommendation.reasons(), SizeIs(4));

  request.mutable_answers()->set_architecture_owner(v1::EXISTING_TEAM);
  request.mutable_answers()->set_has_technical_lead(true);
  request.mutable_answers()->set_works_with_leadership(false);
  request.mutable_answers()->set_system_stage(v1::EXISTING_SYSTEM);
  ASSERT_TRUE(stub_->RecommendRoleKind(Context().get(), request, &recommendation).ok());
  EXPECT_EQ(recommendation.kind(), common::v1::BACKEND_DEVELOPER);

  request.clear_answers();
  grpc::Status status = stub_->RecommendRoleKind(Context().get(), request, &recommendation);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("answers")));
}

// A recruiter pastes a job post; the draft, sent back unchanged, is a valid role. The real
// catalog (migration 0012) resolves the aliases, and the client's hours fill what the text
// leaves out.
TEST_F(IntakeApiTest, DraftRoleGivesARoleCreateRoleAcceptsUnchanged) {
  v1::Client client = CreateClient(ValidClient());
  const std::string text =
      "Senior Backend Engineer\n"
      "You will own the architecture of a greenfield platform and work with our founders.\n"
      "Requirements:\n"
      "- Must have 5+ years of golang\n"
      "- Strong Postgres and k8s\n"
      "Nice to have:\n"
      "- Kafka, React.js\n"
      "Clear written English. Budget: EUR 84k a year.\n";
  v1::DraftRoleRequest request;
  request.set_parent(client.name());
  request.set_text(text);
  v1::RoleDraft draft;
  grpc::Status status = stub_->DraftRole(Context().get(), request, &draft);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(draft.role().title(), "Senior Backend Engineer");
  EXPECT_EQ(draft.role().kind(), common::v1::BACKEND_ENGINEER);
  EXPECT_EQ(draft.role().seniority(), common::v1::SENIOR);
  ASSERT_EQ(draft.role().required_skills_size(), 3);
  EXPECT_EQ(draft.role().required_skills(0).skill(), "go");
  EXPECT_EQ(draft.role().required_skills(0).min_years(), 5);
  EXPECT_EQ(draft.role().required_skills(1).skill(), "postgresql");
  EXPECT_EQ(draft.role().required_skills(2).skill(), "kubernetes");
  ASSERT_EQ(draft.role().nice_to_have_skills_size(), 2);
  EXPECT_EQ(draft.role().nice_to_have_skills(0).skill(), "kafka");
  EXPECT_EQ(draft.role().nice_to_have_skills(1).skill(), "react");
  EXPECT_EQ(draft.role().monthly_budget().currency_code(), "EUR");
  EXPECT_EQ(draft.role().monthly_budget().units(), 7000);
  EXPECT_EQ(draft.role().working_hours().time_zone(), "America/New_York");
  bool client_hours_said = false;
  for (const v1::FieldEvidence& evidence : draft.evidence()) {
    ASSERT_LE(evidence.begin(), evidence.end());
    ASSERT_LE(static_cast<size_t>(evidence.end()), text.size());
    if (evidence.field() == "required_skills[0]") {
      EXPECT_EQ(text.substr(evidence.begin(), evidence.end() - evidence.begin()),
                "Must have 5+ years of golang");
    }
    client_hours_said = client_hours_said || (evidence.field() == "working_hours" &&
                                              absl::StrContains(evidence.sentence(), "client's"));
  }
  EXPECT_TRUE(client_hours_said);
  EXPECT_THAT(draft.questions(), Contains(HasSubstr("no working hours")));

  v1::Role created = CreateRole(client.name(), draft.role());
  EXPECT_THAT(created.name(), HasSubstr(client.name() + "/roles/"));
  EXPECT_EQ(created.required_skills(0).skill(), "go");
  EXPECT_EQ(created.kind(), common::v1::BACKEND_ENGINEER);
  EXPECT_EQ(created.monthly_budget().units(), 7000);
}

TEST_F(IntakeApiTest, DraftRoleRefusesAMissingClientAndTooLongText) {
  v1::DraftRoleRequest request;
  request.set_parent("clients/00000000-0000-4000-8000-000000000000");
  request.set_text("Senior Go developer");
  v1::RoleDraft draft;
  grpc::Status status = stub_->DraftRole(Context().get(), request, &draft);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);

  v1::Client client = CreateClient(ValidClient());
  request.set_parent(client.name());
  request.set_text(std::string(20001, 'a'));
  status = stub_->DraftRole(Context().get(), request, &draft);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("text")));

  request.set_text(" ");
  status = stub_->DraftRole(Context().get(), request, &draft);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("text")));

  // Nothing was written: drafting is a read.
  EXPECT_EQ(RowsIn("intake.roles"), 0);
}

TEST_F(IntakeApiTest, ListRolesAcrossClientsFiltersByState) {
  v1::Client first = CreateClient(ValidClient("First"));
  v1::Client second = CreateClient(ValidClient("Second"));
  v1::Role open = CreateRole(first.name(), ValidRole());
  v1::Role held = CreateRole(second.name(), ValidRole());
  CreateRole(second.name(), ValidRole());
  v1::HoldRoleRequest hold;
  hold.set_name(held.name());
  v1::Role updated;
  ASSERT_TRUE(stub_->HoldRole(Context().get(), hold, &updated).ok());

  v1::ListRolesRequest request;
  request.set_parent("clients/-");
  v1::ListRolesResponse response;
  ASSERT_TRUE(stub_->ListRoles(Context().get(), request, &response).ok());
  EXPECT_THAT(response.roles(), SizeIs(3));

  request.set_filter("state = OPEN");
  ASSERT_TRUE(stub_->ListRoles(Context().get(), request, &response).ok());
  EXPECT_THAT(response.roles(), SizeIs(2));
  request.set_filter("state = ON_HOLD AND kind = BACKEND_ENGINEER");
  ASSERT_TRUE(stub_->ListRoles(Context().get(), request, &response).ok());
  ASSERT_THAT(response.roles(), SizeIs(1));
  EXPECT_EQ(response.roles(0).name(), held.name());

  request.set_parent(first.name());
  request.clear_filter();
  ASSERT_TRUE(stub_->ListRoles(Context().get(), request, &response).ok());
  ASSERT_THAT(response.roles(), SizeIs(1));
  EXPECT_EQ(response.roles(0).name(), open.name());

  request.set_filter("salary > 5");
  grpc::Status status = stub_->ListRoles(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("filter")));

  request.set_parent("clients/00000000-0000-4000-8000-000000000000");
  request.clear_filter();
  EXPECT_EQ(stub_->ListRoles(Context().get(), request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(IntakeApiTest, ARoleNamesItsClientAsTheClientIsNow) {
  v1::Client client = CreateClient(ValidClient("Bicycle Robotics"));
  v1::Role role = CreateRole(client.name(), ValidRole());
  // Whoever reads a role (talent's submissions, placement) can show whose it is.
  EXPECT_EQ(role.client_display_name(), "Bicycle Robotics");

  // A renamed client shows under its new name on Get and List.
  v1::UpdateClientRequest rename;
  *rename.mutable_client() = client;
  rename.mutable_client()->set_display_name("Bicycle Robotics GmbH");
  rename.mutable_update_mask()->add_paths("display_name");
  v1::Client renamed;
  ASSERT_TRUE(stub_->UpdateClient(Context().get(), rename, &renamed).ok());
  v1::GetRoleRequest get;
  get.set_name(role.name());
  v1::Role fetched;
  ASSERT_TRUE(stub_->GetRole(Context().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.client_display_name(), "Bicycle Robotics GmbH");
  v1::ListRolesRequest list;
  list.set_parent("clients/-");
  v1::ListRolesResponse listed;
  ASSERT_TRUE(stub_->ListRoles(Context().get(), list, &listed).ok());
  ASSERT_THAT(listed.roles(), SizeIs(1));
  EXPECT_EQ(listed.roles(0).client_display_name(), "Bicycle Robotics GmbH");

  // It is the client's: an update cannot set it, and one that sends it back ignores it.
  v1::UpdateRoleRequest update;
  *update.mutable_role() = fetched;
  update.mutable_role()->set_client_display_name("Someone Else");
  update.mutable_role()->set_title("Staff backend engineer");
  update.mutable_update_mask()->add_paths("client_display_name");
  v1::Role updated;
  grpc::Status status = stub_->UpdateRole(Context().get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("update_mask.paths[0]")));
  update.clear_update_mask();
  status = stub_->UpdateRole(Context().get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.title(), "Staff backend engineer");
  EXPECT_EQ(updated.client_display_name(), "Bicycle Robotics GmbH");
  // Never stored with the role: the body holds no copy to go stale.
  pqxx::connection connection(database_.url());
  pqxx::work tx(connection);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM intake.roles WHERE body ? 'client_display_name'")[0]
                .as<int64_t>(),
            0);
}

TEST_F(IntakeApiTest, RoleStateMovesOnlyAlongAllowedTransitions) {
  v1::Client client = CreateClient(ValidClient());
  v1::Role role = CreateRole(client.name(), ValidRole());
  // Each custom method with the role's name; the etag only when given.
  const auto call = [&](auto method, auto request, const std::string& etag, v1::Role* result) {
    request.set_name(role.name());
    request.set_etag(etag);
    return (stub_.get()->*method)(Context().get(), request, result);
  };
  v1::Role result;
  const auto hold = [&] {
    return call(&v1::IntakeService::Stub::HoldRole, v1::HoldRoleRequest(), "", &result);
  };
  const auto reopen = [&] {
    return call(&v1::IntakeService::Stub::ReopenRole, v1::ReopenRoleRequest(), "", &result);
  };
  const auto cancel = [&] {
    return call(&v1::IntakeService::Stub::CancelRole, v1::CancelRoleRequest(), "", &result);
  };
  const auto fill = [&] {
    return call(&v1::IntakeService::Stub::FillRole, v1::FillRoleRequest(), "", &result);
  };
  ASSERT_TRUE(hold().ok());
  EXPECT_EQ(result.state(), v1::Role::ON_HOLD);
  grpc::Status status = fill();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("OPEN, CANCELLED"));
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::ILLEGAL_STATE_TRANSITION));
  // Holding a held role again changes nothing, and is no error (a retry without request_id).
  const std::string held_etag = result.etag();
  ASSERT_TRUE(hold().ok());
  EXPECT_EQ(result.state(), v1::Role::ON_HOLD);
  EXPECT_EQ(result.etag(), held_etag);
  ASSERT_TRUE(reopen().ok());
  EXPECT_EQ(result.state(), v1::Role::OPEN);
  ASSERT_TRUE(fill().ok());
  EXPECT_EQ(result.state(), v1::Role::FILLED);
  EXPECT_EQ(cancel().error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(reopen().ok());
  ASSERT_TRUE(cancel().ok());
  EXPECT_EQ(result.state(), v1::Role::CANCELLED);
  EXPECT_EQ(reopen().error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // A stale etag is ABORTED, and nothing moves.
  v1::Role other = CreateRole(client.name(), ValidRole());
  role = other;
  ASSERT_TRUE(hold().ok());
  status =
      call(&v1::IntakeService::Stub::ReopenRole, v1::ReopenRoleRequest(), other.etag(), &result);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::ETAG_MISMATCH));
  v1::GetRoleRequest get;
  get.set_name(other.name());
  ASSERT_TRUE(stub_->GetRole(Context().get(), get, &result).ok());
  EXPECT_EQ(result.state(), v1::Role::ON_HOLD);
}

TEST_F(IntakeApiTest, UpdateRoleRefusesStateInTheMaskAndIgnoresItOtherwise) {
  v1::Client client = CreateClient(ValidClient());
  v1::Role role = CreateRole(client.name(), ValidRole());
  v1::UpdateRoleRequest update;
  update.mutable_role()->set_name(role.name());
  update.mutable_role()->set_state(v1::Role::CANCELLED);
  update.mutable_role()->set_title("Staff backend engineer");
  update.mutable_update_mask()->add_paths("title");
  update.mutable_update_mask()->add_paths("state");
  v1::Role updated;
  grpc::Status status = stub_->UpdateRole(Context().get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status),
              ElementsAre(Pair("update_mask.paths[1]", HasSubstr("HoldRole, ReopenRole"))));

  // Without a mask, the fields set are applied and the state, output only, is ignored.
  update.clear_update_mask();
  ASSERT_TRUE(stub_->UpdateRole(Context().get(), update, &updated).ok());
  EXPECT_EQ(updated.title(), "Staff backend engineer");
  EXPECT_EQ(updated.state(), v1::Role::OPEN);
}

TEST_F(IntakeApiTest, UpdateRoleNormalisesNewSkillsAndChecksTheEtag) {
  v1::Client client = CreateClient(ValidClient());
  v1::Role role = CreateRole(client.name(), ValidRole());
  v1::UpdateRoleRequest update;
  *update.mutable_role() = role;
  update.mutable_role()->clear_required_skills();
  update.mutable_role()->add_required_skills()->set_skill("golang");
  update.mutable_update_mask()->add_paths("required_skills");
  v1::Role updated;
  grpc::Status status = stub_->UpdateRole(Context().get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(updated.required_skills(), SizeIs(1));
  EXPECT_EQ(updated.required_skills(0).skill(), "go");
  EXPECT_EQ(updated.title(), role.title());

  status = stub_->UpdateRole(Context().get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
}

TEST_F(IntakeApiTest, AlertMinScoreDefaultsTo80AndIsBoundedOnCreateAndUpdate) {
  v1::Client client = CreateClient(ValidClient());
  v1::Role role = CreateRole(client.name(), ValidRole());
  EXPECT_EQ(role.alert_min_score(), 80);

  v1::Role bad = ValidRole();
  bad.set_alert_min_score(101);
  v1::Role created;
  grpc::Status status = TryCreateRole(client.name(), bad, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status),
              ElementsAre(Pair("role.alert_min_score", HasSubstr("between 1 and 100"))));

  v1::UpdateRoleRequest update;
  update.mutable_role()->set_name(role.name());
  update.mutable_role()->set_alert_min_score(65);
  update.mutable_update_mask()->add_paths("alert_min_score");
  v1::Role updated;
  ASSERT_TRUE(stub_->UpdateRole(Context().get(), update, &updated).ok());
  EXPECT_EQ(updated.alert_min_score(), 65);
  EXPECT_EQ(updated.title(), role.title());

  update.mutable_role()->set_alert_min_score(-1);
  status = stub_->UpdateRole(Context().get(), update, &updated);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status),
              ElementsAre(Pair("role.alert_min_score", HasSubstr("between 1 and 100"))));
}

TEST_F(IntakeApiTest, CreateRoleRetryReturnsTheFirstRole) {
  v1::Client client = CreateClient(ValidClient());
  v1::Role first;
  v1::Role second;
  ASSERT_TRUE(TryCreateRole(client.name(), ValidRole(), &first, "role-request-1").ok());
  ASSERT_TRUE(TryCreateRole(client.name(), ValidRole(), &second, "role-request-1").ok());
  EXPECT_EQ(first.name(), second.name());
  v1::ListRolesRequest list;
  list.set_parent(client.name());
  v1::ListRolesResponse roles;
  ASSERT_TRUE(stub_->ListRoles(Context().get(), list, &roles).ok());
  EXPECT_THAT(roles.roles(), SizeIs(1));
}

TEST_F(IntakeApiTest, ControlCharactersAreInvalidNotInternal) {
  v1::Client client = ValidClient();
  client.set_display_name(std::string("Acme\0Robotics", 13));
  client.mutable_contacts(0)->set_title("CTO\x07");
  v1::CreateClientRequest request;
  *request.mutable_client() = client;
  v1::Client created;
  grpc::Status status = stub_->CreateClient(Context().get(), request, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("client.display_name")));
  EXPECT_THAT(ViolationsOf(status), Contains(Key("client.contacts[0].title")));
}

TEST_F(IntakeApiTest, HugeInputsGetShortErrorsNotTransportFailures) {
  v1::Client client = CreateClient(ValidClient());
  v1::Role role = ValidRole();
  role.clear_required_skills();
  // 45 unknown skills of 90 characters: every one echoed in full, with suggestions, would
  // overflow the trailers gRPC can carry and the caller would see RESOURCE_EXHAUSTED.
  for (int i = 0; i < 45; ++i) {
    role.add_required_skills()->set_skill(absl::StrCat(std::string(80, 'x'), i));
  }
  role.add_nice_to_have_skills()->set_skill(std::string(10000, 'k'));
  v1::Role created;
  grpc::Status status = TryCreateRole(client.name(), role, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_LT(status.error_message().size(), 8000u);
  EXPECT_THAT(status.error_message(), HasSubstr("more problems"));
  EXPECT_THAT(ViolationsOf(status), SizeIs(20));

  v1::CreateClientRequest request;
  *request.mutable_client() = ValidClient();
  request.mutable_client()->mutable_working_hours()->set_time_zone(
      absl::StrCat("Europe/", std::string(5000, 'z')));
  v1::Client refused;
  status = stub_->CreateClient(Context().get(), request, &refused);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_LT(status.error_message().size(), 400u);
}

TEST_F(IntakeApiTest, PagesOfLargeClientsStopEarlyAndStillReturnEveryClient) {
  std::set<std::string> created;
  for (int i = 0; i < 120; ++i) {
    v1::Client client = ValidClient(absl::StrCat("Verbose client ", i));
    client.set_notes(std::string(19000, 'n'));
    created.insert(CreateClient(client).name());
  }
  v1::ListClientsRequest request;
  request.set_page_size(1000);
  v1::ListClientsResponse first;
  ASSERT_TRUE(stub_->ListClients(Context().get(), request, &first).ok());
  // About 2.3 MB in all: the first page stops at the size budget, not at page_size.
  EXPECT_LT(first.clients_size(), 120);
  EXPECT_FALSE(first.next_page_token().empty());
  std::set<std::string> seen;
  for (const v1::Client& client : ListAllClients(1000)) seen.insert(client.name());
  EXPECT_EQ(seen, created);
}

// gRPC's generated service parsed requests itself and answered INTERNAL with an empty message
// when that failed: the caller could not tell its own mistake from an outage.
TEST_F(IntakeApiTest, ValidateOnlyChecksEverythingAndWritesNothing) {
  v1::CreateClientRequest create;
  *create.mutable_client() = ValidClient();
  create.set_validate_only(true);
  create.set_request_id("validate-client-1");
  v1::Client validated;
  ASSERT_TRUE(stub_->CreateClient(Context().get(), create, &validated).ok());
  // What would be created, defaults applied, and nothing that only a real create gives.
  EXPECT_EQ(validated.display_name(), "Acme Robotics");
  EXPECT_THAT(validated.working_hours().days(), SizeIs(5));
  EXPECT_EQ(validated.name(), "");
  EXPECT_FALSE(validated.has_create_time());
  EXPECT_EQ(validated.etag(), "");
  EXPECT_THAT(ListAllClients(50), SizeIs(0));

  // The same rules as a real create: a bad field is refused.
  create.mutable_client()->set_website("acme");
  grpc::Status status = stub_->CreateClient(Context().get(), create, &validated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("client.website")));

  // A role, checked against the database (the client must exist, the skills be known).
  const v1::Client client = CreateClient(ValidClient());
  const int64_t audit_rows = RowsIn("access.audit_records");
  const int64_t events = RowsIn("events.events");
  v1::CreateRoleRequest role;
  role.set_parent(client.name());
  *role.mutable_role() = ValidRole();
  role.set_validate_only(true);
  v1::Role would_be;
  ASSERT_TRUE(stub_->CreateRole(Context().get(), role, &would_be).ok());
  EXPECT_EQ(would_be.state(), v1::Role::OPEN);
  EXPECT_EQ(would_be.headcount(), 1);
  EXPECT_EQ(would_be.working_hours().time_zone(), client.working_hours().time_zone());
  EXPECT_EQ(would_be.name(), "");
  role.mutable_role()->mutable_required_skills(0)->set_skill("no such skill at all");
  status = stub_->CreateRole(Context().get(), role, &would_be);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  role.set_parent("clients/00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(stub_->CreateRole(Context().get(), role, &would_be).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // No role, no role.created event, no audit record.
  EXPECT_EQ(RowsIn("intake.roles"), 0);
  EXPECT_EQ(RowsIn("events.events"), events);
  EXPECT_EQ(RowsIn("access.audit_records"), audit_rows);
}

TEST_F(IntakeApiTest, ListsOrderByCreateTimeEitherWay) {
  std::vector<std::string> created;
  for (const char* name : {"First", "Second", "Third", "Fourth", "Fifth"}) {
    created.push_back(CreateClient(ValidClient(name)).name());
  }
  const auto walk = [&](const std::string& order_by, int page_size) {
    std::vector<std::string> names;
    v1::ListClientsRequest request;
    request.set_order_by(order_by);
    request.set_page_size(page_size);
    do {
      v1::ListClientsResponse response;
      grpc::Status status = stub_->ListClients(Context().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const v1::Client& client : response.clients()) names.push_back(client.name());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return names;
  };
  EXPECT_EQ(walk("", 2), created);
  EXPECT_EQ(walk("create_time", 2), created);
  EXPECT_EQ(walk(" create_time   asc ", 3), created);
  const std::vector<std::string> newest_first(created.rbegin(), created.rend());
  EXPECT_EQ(walk("create_time desc", 2), newest_first);
  EXPECT_EQ(walk("create_time desc", 50), newest_first);

  // A token belongs to its order.
  v1::ListClientsRequest request;
  request.set_page_size(2);
  v1::ListClientsResponse response;
  ASSERT_TRUE(stub_->ListClients(Context().get(), request, &response).ok());
  request.set_page_token(response.next_page_token());
  request.set_order_by("create_time desc");
  grpc::Status status = stub_->ListClients(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("page_token")));

  for (const char* bad : {"display_name", "create_time sideways", "create_time desc, name"}) {
    v1::ListRolesRequest roles;
    roles.set_parent("clients/-");
    roles.set_order_by(bad);
    v1::ListRolesResponse listed;
    status = stub_->ListRoles(Context().get(), roles, &listed);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_THAT(ViolationsOf(status), ElementsAre(Pair("order_by", HasSubstr("create_time desc"))))
        << bad;
  }
  v1::Role older = CreateRole(created[0], ValidRole());
  v1::Role newer = CreateRole(created[1], ValidRole());
  v1::ListRolesRequest roles;
  roles.set_parent("clients/-");
  roles.set_order_by("create_time desc");
  v1::ListRolesResponse listed;
  ASSERT_TRUE(stub_->ListRoles(Context().get(), roles, &listed).ok());
  ASSERT_THAT(listed.roles(), SizeIs(2));
  EXPECT_EQ(listed.roles(0).name(), newer.name());
  EXPECT_EQ(listed.roles(1).name(), older.name());
}

TEST_F(IntakeApiTest, MalformedRequestBytesAreInvalidArgumentOnEveryMethod) {
  ExpectEveryMethodRefusesMalformedBytes(server_.channel(), "meridian.intake.v1.IntakeService", 14);
}

TEST_F(IntakeApiTest, InvalidUtf8InAStringFieldIsInvalidArgumentAndWritesNothing) {
  v1::CreateClientRequest create;
  *create.mutable_client() = ValidClient();
  grpc::Status status =
      CallWithBytes(server_.channel(), "/meridian.intake.v1.IntakeService/CreateClient",
                    WithInvalidUtf8(create, "Acme"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "request is not a valid meridian.intake.v1.CreateClientRequest message: "
            "client.display_name is not valid UTF-8");
  EXPECT_THAT(ViolationsOf(status), ElementsAre(Pair("client.display_name", "is not valid UTF-8")));
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::INVALID_ARGUMENT));
  EXPECT_THAT(ListAllClients(50), SizeIs(0));

  v1::ListRolesRequest list;
  list.set_parent("clients/-");
  list.set_filter("state = OPEN");
  status = CallWithBytes(server_.channel(), "/meridian.intake.v1.IntakeService/ListRoles",
                         WithInvalidUtf8(list, "OPEN"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "request is not a valid meridian.intake.v1.ListRolesRequest message: filter is not "
            "valid UTF-8");

  // The same request with valid text goes through the same path.
  std::string bytes;
  status = CallWithBytes(server_.channel(), "/meridian.intake.v1.IntakeService/CreateClient",
                         create.SerializeAsString(), &bytes);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::Client created;
  ASSERT_TRUE(created.ParseFromString(bytes));
  EXPECT_EQ(created.display_name(), "Acme Robotics");
}

TEST_F(IntakeApiTest, StartByOutsideTheApiDateRangeIsInvalidArgument) {
  v1::Client client = CreateClient(ValidClient());
  for (const auto& [year, month, day] : std::vector<std::tuple<int, int, int>>{
           {0, 1, 1}, {10000, 1, 1}, {-5000, 1, 1}, {2027, 0, 0}, {2027, 13, 1}, {2027, 4, 31}}) {
    v1::Role role = ValidRole();
    role.mutable_start_by()->set_year(year);
    role.mutable_start_by()->set_month(month);
    role.mutable_start_by()->set_day(day);
    v1::Role created;
    grpc::Status status = TryCreateRole(client.name(), role, &created);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << year;
    EXPECT_THAT(ViolationsOf(status), Contains(Key("role.start_by"))) << year;
  }
}

}  // namespace
}  // namespace meridian::testing
