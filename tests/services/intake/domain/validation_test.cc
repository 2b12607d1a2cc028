// Tests for services/intake/domain/validation.h: client and role rules and defaults.
#include "services/intake/domain/validation.h"

#include <string>
#include <unordered_map>

#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

namespace meridian::intake {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;
using testing::ViolationsOf;

SkillCatalog TestCatalog() {
  return SkillCatalog(std::unordered_map<std::string, std::string>{
      {"nodejs", "nodejs"},
      {"node", "nodejs"},
      {"node.js", "nodejs"},
      {"postgresql", "postgresql"},
      {"postgres", "postgresql"},
      {"kubernetes", "kubernetes"},
      {"k8s", "kubernetes"},
      {"go", "go"},
      {"golang", "go"},
  });
}

v1::Client GoodClient() {
  v1::Client client;
  client.set_display_name("Acme");
  client.mutable_working_hours()->set_time_zone("America/New_York");
  client.mutable_working_hours()->set_start("09:00");
  client.mutable_working_hours()->set_end("17:00");
  return client;
}

v1::Role GoodRole() {
  v1::Role role;
  role.set_title("Backend engineer");
  role.set_kind(common::v1::BACKEND_ENGINEER);
  role.add_required_skills()->set_skill("NodeJS");
  return role;
}

absl::Status Prepare(v1::Role& role) {
  static const SkillCatalog* catalog = new SkillCatalog(TestCatalog());
  v1::Client client = GoodClient();
  EXPECT_TRUE(ValidateClient(client, "client").ok());
  return PrepareRole(role, "role", *catalog, client);
}

// ValidateClient

TEST(ValidateClient, AcceptsAMinimalClientAndNormalisesIt) {
  v1::Client client = GoodClient();
  client.set_display_name("  Acme Corp \t");
  v1::Contact* contact = client.add_contacts();
  contact->set_display_name("  Ada Lovelace ");
  contact->set_email("ada@acme.example");
  contact->set_phone("+1 (555) 010-9999");
  client.add_culture_values("  candour ");

  const absl::Status status = ValidateClient(client, "client");
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(client.display_name(), "Acme Corp");
  EXPECT_EQ(client.contacts(0).display_name(), "Ada Lovelace");
  EXPECT_EQ(client.culture_values(0), "candour");
  EXPECT_THAT(client.working_hours().days(),
              ElementsAre(common::v1::MONDAY, common::v1::TUESDAY, common::v1::WEDNESDAY,
                          common::v1::THURSDAY, common::v1::FRIDAY));
}

TEST(ValidateClient, RequiresDisplayNameAndWorkingHours) {
  v1::Client client;
  client.set_display_name("   ");
  EXPECT_THAT(ViolationsOf(ValidateClient(client, "client")),
              UnorderedElementsAre(Pair("client.display_name", "is required"),
                                   Key("client.working_hours")));
}

TEST(ValidateClient, RejectsOverlongDisplayName) {
  v1::Client client = GoodClient();
  client.set_display_name(std::string(201, 'a'));
  EXPECT_THAT(ViolationsOf(ValidateClient(client, "client")),
              ElementsAre(Key("client.display_name")));
}

TEST(ValidateClient, ReportsWorkingHoursProblemsUnderTheClient) {
  v1::Client client = GoodClient();
  client.mutable_working_hours()->set_time_zone("EST");
  client.mutable_working_hours()->set_end("09:00");
  EXPECT_THAT(
      ViolationsOf(ValidateClient(client, "client")),
      UnorderedElementsAre(Key("client.working_hours.time_zone"), Key("client.working_hours.end")));
}

TEST(ValidateClient, AcceptsHttpAndHttpsWebsites) {
  for (const char* website :
       {"https://acme.example", "http://acme.example/about", "HTTPS://Acme.Example"}) {
    v1::Client client = GoodClient();
    client.set_website(website);
    EXPECT_TRUE(ValidateClient(client, "client").ok()) << website;
  }
}

TEST(ValidateClient, RejectsBadWebsites) {
  for (const char* website : {"acme.example", "ftp://acme.example", "https://localhost", "https://",
                              "https://acme .example", "javascript:alert(1)"}) {
    v1::Client client = GoodClient();
    client.set_website(website);
    EXPECT_THAT(ViolationsOf(ValidateClient(client, "client")), ElementsAre(Key("client.website")))
        << website;
  }
}

TEST(ValidateClient, ChecksEachContactUnderItsIndex) {
  v1::Client client = GoodClient();
  v1::Contact* good = client.add_contacts();
  good->set_display_name("Ada");
  good->set_email("ada@acme.example");
  v1::Contact* bad = client.add_contacts();
  bad->set_display_name("Bob");
  bad->set_email("bob-at-acme");
  bad->set_phone("call me");
  v1::Contact* nameless = client.add_contacts();
  nameless->set_phone("12-34");  // Four digits are too few.

  EXPECT_THAT(ViolationsOf(ValidateClient(client, "client")),
              UnorderedElementsAre(Key("client.contacts[1].email"), Key("client.contacts[1].phone"),
                                   Key("client.contacts[2].display_name"),
                                   Key("client.contacts[2].phone")));
}

TEST(ValidateClient, RejectsMalformedEmails) {
  for (const char* email : {"@acme.example", "ada@", "ada@acme", "ada@acme.", "a@b@acme.example",
                            "ada lovelace@acme.example"}) {
    v1::Client client = GoodClient();
    v1::Contact* contact = client.add_contacts();
    contact->set_display_name("Ada");
    contact->set_email(email);
    EXPECT_THAT(ViolationsOf(ValidateClient(client, "client")),
                ElementsAre(Key("client.contacts[0].email")))
        << email;
  }
}

TEST(ValidateClient, ReportsEveryViolationAtOnce) {
  v1::Client client;
  client.set_website("nope");
  client.set_team_size(-3);
  client.add_culture_values(" ");
  client.add_contacts()->set_email("x");
  EXPECT_THAT(ViolationsOf(ValidateClient(client, "client")),
              UnorderedElementsAre(
                  Key("client.display_name"), Key("client.website"), Key("client.team_size"),
                  Key("client.culture_values[0]"), Key("client.working_hours"),
                  Key("client.contacts[0].display_name"), Key("client.contacts[0].email")));
}

// PrepareRole

TEST(PrepareRole, ResolvesSkillAliasesToCanonicalIds) {
  v1::Role role = GoodRole();
  role.add_required_skills()->set_skill("  Postgres ");
  role.add_nice_to_have_skills()->set_skill("K8S");
  const absl::Status status = Prepare(role);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(role.required_skills(0).skill(), "nodejs");
  EXPECT_EQ(role.required_skills(1).skill(), "postgresql");
  EXPECT_EQ(role.nice_to_have_skills(0).skill(), "kubernetes");
}

TEST(PrepareRole, UnknownSkillSuggestsTheNearestOnes) {
  v1::Role role = GoodRole();
  role.add_required_skills()->set_skill("Kubernets");
  EXPECT_THAT(ViolationsOf(Prepare(role)),
              ElementsAre(Pair("role.required_skills[1].skill",
                               AllOf(HasSubstr("\"Kubernets\""), HasSubstr("did you mean"),
                                     HasSubstr("kubernetes")))));
}

TEST(PrepareRole, RejectsTheSameSkillTwiceAcrossLists) {
  v1::Role role = GoodRole();
  role.add_nice_to_have_skills()->set_skill("node.js");
  EXPECT_THAT(ViolationsOf(Prepare(role)), ElementsAre(Pair("role.nice_to_have_skills[0].skill",
                                                            HasSubstr("listed more than once"))));

  v1::Role same_list = GoodRole();
  same_list.add_required_skills()->set_skill("Node");
  EXPECT_THAT(ViolationsOf(Prepare(same_list)), ElementsAre(Key("role.required_skills[1].skill")));
}

TEST(PrepareRole, RequiresASkillName) {
  v1::Role role = GoodRole();
  role.add_required_skills()->set_skill("   ");
  EXPECT_THAT(ViolationsOf(Prepare(role)),
              ElementsAre(Pair("role.required_skills[1].skill", "is required")));
}

TEST(PrepareRole, DefaultsMinLevelToOneAndChecksRanges) {
  v1::Role role = GoodRole();
  ASSERT_TRUE(Prepare(role).ok());
  EXPECT_EQ(role.required_skills(0).min_level(), 1);

  v1::Role limits = GoodRole();
  limits.mutable_required_skills(0)->set_min_level(5);
  limits.mutable_required_skills(0)->set_min_years(50);
  EXPECT_TRUE(Prepare(limits).ok());

  v1::Role bad = GoodRole();
  bad.mutable_required_skills(0)->set_min_level(6);
  bad.mutable_required_skills(0)->set_min_years(51);
  bad.add_nice_to_have_skills()->set_skill("go");
  bad.mutable_nice_to_have_skills(0)->set_min_level(-1);
  bad.mutable_nice_to_have_skills(0)->set_min_years(-1);
  EXPECT_THAT(ViolationsOf(Prepare(bad)),
              UnorderedElementsAre(Key("role.required_skills[0].min_level"),
                                   Key("role.required_skills[0].min_years"),
                                   Key("role.nice_to_have_skills[0].min_level"),
                                   Key("role.nice_to_have_skills[0].min_years")));
}

TEST(PrepareRole, FillsDefaultsFromTheClient) {
  v1::Role role = GoodRole();
  const absl::Status status = Prepare(role);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(role.headcount(), 1);
  ASSERT_TRUE(role.has_min_overlap_hours());
  EXPECT_DOUBLE_EQ(role.min_overlap_hours(), 4.0);
  EXPECT_EQ(role.working_hours().time_zone(), "America/New_York");
  EXPECT_EQ(role.working_hours().start(), "09:00");
  EXPECT_EQ(role.working_hours().end(), "17:00");
  EXPECT_THAT(role.working_hours().days(),
              ElementsAre(common::v1::MONDAY, common::v1::TUESDAY, common::v1::WEDNESDAY,
                          common::v1::THURSDAY, common::v1::FRIDAY));
  EXPECT_EQ(role.kind(), common::v1::BACKEND_ENGINEER);
}

TEST(PrepareRole, KeepsGivenValuesOverDefaults) {
  v1::Role role = GoodRole();
  role.set_headcount(3);
  role.set_min_overlap_hours(0);  // Explicit zero: no overlap needed.
  role.mutable_working_hours()->set_time_zone("Asia/Kolkata");
  role.mutable_working_hours()->set_start("22:00");
  role.mutable_working_hours()->set_end("06:00");
  role.mutable_working_hours()->add_days(common::v1::SUNDAY);
  const absl::Status status = Prepare(role);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(role.headcount(), 3);
  EXPECT_DOUBLE_EQ(role.min_overlap_hours(), 0.0);
  EXPECT_EQ(role.working_hours().time_zone(), "Asia/Kolkata");
  EXPECT_THAT(role.working_hours().days(), ElementsAre(common::v1::SUNDAY));
}

TEST(PrepareRole, RejectsOutOfRangeCountsAndOwnWorkingHours) {
  v1::Role role = GoodRole();
  role.set_headcount(101);
  role.set_min_overlap_hours(24.5);
  role.mutable_working_hours()->set_time_zone("Mars/Base");
  role.mutable_working_hours()->set_start("09:00");
  role.mutable_working_hours()->set_end("17:00");
  EXPECT_THAT(ViolationsOf(Prepare(role)),
              UnorderedElementsAre(Key("role.headcount"), Key("role.min_overlap_hours"),
                                   Key("role.working_hours.time_zone")));
}

TEST(PrepareRole, TakesTheKindFromTheAnswersWhenUnspecified) {
  v1::Role role = GoodRole();
  role.set_kind(common::v1::ROLE_KIND_UNSPECIFIED);
  role.mutable_kind_answers()->set_architecture_owner(v1::EXISTING_TEAM);
  role.mutable_kind_answers()->set_has_technical_lead(true);
  const absl::Status status = Prepare(role);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(role.kind(), common::v1::BACKEND_DEVELOPER);
  ASSERT_TRUE(role.has_kind_recommendation());
  EXPECT_EQ(role.kind_recommendation().kind(), common::v1::BACKEND_DEVELOPER);
  EXPECT_FALSE(role.kind_recommendation().reasons().empty());
}

TEST(PrepareRole, KeepsAGivenKindEvenWhenTheAnswersDisagree) {
  v1::Role role = GoodRole();
  role.set_kind(common::v1::BACKEND_ENGINEER);
  role.mutable_kind_answers()->set_architecture_owner(v1::EXISTING_TEAM);
  const absl::Status status = Prepare(role);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(role.kind(), common::v1::BACKEND_ENGINEER);
  EXPECT_EQ(role.kind_recommendation().kind(), common::v1::BACKEND_DEVELOPER);
}

TEST(PrepareRole, DropsACallerSuppliedRecommendation) {
  v1::Role role = GoodRole();
  role.mutable_kind_recommendation()->set_kind(common::v1::BACKEND_DEVELOPER);
  ASSERT_TRUE(Prepare(role).ok());
  EXPECT_FALSE(role.has_kind_recommendation());
}

TEST(PrepareRole, RequiresAKindOrAnswers) {
  v1::Role role = GoodRole();
  role.set_kind(common::v1::ROLE_KIND_UNSPECIFIED);
  EXPECT_THAT(ViolationsOf(Prepare(role)), ElementsAre(Key("role.kind")));
}

TEST(PrepareRole, ReportsBadAnswersUnderKindAnswers) {
  v1::Role role = GoodRole();
  role.mutable_kind_answers()->set_engineering_team_size(-2);
  EXPECT_THAT(ViolationsOf(Prepare(role)),
              ElementsAre(Key("role.kind_answers.engineering_team_size")));
}

TEST(PrepareRole, ChecksTheStartDateIsARealDate) {
  const auto check = [](int year, int month, int day) {
    v1::Role role = GoodRole();
    role.mutable_start_by()->set_year(year);
    role.mutable_start_by()->set_month(month);
    role.mutable_start_by()->set_day(day);
    return ViolationsOf(Prepare(role));
  };
  EXPECT_THAT(check(2024, 2, 29), IsEmpty());
  EXPECT_THAT(check(2030, 12, 31), IsEmpty());
  EXPECT_THAT(check(2025, 2, 30), ElementsAre(Key("role.start_by")));
  EXPECT_THAT(check(2023, 2, 29), ElementsAre(Key("role.start_by")));
  EXPECT_THAT(check(2025, 13, 1), ElementsAre(Key("role.start_by")));
  EXPECT_THAT(check(2025, 0, 10), ElementsAre(Key("role.start_by")));
  EXPECT_THAT(check(1999, 6, 1), ElementsAre(Key("role.start_by")));
}

TEST(PrepareRole, ValidatesTheBudget) {
  v1::Role role = GoodRole();
  role.mutable_monthly_budget()->set_currency_code("DOLLARS");
  role.mutable_monthly_budget()->set_units(9000);
  EXPECT_THAT(ViolationsOf(Prepare(role)), ElementsAre(Key("role.monthly_budget.currency_code")));

  v1::Role good = GoodRole();
  good.mutable_monthly_budget()->set_currency_code("BRL");
  good.mutable_monthly_budget()->set_units(9000);
  EXPECT_TRUE(Prepare(good).ok());
}

TEST(PrepareRole, ReportsEveryViolationTogether) {
  v1::Role role;
  role.add_required_skills()->set_skill("Cobol");
  role.mutable_required_skills(0)->set_min_level(9);
  role.add_soft_skills("");
  role.set_headcount(-1);
  role.mutable_monthly_budget()->set_units(-5);
  role.mutable_start_by()->set_year(2025);
  role.mutable_start_by()->set_month(2);
  role.mutable_start_by()->set_day(30);
  const absl::Status status = Prepare(role);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationsOf(status),
              UnorderedElementsAre(
                  Key("role.title"), Key("role.kind"), Key("role.required_skills[0].skill"),
                  Key("role.required_skills[0].min_level"), Key("role.soft_skills[0]"),
                  Key("role.headcount"), Key("role.monthly_budget.currency_code"),
                  Key("role.monthly_budget.units"), Key("role.start_by")));
}

TEST(ClearOutputOnlyFields, ClearsWhatCallersMayNotSet) {
  v1::Role role = GoodRole();
  role.set_name("clients/a/roles/b");
  role.set_etag("e");
  role.mutable_create_time()->set_seconds(1);
  role.mutable_kind_recommendation()->set_kind(common::v1::BACKEND_ENGINEER);
  ClearOutputOnlyFields(role);
  EXPECT_EQ(role.name(), "");
  EXPECT_EQ(role.etag(), "");
  EXPECT_FALSE(role.has_create_time());
  EXPECT_FALSE(role.has_kind_recommendation());
  EXPECT_EQ(role.title(), "Backend engineer");

  v1::Client client = GoodClient();
  client.set_name("clients/a");
  client.mutable_update_time()->set_seconds(1);
  ClearOutputOnlyFields(client);
  EXPECT_EQ(client.name(), "");
  EXPECT_FALSE(client.has_update_time());
  EXPECT_EQ(client.display_name(), "Acme");
}

}  // namespace
}  // namespace meridian::intake
