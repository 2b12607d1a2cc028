// Tests for services/intake/domain/role_draft.h: roles drafted from job posts, emails and call
// notes written for these tests, and hostile text.
#include "services/intake/domain/role_draft.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/intake/domain/validation.h"
#include "tests/support/draft_test_support.h"
#include "tests/support/grpc_errors.h"

namespace meridian::intake {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::Not;
using ::testing::UnorderedElementsAre;
using testing::ViolationsOf;

using testing::DraftTestCatalog;

const SkillCatalog& Catalog() { return DraftTestCatalog(); }

v1::Client NewYorkClient() {
  v1::Client client;
  client.set_display_name("Acme");
  client.mutable_working_hours()->set_time_zone("America/New_York");
  client.mutable_working_hours()->set_start("09:00");
  client.mutable_working_hours()->set_end("17:00");
  return client;
}

v1::RoleDraft Draft(absl::string_view text, const v1::Client* client = nullptr) {
  absl::StatusOr<v1::RoleDraft> draft = DraftRoleFromText(text, Catalog(), client);
  EXPECT_TRUE(draft.ok()) << draft.status();
  return draft.ok() ? *draft : v1::RoleDraft();
}

struct Skill {
  std::string skill;
  int level;
  int years;
  friend bool operator==(const Skill&, const Skill&) = default;
  friend std::ostream& operator<<(std::ostream& out, const Skill& s) {
    return out << s.skill << "/" << s.level << "/" << s.years;
  }
};

std::vector<Skill> Skills(
    const google::protobuf::RepeatedPtrField<common::v1::SkillRequirement>& list) {
  std::vector<Skill> skills;
  for (const auto& s : list) skills.push_back({s.skill(), s.min_level(), s.min_years()});
  return skills;
}

std::vector<std::string> Ids(
    const google::protobuf::RepeatedPtrField<common::v1::SkillRequirement>& list) {
  std::vector<std::string> ids;
  for (const auto& s : list) ids.push_back(s.skill());
  return ids;
}

// The evidence for `field`; fails the test when there is none.
v1::FieldEvidence EvidenceFor(const v1::RoleDraft& draft, absl::string_view field) {
  for (const v1::FieldEvidence& evidence : draft.evidence()) {
    if (evidence.field() == field) return evidence;
  }
  ADD_FAILURE() << "no evidence for " << field;
  return v1::FieldEvidence();
}

// The evidence of the skill `id` in the draft's required or nice-to-have list.
v1::FieldEvidence SkillEvidence(const v1::RoleDraft& draft, absl::string_view id) {
  for (int i = 0; i < draft.role().required_skills_size(); ++i) {
    if (draft.role().required_skills(i).skill() == id) {
      return EvidenceFor(draft, absl::StrCat("required_skills[", i, "]"));
    }
  }
  for (int i = 0; i < draft.role().nice_to_have_skills_size(); ++i) {
    if (draft.role().nice_to_have_skills(i).skill() == id) {
      return EvidenceFor(draft, absl::StrCat("nice_to_have_skills[", i, "]"));
    }
  }
  ADD_FAILURE() << "no skill " << id;
  return v1::FieldEvidence();
}

// The text an evidence span covers.
std::string SpanText(absl::string_view text, const v1::FieldEvidence& evidence) {
  EXPECT_LE(evidence.begin(), evidence.end());
  EXPECT_LE(static_cast<size_t>(evidence.end()), text.size());
  return std::string(text.substr(evidence.begin(), evidence.end() - evidence.begin()));
}

// Every span lies in the text, and a drafted role with a title and a kind passes CreateRole's
// validation unchanged.
void ExpectWellFormed(absl::string_view text, const v1::RoleDraft& draft) {
  testing::ExpectEvidenceInside(text, draft);
  if (!draft.role().title().empty() && draft.role().kind() != common::v1::ROLE_KIND_UNSPECIFIED) {
    v1::Role role = draft.role();
    v1::Client client = NewYorkClient();
    EXPECT_TRUE(PrepareRole(role, "role", Catalog(), client).ok())
        << PrepareRole(role, "role", Catalog(), client);
  }
}

TEST(DraftRole, BulletsUnderHeadingsTellRequiredFromNice) {
  const std::string text =
      "Senior Backend Engineer (Go)\n"
      "\n"
      "About the role\n"
      "You will own the architecture of our new payments platform and work directly with the "
      "CTO. This is a greenfield project.\n"
      "\n"
      "Requirements:\n"
      "- Must have 5+ years of Go\n"
      "- Strong PostgreSQL\n"
      "- Experience with k8s\n"
      "\n"
      "Nice to have:\n"
      "- Kafka\n"
      "- Familiarity with Terraform\n"
      "\n"
      "Budget: up to $9,000/month. Overlap with EST until 1pm.\n";
  const v1::RoleDraft draft = Draft(text);
  ExpectWellFormed(text, draft);
  EXPECT_EQ(draft.role().title(), "Senior Backend Engineer (Go)");
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "title")), "Senior Backend Engineer (Go)");
  EXPECT_EQ(Skills(draft.role().required_skills()),
            (std::vector<Skill>{{"go", 4, 5}, {"postgresql", 4, 0}, {"kubernetes", 1, 0}}));
  EXPECT_EQ(Skills(draft.role().nice_to_have_skills()),
            (std::vector<Skill>{{"kafka", 1, 0}, {"terraform", 2, 0}}));
  const v1::FieldEvidence go = SkillEvidence(draft, "go");
  EXPECT_EQ(SpanText(text, go), "Must have 5+ years of Go");
  EXPECT_EQ(go.sentence(), "required: 'Must have 5+ years of Go' -> go, level 4, 5 years");
  EXPECT_EQ(SpanText(text, SkillEvidence(draft, "kubernetes")), "k8s");
  EXPECT_THAT(SkillEvidence(draft, "kafka").sentence(), HasSubstr("Nice to have:"));
  EXPECT_EQ(SpanText(text, SkillEvidence(draft, "terraform")), "Familiarity with Terraform");

  EXPECT_EQ(draft.role().kind(), common::v1::BACKEND_ENGINEER);
  EXPECT_EQ(draft.role().kind_answers().architecture_owner(), v1::THE_HIRE);
  EXPECT_EQ(draft.role().kind_answers().system_stage(), v1::GREENFIELD);
  EXPECT_TRUE(draft.role().kind_answers().works_with_leadership());
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "kind_answers.system_stage")), "greenfield");
  EXPECT_EQ(draft.role().seniority(), common::v1::SENIOR);
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "seniority")), "Senior");

  EXPECT_EQ(draft.role().working_hours().time_zone(), "America/New_York");
  EXPECT_EQ(draft.role().working_hours().start(), "09:00");
  EXPECT_EQ(draft.role().working_hours().end(), "13:00");
  EXPECT_EQ(draft.role().min_overlap_hours(), 4);
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "working_hours")), "EST until 1pm");
  EXPECT_EQ(draft.role().monthly_budget().currency_code(), "USD");
  EXPECT_EQ(draft.role().monthly_budget().units(), 9000);
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "monthly_budget")), "$9,000/month");
  EXPECT_THAT(draft.questions(), Contains(HasSubstr("headcount")));
  EXPECT_THAT(draft.questions(), Not(Contains(HasSubstr("budget"))));
}

