// Tests for services/talent/domain/candidate_draft.h: candidates drafted from CVs written for
// these tests (headed, run-on, one-line entries), with a fixed today, and hostile text.
#include "services/talent/domain/candidate_draft.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/talent/domain/candidate_rules.h"
#include "tests/support/draft_test_support.h"
#include "tests/support/grpc_errors.h"

namespace meridian::talent {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::Not;
using testing::ViolationsOf;

const absl::CivilDay kToday(2026, 11, 30);

const SkillCatalog& Catalog() { return testing::DraftTestCatalog(); }

v1::CandidateDraft Draft(absl::string_view text, absl::CivilDay today = kToday) {
  absl::StatusOr<v1::CandidateDraft> draft = DraftCandidateFromText(text, Catalog(), today);
  EXPECT_TRUE(draft.ok()) << draft.status();
  if (!draft.ok()) return v1::CandidateDraft();
  testing::ExpectEvidenceInside(text, *draft);
  return *draft;
}

struct Skill {
  std::string id;
  int level;
  int years;
  friend bool operator==(const Skill&, const Skill&) = default;
  friend std::ostream& operator<<(std::ostream& out, const Skill& s) {
    return out << s.id << "/" << s.level << "/" << s.years;
  }
};

std::vector<Skill> Skills(const v1::Candidate& candidate) {
  std::vector<Skill> skills;
  for (const v1::CandidateSkill& s : candidate.skills()) {
    skills.push_back({s.skill(), s.level(), s.years()});
  }
  return skills;
}

const v1::CandidateFieldEvidence& EvidenceFor(const v1::CandidateDraft& draft,
                                              absl::string_view field) {
  for (const v1::CandidateFieldEvidence& evidence : draft.evidence()) {
    if (evidence.field() == field) return evidence;
  }
  static const v1::CandidateFieldEvidence* none = new v1::CandidateFieldEvidence;
  ADD_FAILURE() << "no evidence for " << field;
  return *none;
}

std::string SpanText(absl::string_view text, const v1::CandidateFieldEvidence& evidence) {
  return std::string(text.substr(evidence.begin(), evidence.end() - evidence.begin()));
}

TEST(DraftCandidate, AHeadedCvFillsEveryFieldWithEvidence) {
  const std::string text =
      "Ana Lima\n"
      "Senior Backend Engineer\n"
      "Based in Lisbon, Portugal | ana.lima@example.com | +351 912 345 678\n"
      "\n"
      "Experience\n"
      "2019 - present: backend engineer at Payly, Go, PostgreSQL, Kafka\n"
      "2015 - 2019: developer at Shopr\n"
      "- Built the order service in Python and Django\n"
      "\n"
      "Education\n"
      "2010 - 2015 MSc Computer Science, University of Lisbon (Java)\n"
      "\n"
      "Languages\n"
      "English: C1, Portuguese: native\n";
  const v1::CandidateDraft draft = Draft(text);
  const v1::Candidate& c = draft.candidate();
  EXPECT_EQ(c.display_name(), "Ana Lima");
  EXPECT_EQ(c.email(), "ana.lima@example.com");
  EXPECT_EQ(c.phone(), "+351 912 345 678");
  EXPECT_EQ(c.country(), "PT");
  EXPECT_EQ(c.working_hours().time_zone(), "Europe/Lisbon");
  EXPECT_EQ(c.working_hours().start(), "09:00");
  EXPECT_EQ(c.working_hours().end(), "17:00");
  // 2019 to November 2026 is 7 whole years; 2015-2019 four; Java only in education: no years.
  EXPECT_EQ(Skills(c), (std::vector<Skill>{{"go", 4, 7},
                                           {"postgresql", 4, 7},
                                           {"kafka", 4, 7},
                                           {"python", 4, 4},
                                           {"django", 4, 4},
                                           {"java", 2, 0}}));
  EXPECT_THAT(c.kinds(), ElementsAre(common::v1::BACKEND_ENGINEER));
  EXPECT_EQ(c.seniority(), common::v1::SENIOR);
  EXPECT_EQ(c.english_level(), v1::C1);
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "display_name")), "Ana Lima");
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "working_hours.time_zone")), "Lisbon, Portugal");
  EXPECT_THAT(EvidenceFor(draft, "working_hours.time_zone").sentence(), HasSubstr("Europe/Lisbon"));
  EXPECT_THAT(EvidenceFor(draft, "skills[0]").sentence(), HasSubstr("'2019 - present'"));
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "seniority")), "Senior");
  EXPECT_EQ(SpanText(text, EvidenceFor(draft, "english_level")), "English: C1");
  // The email and phone are never quoted in evidence sentences.
  for (const v1::CandidateFieldEvidence& evidence : draft.evidence()) {
    EXPECT_THAT(evidence.sentence(), Not(HasSubstr("ana.lima@")));
    EXPECT_THAT(evidence.sentence(), Not(HasSubstr("912 345")));
  }
  EXPECT_THAT(draft.questions(), Contains(HasSubstr("monthly rate")));
  EXPECT_THAT(draft.questions(), Contains(HasSubstr("working hours assumed")));
  // With a rate, the draft is a candidate CreateCandidate accepts.
  v1::Candidate completed = c;
  completed.mutable_monthly_rate()->set_currency_code("EUR");
  completed.mutable_monthly_rate()->set_units(6000);
  EXPECT_TRUE(PrepareCandidate(completed, "candidate", Catalog()).ok())
      << PrepareCandidate(completed, "candidate", Catalog());
}