TEST(DraftRole, RunOnProseWithCuesInsideSentences) {
  const std::string text =
      "We're looking for a mid-level backend developer to join our team of 6 engineers and build "
      "features in our existing Django codebase. You have solid Python and 3 years with "
      "PostgreSQL, and Redis would be a plus. Our tech lead owns the architecture. We pay EUR 70k "
      "a year and work CET business hours.";
  const v1::RoleDraft draft = Draft(text);
  ExpectWellFormed(text, draft);
  EXPECT_EQ(draft.role().title(), "Mid-level backend developer");
  EXPECT_EQ(draft.role().seniority(), common::v1::MID);
  EXPECT_THAT(Ids(draft.role().required_skills()),
              UnorderedElementsAre("python", "postgresql", "django"));
  EXPECT_EQ(Ids(draft.role().nice_to_have_skills()), std::vector<std::string>{"redis"});
  EXPECT_EQ(SpanText(text, SkillEvidence(draft, "redis")), "Redis would be a plus");
  EXPECT_EQ(draft.role().kind(), common::v1::BACKEND_DEVELOPER);
  EXPECT_EQ(draft.role().kind_answers().engineering_team_size(), 6);
  EXPECT_TRUE(draft.role().kind_answers().has_technical_lead());
  EXPECT_EQ(draft.role().kind_answers().system_stage(), v1::EXISTING_SYSTEM);
  EXPECT_EQ(draft.role().monthly_budget().currency_code(), "EUR");
  EXPECT_EQ(draft.role().monthly_budget().units(), 5833);
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "monthly_budget")), "EUR 70k a year");
  EXPECT_EQ(draft.role().working_hours().time_zone(), "Europe/Berlin");
  EXPECT_EQ(draft.role().working_hours().start(), "09:00");
  EXPECT_EQ(draft.role().working_hours().end(), "17:00");
  EXPECT_THAT(EvidenceFor(draft, "working_hours").sentence(), HasSubstr("business hours"));
}

TEST(DraftRole, AnEmailWithASubjectAndAnHourlyOverlap) {
  const std::string text =
      "Subject: Senior Rust engineer for our trading engine\n"
      "\n"
      "Hi Maria,\n"
      "\n"
      "Following our call: we need someone with expert Rust and strong Kafka. gRPC experience is "
      "a bonus. They need 4 hours with San Francisco every day. Budget is up to 90k USD.\n"
      "We are hiring two engineers for this.\n"
      "\n"
      "Thanks,\nTom";
  const v1::RoleDraft draft = Draft(text);
  ExpectWellFormed(text, draft);
  EXPECT_EQ(draft.role().title(), "Senior Rust engineer for our trading engine");
  EXPECT_EQ(Skills(draft.role().required_skills()),
            (std::vector<Skill>{{"rust", 5, 0}, {"kafka", 4, 0}}));
  EXPECT_EQ(Ids(draft.role().nice_to_have_skills()), std::vector<std::string>{"grpc"});
  EXPECT_EQ(draft.role().working_hours().time_zone(), "America/Los_Angeles");
  EXPECT_EQ(draft.role().min_overlap_hours(), 4);
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "min_overlap_hours")), "4 hours");
  EXPECT_EQ(draft.role().monthly_budget().units(), 7500);
  EXPECT_EQ(draft.role().monthly_budget().currency_code(), "USD");
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "monthly_budget")), "90k USD");
  EXPECT_EQ(draft.role().headcount(), 2);
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "headcount")), "two engineers");
  EXPECT_EQ(draft.role().seniority(), common::v1::SENIOR);
}

TEST(DraftRole, AmbiguousWordsCountOnlyInContext) {
  // "go", "rust" and "react" as ordinary words: no skill.
  const std::string prose =
      "We want to go fast. Ready to go live next month? Fix the rust on old pipelines and react "
      "quickly to incidents. Must have Python.";
  const v1::RoleDraft plain = Draft(prose);
  EXPECT_EQ(Ids(plain.role().required_skills()), std::vector<std::string>{"python"});
  EXPECT_THAT(plain.role().nice_to_have_skills(), IsEmpty());

  // In context they are the languages.
  for (const std::string& text :
       {std::string("Go developer wanted. Required: PostgreSQL."),
        std::string("Required: Go, Python and Postgres."), std::string("Required: Python, Go."),
        std::string("Must have 3 years of go."), std::string("Our services are written in golang."),
        std::string("Requirements:\n- Go\n- Docker\n")}) {
    const v1::RoleDraft draft = Draft(text);
    EXPECT_THAT(Ids(draft.role().required_skills()), Contains("go")) << text;
  }
  EXPECT_THAT(
      Ids(Draft("Must know Rust or C and React developer experience.").role().required_skills()),
      Contains("react"));
}

TEST(DraftRole, AliasesLandOnCanonicalSkills) {
  const std::string text =
      "Required: Postgres, k8s, NodeJS (node.js), React.js, golang, Amazon Web Services, CI/CD.";
  const v1::RoleDraft draft = Draft(text);
  EXPECT_THAT(
      Ids(draft.role().required_skills()),
      UnorderedElementsAre("postgresql", "kubernetes", "react", "go", "aws", "ci-cd", "nodejs"));
  EXPECT_EQ(SpanText(text, SkillEvidence(draft, "aws")).substr(0, 3), "Req");
  EXPECT_THAT(SkillEvidence(draft, "aws").sentence(), HasSubstr("Amazon Web Services"));
}

TEST(DraftRole, NegatedSkillsAreLeftOut) {
  const v1::RoleDraft draft = Draft("Must have Kotlin. No Java needed, and not PHP either.");
  EXPECT_EQ(Ids(draft.role().required_skills()), std::vector<std::string>{"kotlin"});
  EXPECT_THAT(draft.role().nice_to_have_skills(), IsEmpty());
}