TEST(DraftCandidate, StatedYearsAndOverlappingEntriesCountOnce) {
  const std::string text =
      "John Smith - Python developer\n"
      "I have 5 years of Python and some experience with Redis.\n"
      "Mar 2020 – Feb 2022 Backend developer, Acme: Go, Python\n"
      "Jan 2021 - Dec 2021 Freelance: Go services on Kubernetes\n";
  const v1::CandidateDraft draft = Draft(text);
  // Go: March 2020 to February 2022 and all of 2021 overlap: 24 months, two years. Python: the
  // statement's 5 years beat the entry's two. Kubernetes: the second entry's year.
  EXPECT_EQ(
      Skills(draft.candidate()),
      (std::vector<Skill>{{"python", 4, 5}, {"redis", 2, 0}, {"go", 3, 2}, {"kubernetes", 2, 1}}));
  EXPECT_THAT(draft.candidate().kinds(), ElementsAre(common::v1::BACKEND_DEVELOPER));
  // No title word: the dated experience (under two years) makes a junior, as stated years
  // (5) say more: mid-level needs 2-4, senior 5+.
  EXPECT_EQ(draft.candidate().seniority(), common::v1::SENIOR);
  EXPECT_THAT(EvidenceFor(draft, "seniority").sentence(), HasSubstr("as stated"));
}

TEST(DraftCandidate, AStatementBeatsTheEntryItIsWrittenIn) {
  const v1::CandidateDraft draft =
      Draft("Sam Doe\n2016 - present: Go developer at Acme\nI have 3 years of Kafka.\n");
  EXPECT_EQ(Skills(draft.candidate()), (std::vector<Skill>{{"go", 5, 10}, {"kafka", 3, 3}}));
  EXPECT_THAT(EvidenceFor(draft, "skills[0]").sentence(), HasSubstr("dated experience"));
  EXPECT_THAT(EvidenceFor(draft, "skills[1]").sentence(), Not(HasSubstr("dated experience")));
}

TEST(DraftCandidate, ACityInSeveralCountriesIsTheOneTheCountryNames) {
  EXPECT_EQ(Draft("Jo Bloggs\nLocation: London, Canada\n").candidate().working_hours().time_zone(),
            "America/Toronto");
  const v1::CandidateDraft london = Draft("Jo Bloggs\nBased in London.\n");
  EXPECT_EQ(london.candidate().country(), "GB");
  EXPECT_EQ(london.candidate().working_hours().time_zone(), "Europe/London");
  EXPECT_THAT(EvidenceFor(london, "country").sentence(), HasSubstr("most populous"));
  const v1::CandidateDraft krakow = Draft("Piotr Nowak\nKraków, Poland\nGo developer\n");
  EXPECT_EQ(krakow.candidate().country(), "PL");
  EXPECT_EQ(krakow.candidate().working_hours().time_zone(), "Europe/Warsaw");
  // A country with one zone gives it; one with several asks.
  const v1::CandidateDraft poland = Draft("Piotr Nowak\nI live in Poland.\n");
  EXPECT_EQ(poland.candidate().country(), "PL");
  EXPECT_EQ(poland.candidate().working_hours().time_zone(), "Europe/Warsaw");
  const v1::CandidateDraft usa = Draft("Jane Doe\nBased in the USA.\n");
  EXPECT_EQ(usa.candidate().country(), "US");
  EXPECT_FALSE(usa.candidate().has_working_hours());
  EXPECT_THAT(usa.questions(), Contains(HasSubstr("several time zones")));
  // No location at all is a question, never a guess.
  const v1::CandidateDraft none = Draft("Jane Doe\nGo developer.\n");
  EXPECT_TRUE(none.candidate().country().empty());
  EXPECT_THAT(none.questions(), Contains(HasSubstr("no location found")));
}

TEST(DraftCandidate, EnglishFromCodesAndWords) {
  EXPECT_EQ(Draft("English (B2)").candidate().english_level(), v1::B2);
  EXPECT_EQ(Draft("Fluent English, some German").candidate().english_level(), v1::C1);
  EXPECT_EQ(Draft("Native English speaker").candidate().english_level(), v1::C2);
  EXPECT_EQ(Draft("English: upper-intermediate").candidate().english_level(), v1::B2);
  EXPECT_EQ(
      Draft("Languages: Spanish (native), English (intermediate)").candidate().english_level(),
      v1::B1);
  const v1::CandidateDraft none = Draft("Spanish native speaker");
  EXPECT_EQ(none.candidate().english_level(), v1::ENGLISH_LEVEL_UNSPECIFIED);
  EXPECT_THAT(none.questions(), Contains(HasSubstr("English")));
}