TEST(DraftRole, LevelsFromWordsAndYears) {
  const std::string text =
      "Requirements:\n"
      "- Expert TypeScript\n"
      "- Working knowledge of Docker\n"
      "- 2 years of GraphQL\n"
      "- 8+ years of Java\n"
      "- Proficient in SQL\n";
  const v1::RoleDraft draft = Draft(text);
  EXPECT_EQ(Skills(draft.role().required_skills()), (std::vector<Skill>{{"typescript", 5, 0},
                                                                        {"docker", 2, 0},
                                                                        {"graphql", 3, 2},
                                                                        {"java", 5, 8},
                                                                        {"sql", 3, 0}}));
  EXPECT_EQ(SpanText(text, SkillEvidence(draft, "docker")), "Working knowledge of Docker");
  // No seniority word: the most years asked for decide.
  EXPECT_EQ(draft.role().seniority(), common::v1::SENIOR);
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "seniority")), "8+ years");
}

TEST(DraftRole, KindsNamedInTheTitle) {
  EXPECT_EQ(Draft("Senior Frontend Developer\nMust have React developer skills.").role().kind(),
            common::v1::FRONTEND_DEVELOPER);
  EXPECT_EQ(Draft("Full-stack engineer (TypeScript)").role().kind(),
            common::v1::FULLSTACK_DEVELOPER);
  EXPECT_EQ(Draft("iOS Developer\nStrong Swift and SwiftUI.").role().kind(),
            common::v1::MOBILE_DEVELOPER);
  EXPECT_EQ(Draft("DevOps engineer: Terraform, AWS").role().kind(), common::v1::DEVOPS_ENGINEER);
  EXPECT_EQ(Draft("Data Engineer\nAirflow, dbt, Snowflake.").role().kind(),
            common::v1::DATA_ENGINEER);
  const v1::RoleDraft mobile = Draft("iOS Developer\nStrong Swift and SwiftUI.");
  // iOS is a skill of its own, named in the title.
  EXPECT_THAT(Ids(mobile.role().required_skills()),
              UnorderedElementsAre("ios", "swift", "swiftui"));
}

TEST(DraftRole, KindWithoutCuesComesFromTheTitleWithAQuestion) {
  const v1::RoleDraft draft = Draft("Backend Developer\nMust have Ruby on Rails and MySQL.");
  EXPECT_EQ(draft.role().kind(), common::v1::BACKEND_DEVELOPER);
  EXPECT_THAT(EvidenceFor(draft, "kind").sentence(), HasSubstr("no cue"));
  EXPECT_THAT(draft.questions(), Contains(HasSubstr("kind taken from the title")));
  EXPECT_EQ(Ids(draft.role().required_skills()), (std::vector<std::string>{"rails", "mysql"}));
}

TEST(DraftRole, CallNotesWithWindowsAndOtherZones) {
  const std::string text =
      "call notes 12 May - fintech, Berlin\n"
      "* they need a staff engineer, first engineering hire, works with the founders\n"
      "* stack: Python, FastAPI, GCP\n"
      "* core hours 10:00-14:00 CET\n"
      "* pays 7,500 EUR per month\n";
  const v1::RoleDraft draft = Draft(text);
  ExpectWellFormed(text, draft);
  EXPECT_EQ(draft.role().title(), "Staff engineer");
  EXPECT_EQ(draft.role().seniority(), common::v1::STAFF);
  EXPECT_EQ(draft.role().kind(), common::v1::BACKEND_ENGINEER);
  EXPECT_FALSE(draft.role().kind_answers().has_technical_lead());
  EXPECT_TRUE(draft.role().kind_answers().works_with_leadership());
  EXPECT_EQ(draft.role().working_hours().time_zone(), "Europe/Berlin");
  EXPECT_EQ(draft.role().working_hours().start(), "10:00");
  EXPECT_EQ(draft.role().working_hours().end(), "14:00");
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "working_hours")), "10:00-14:00 CET");
  EXPECT_EQ(draft.role().monthly_budget().units(), 7500);
  EXPECT_EQ(draft.role().monthly_budget().currency_code(), "EUR");
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "monthly_budget")), "7,500 EUR per month");
  // No cue anywhere: the stack is what the role needs.
  EXPECT_THAT(Ids(draft.role().required_skills()),
              UnorderedElementsAre("python", "fastapi", "gcp"));
}