TEST(DraftCandidate, AmbiguousWordsCountOnlyInContext) {
  const v1::CandidateDraft draft = Draft(
      "Maria Rossi\n"
      "I go to conferences and rust is my enemy on bikes.\n"
      "2018 - 2020: Go developer at Zeta\n");
  EXPECT_EQ(Skills(draft.candidate()), (std::vector<Skill>{{"go", 3, 2}}));
}

TEST(DraftCandidate, KindsAndSeniorityFromTheHeadlineOrTheCurrentTitle) {
  EXPECT_THAT(Draft("Lee Chan\nJunior Full-stack Developer\n").candidate().kinds(),
              ElementsAre(common::v1::FULLSTACK_DEVELOPER));
  EXPECT_EQ(Draft("Lee Chan\nJunior Full-stack Developer\n").candidate().seniority(),
            common::v1::JUNIOR);
  EXPECT_THAT(Draft("Lee Chan\nBackend & DevOps engineer\n").candidate().kinds(),
              ElementsAre(common::v1::DEVOPS_ENGINEER, common::v1::BACKEND_ENGINEER));
  // No headline: the current position's title, on the line above its dates.
  const v1::CandidateDraft current = Draft(
      "Lee Chan\n\nWork experience\nQA Engineer, Testly\n2021 - present\n- Python, Selenium\n"
      "Support agent, Callco\n2017 - 2021\n");
  EXPECT_THAT(current.candidate().kinds(), ElementsAre(common::v1::QA_ENGINEER));
  // No title word: nine years of dated experience.
  EXPECT_EQ(current.candidate().seniority(), common::v1::SENIOR);
  EXPECT_EQ(Draft("Lee Chan\nStaff Engineer\n").candidate().seniority(), common::v1::STAFF);
}

TEST(DraftCandidate, PresentCountsToTheDayGiven) {
  const std::string text = "Sam Doe\n2024 - present: Rust engineer\n";
  EXPECT_EQ(Skills(Draft(text, absl::CivilDay(2026, 1, 10)).candidate()),
            (std::vector<Skill>{{"rust", 3, 2}}));
  EXPECT_EQ(Skills(Draft(text, absl::CivilDay(2028, 6, 1)).candidate()),
            (std::vector<Skill>{{"rust", 4, 4}}));
}

TEST(DraftCandidate, TooLongOrEmptyIsInvalidArgumentOnText) {
  const std::string too_long(text::kMaxDraftTextBytes + 1, 'a');
  absl::StatusOr<v1::CandidateDraft> draft = DraftCandidateFromText(too_long, Catalog(), kToday);
  EXPECT_EQ(draft.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationsOf(draft.status()), Contains(Key("text")));
  EXPECT_EQ(DraftCandidateFromText(" \n\t ", Catalog(), kToday).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      DraftCandidateFromText(std::string(text::kMaxDraftTextBytes, 'a'), Catalog(), kToday).ok());
}

TEST(DraftCandidate, HostileTextGetsADraftNeverACrash) {
  std::vector<std::string> texts = testing::HostileDraftTexts();
  // What a CV reader looks for, thousands of times.
  std::string ats, ranges, phones, places, english, brackets = "Phone: ";
  while (ats.size() + 4 < text::kMaxDraftTextBytes) ats += "a@b.";
  while (ranges.size() + 24 < text::kMaxDraftTextBytes) ranges += "2019 - present: Go, \n";
  while (phones.size() + 20 < text::kMaxDraftTextBytes) phones += "+1 (555) 01-02 3 ";
  while (places.size() + 30 < text::kMaxDraftTextBytes) places += "based in London, based in ";
  while (english.size() + 16 < text::kMaxDraftTextBytes) english += "English fluent ";
  while (brackets.size() + 2 < text::kMaxDraftTextBytes) brackets += "( ";
  for (std::string* text : {&ats, &ranges, &phones, &places, &english, &brackets}) {
    texts.push_back(std::move(*text));
  }
  texts.push_back("Name: \xff\xfe\nEnglish \xc3");
  // A place whose "region" runs to the end of the text (the fuzzer found a read past it).
  texts.push_back("My name is Lucas Pereira, a ?ra, a full-ulstack");
  texts.push_back("Based in Lisbon, Lisboa");
  texts.push_back(std::string("\n>\n\nname:\0\n\t\0\n\n", 14));  // a name of control characters
  for (const std::string& text : texts) {
    testing::ExpectDraftOrInvalidArgument(text, DraftCandidateFromText(text, Catalog(), kToday));
  }
}

}  // namespace
}  // namespace meridian::talent