TEST(DraftRole, AmPmWindowsAndPacificTime) {
  const v1::RoleDraft draft =
      Draft("Junior QA engineer. Available 9am-5pm PST. Test automation in Python required.");
  EXPECT_EQ(draft.role().working_hours().time_zone(), "America/Los_Angeles");
  EXPECT_EQ(draft.role().working_hours().start(), "09:00");
  EXPECT_EQ(draft.role().working_hours().end(), "17:00");
  EXPECT_EQ(draft.role().kind(), common::v1::QA_ENGINEER);
  EXPECT_EQ(draft.role().seniority(), common::v1::JUNIOR);
}

TEST(DraftRole, FundingIsNotABudgetAndMissingFieldsAreQuestions) {
  const std::string text =
      "We raised $20M last year. Looking for a backend engineer with strong Go experience.";
  const v1::RoleDraft draft = Draft(text);
  EXPECT_FALSE(draft.role().has_monthly_budget());
  EXPECT_THAT(draft.questions(), Contains(HasSubstr("no budget mentioned")));
  EXPECT_THAT(draft.questions(), Contains(HasSubstr("no working hours")));
  EXPECT_THAT(draft.questions(), Contains(HasSubstr("seniority")));
  EXPECT_EQ(draft.role().title(), "Backend engineer");
  EXPECT_EQ(Skills(draft.role().required_skills()), (std::vector<Skill>{{"go", 4, 0}}));
}

TEST(DraftRole, ClientHoursFillWhatTheTextDoesNotSay) {
  const v1::Client client = NewYorkClient();
  const v1::RoleDraft draft = Draft("Senior backend engineer. Must have Go.", &client);
  EXPECT_EQ(draft.role().working_hours().time_zone(), "America/New_York");
  const v1::FieldEvidence hours = EvidenceFor(draft, "working_hours");
  EXPECT_EQ(hours.begin(), hours.end());
  EXPECT_THAT(hours.sentence(), HasSubstr("none in the text; the client's"));
}

TEST(DraftRole, HtmlTagsAreBreaksNotWords) {
  const std::string text =
      "<h1>Senior Go Developer</h1><ul><li>Must have Go</li><li>Kafka is a plus</li></ul>"
      "<p>Budget: $8k/month</p>";
  const v1::RoleDraft draft = Draft(text);
  ExpectWellFormed(text, draft);
  EXPECT_EQ(Ids(draft.role().required_skills()), std::vector<std::string>{"go"});
  EXPECT_EQ(Ids(draft.role().nice_to_have_skills()), std::vector<std::string>{"kafka"});
  EXPECT_EQ(draft.role().monthly_budget().units(), 8000);
}

TEST(DraftRole, SoftSkillsComeFromTheSharedVocabulary) {
  const std::string text =
      "Senior backend engineer. Must have Go. Clear written English and mentoring juniors; a "
      "self-starter.";
  const v1::RoleDraft draft = Draft(text);
  EXPECT_THAT(draft.role().soft_skills(),
              UnorderedElementsAre("clear written English", "mentoring", "autonomy"));
  for (const std::string& soft : draft.role().soft_skills()) {
    EXPECT_THAT(DraftSoftSkills(), Contains(soft));
  }
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "soft_skills[0]")), "written English");
}

TEST(DraftRole, TooLongOrEmptyIsInvalidArgumentOnText) {
  const std::string too_long(kMaxDraftTextBytes + 1, 'a');
  absl::StatusOr<v1::RoleDraft> draft = DraftRoleFromText(too_long, Catalog());
  EXPECT_EQ(draft.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationsOf(draft.status()), Contains(Key("text")));
  EXPECT_EQ(DraftRoleFromText(" \n\t ", Catalog()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(DraftRoleFromText(std::string(kMaxDraftTextBytes, 'a'), Catalog()).ok());
}

TEST(DraftRole, HostileTextGetsADraftNeverACrash) {
  for (const std::string& text : testing::HostileDraftTexts()) {
    absl::StatusOr<v1::RoleDraft> draft = DraftRoleFromText(text, Catalog());
    testing::ExpectDraftOrInvalidArgument(text, draft);
    if (draft.ok()) ExpectWellFormed(text, *draft);
  }
}

}  // namespace
}  // namespace meridian::intake
