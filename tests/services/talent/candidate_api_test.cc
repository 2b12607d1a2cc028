// The talent pool through a real gRPC server and channel, against a real PostgreSQL:
// candidates, duplicates, erasure, skills and exchange rates.
#include <cstring>
#include <set>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"

namespace meridian::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::Pair;
using ::testing::SizeIs;
namespace v1 = talent::v1;

v1::Candidate ValidCandidate(const std::string& email = "ana.silva@example.com") {
  v1::Candidate candidate;
  candidate.set_display_name("Ana Silva");
  candidate.set_email(email);
  candidate.set_phone("+351 912 345 678");
  candidate.set_country("PT");
  candidate.mutable_working_hours()->set_time_zone("Europe/Lisbon");
  candidate.mutable_working_hours()->set_start("09:00");
  candidate.mutable_working_hours()->set_end("17:00");
  auto* node = candidate.add_skills();
  node->set_skill("NodeJS");
  node->set_level(4);
  node->set_years(6);
  auto* postgres = candidate.add_skills();
  postgres->set_skill("Postgres");
  postgres->set_level(3);
  postgres->set_years(4);
  candidate.add_kinds(common::v1::BACKEND_DEVELOPER);
  candidate.set_seniority(common::v1::SENIOR);
  candidate.set_english_level(v1::C1);
  candidate.mutable_monthly_rate()->set_currency_code("EUR");
  candidate.mutable_monthly_rate()->set_units(4500);
  candidate.set_source("referral");
  candidate.set_notes("Strong on payments systems; prefers async teams.");
  return candidate;
}

class CandidateApiTest : public ::testing::Test {
 protected:
  CandidateApiTest() : server_(database_.url()), stub_(server_.NewStub()) {}

  grpc::Status TryCreate(const v1::Candidate& candidate, v1::Candidate* created,
                         const std::string& request_id = "") {
    v1::CreateCandidateRequest request;
    *request.mutable_candidate() = candidate;
    request.set_request_id(request_id);
    return stub_->CreateCandidate(Context().get(), request, created);
  }

  v1::Candidate Create(const v1::Candidate& candidate) {
    v1::Candidate created;
    grpc::Status status = TryCreate(candidate, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  std::vector<v1::Candidate> List(const std::string& filter) {
    v1::ListCandidatesRequest request;
    request.set_filter(filter);
    request.set_page_size(1000);
    v1::ListCandidatesResponse response;
    grpc::Status status = stub_->ListCandidates(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.candidates().begin(), response.candidates().end()};
  }

  TestDatabase database_;
  TalentTestServer server_;
  std::unique_ptr<v1::TalentService::Stub> stub_;
};

TEST_F(CandidateApiTest, CreateNormalisesSkillsAndGetReturnsTheCandidate) {
  v1::Candidate created = Create(ValidCandidate());
  EXPECT_THAT(created.name(), ::testing::MatchesRegex("candidates/[0-9a-f-]{36}"));
  EXPECT_EQ(created.state(), v1::Candidate::AVAILABLE);
  EXPECT_EQ(created.skills(0).skill(), "nodejs");
  EXPECT_EQ(created.skills(1).skill(), "postgresql");
  EXPECT_THAT(created.working_hours().days(), SizeIs(5));

  v1::GetCandidateRequest get;
  get.set_name(created.name());
  v1::Candidate fetched;
  ASSERT_TRUE(stub_->GetCandidate(Context().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());
}

TEST_F(CandidateApiTest, ValidateOnlyChecksThePoolAndWritesNothing) {
  v1::CreateCandidateRequest request;
  *request.mutable_candidate() = ValidCandidate();
  request.set_validate_only(true);
  v1::Candidate would_be;
  ASSERT_TRUE(stub_->CreateCandidate(Context().get(), request, &would_be).ok());
  EXPECT_EQ(would_be.name(), "");
  EXPECT_EQ(would_be.state(), v1::Candidate::AVAILABLE);
  EXPECT_EQ(would_be.skills(0).skill(), "nodejs");  // canonical, as a create stores it
  EXPECT_THAT(List(""), SizeIs(0));

  // Checked against the pool like a real create: the same email is ALREADY_EXISTS.
  const v1::Candidate existing = Create(ValidCandidate());
  grpc::Status status = stub_->CreateCandidate(Context().get(), request, &would_be);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(List(""), SizeIs(1));

  // Newest first on request.
  v1::Candidate another = ValidCandidate("newer@example.com");
  another.set_phone("+351 913 000 111");
  const v1::Candidate newer = Create(another);
  v1::ListCandidatesRequest list;
  list.set_order_by("create_time desc");
  v1::ListCandidatesResponse listed;
  ASSERT_TRUE(stub_->ListCandidates(Context().get(), list, &listed).ok());
  ASSERT_THAT(listed.candidates(), SizeIs(2));
  EXPECT_EQ(listed.candidates(0).name(), newer.name());
  EXPECT_EQ(listed.candidates(1).name(), existing.name());
}

TEST_F(CandidateApiTest, CreateReportsEveryInvalidField) {
  v1::Candidate candidate = ValidCandidate();
  candidate.set_email("not-an-email");
  candidate.set_country("Portugal");
  candidate.mutable_working_hours()->set_time_zone("Europe/Lisboa");
  candidate.mutable_skills(0)->set_level(7);
  candidate.mutable_skills(1)->set_skill("Postgress");
  candidate.mutable_monthly_rate()->set_units(-1);
  candidate.set_english_level(static_cast<v1::EnglishLevel>(42));
  v1::Candidate created;
  grpc::Status status = TryCreate(candidate, &created);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const auto violations = ViolationsOf(status);
  for (const char* field :
       {"candidate.email", "candidate.country", "candidate.working_hours.time_zone",
        "candidate.skills[0].level", "candidate.skills[1].skill", "candidate.monthly_rate.units",
        "candidate.english_level"}) {
    EXPECT_THAT(violations, Contains(Key(field)));
  }
  EXPECT_THAT(violations, Contains(Pair("candidate.skills[1].skill", HasSubstr("postgresql"))));
  EXPECT_THAT(List(""), SizeIs(0));
}

TEST_F(CandidateApiTest, TheSamePersonCannotEnterThePoolTwice) {
  v1::Candidate first = Create(ValidCandidate());

  // Same email, other case and spaces.
  v1::Candidate again = ValidCandidate("  ANA.Silva@Example.com ");
  again.set_phone("");
  v1::Candidate created;
  grpc::Status status = TryCreate(again, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ErrorMetadataOf(status)["existing_candidate"], first.name());
  EXPECT_THAT(status.error_message(), HasSubstr(first.name()));

  // Same phone, written differently.
  v1::Candidate same_phone = ValidCandidate("someone.else@example.com");
  same_phone.set_phone("00351-912-345-678");
  same_phone.set_phone("351 (912) 345 678");
  status = TryCreate(same_phone, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ErrorMetadataOf(status)["existing_candidate"], first.name());
  EXPECT_THAT(List(""), SizeIs(1));
}

TEST_F(CandidateApiTest, ConcurrentCreatesOfOnePersonLeaveOneCandidate) {
  std::atomic<int> ok{0};
  std::atomic<int> duplicates{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      auto stub = server_.NewStub();
      v1::CreateCandidateRequest request;
      *request.mutable_candidate() = ValidCandidate();
      v1::Candidate created;
      grpc::Status status = stub->CreateCandidate(Context().get(), request, &created);
      if (status.ok()) ++ok;
      if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) ++duplicates;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(duplicates.load(), 5);
  EXPECT_THAT(List(""), SizeIs(1));
}

TEST_F(CandidateApiTest, RetryWithTheSameRequestIdReturnsTheFirstCandidate) {
  v1::Candidate first;
  v1::Candidate retry;
  ASSERT_TRUE(TryCreate(ValidCandidate(), &first, "candidate-request-1").ok());
  ASSERT_TRUE(TryCreate(ValidCandidate(), &retry, "candidate-request-1").ok());
  EXPECT_EQ(first.name(), retry.name());
}

TEST_F(CandidateApiTest, ErasureRemovesThePersonFromEveryTableAndEveryList) {
  v1::Candidate candidate = Create(ValidCandidate());
  const std::string id = candidate.name().substr(strlen("candidates/"));
  v1::DeleteCandidateRequest erase;
  erase.set_name(candidate.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(stub_->DeleteCandidate(Context().get(), erase, &empty).ok());

  v1::GetCandidateRequest get;
  get.set_name(candidate.name());
  v1::Candidate fetched;
  EXPECT_EQ(stub_->GetCandidate(Context().get(), get, &fetched).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(List(""), SizeIs(0));
  EXPECT_EQ(stub_->DeleteCandidate(Context().get(), erase, &empty).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // No table holds the name, email, phone or notes any more; the anonymous row stays.
  pqxx::connection connection(database_.url());
  pqxx::read_transaction tx(connection);
  // Needles long enough that no id or time stamp digits hold them by chance ("912" did).
  for (const char* needle : {"Ana Silva", "ana.silva", "912345678", "912 345 678", "payments"}) {
    const std::string like = absl::StrCat("%", needle, "%");
    EXPECT_EQ(
        tx.exec_params1("SELECT count(*) FROM talent.candidates c WHERE c::text ILIKE $1", like)[0]
            .as<int>(),
        0)
        << needle;
  }
  EXPECT_EQ(
      tx.exec_params1("SELECT count(*) FROM talent.candidates WHERE id = $1 AND erased", id)[0]
          .as<int>(),
      1);
  // The person may come back later as a new candidate: their email is free again.
  Create(ValidCandidate());
}

TEST_F(CandidateApiTest, UpdateHonoursTheMaskEtagAndManualStates) {
  v1::Candidate created = Create(ValidCandidate());
  v1::UpdateCandidateRequest update;
  *update.mutable_candidate() = created;
  update.mutable_candidate()->mutable_monthly_rate()->set_units(5000);
  update.mutable_candidate()->set_display_name("Ignored");
  update.mutable_update_mask()->add_paths("monthly_rate.units");
  v1::Candidate updated;
  ASSERT_TRUE(stub_->UpdateCandidate(Context().get(), update, &updated).ok());
  EXPECT_EQ(updated.monthly_rate().units(), 5000);
  EXPECT_EQ(updated.display_name(), "Ana Silva");

  // The etag sent is now stale.
  EXPECT_EQ(stub_->UpdateCandidate(Context().get(), update, &updated).error_code(),
            grpc::StatusCode::ABORTED);

  update.mutable_candidate()->set_etag(updated.etag());
  update.mutable_candidate()->set_state(v1::Candidate::PLACED);
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("state");
  grpc::Status status = stub_->UpdateCandidate(Context().get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // The same reason and metadata as a role's or a submission's refused move.
  EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::ILLEGAL_STATE_TRANSITION));
  EXPECT_EQ(ErrorMetadataOf(status)["from"], "AVAILABLE");
  EXPECT_EQ(ErrorMetadataOf(status)["to"], "PLACED");

  update.mutable_candidate()->set_state(v1::Candidate::INACTIVE);
  ASSERT_TRUE(stub_->UpdateCandidate(Context().get(), update, &updated).ok());
  EXPECT_EQ(updated.state(), v1::Candidate::INACTIVE);
}

TEST_F(CandidateApiTest, ListFiltersByStateSkillAndCountry) {
  Create(ValidCandidate("a@example.com"));
  v1::Candidate lagos = ValidCandidate("b@example.com");
  lagos.set_phone("");
  lagos.set_country("NG");
  lagos.mutable_working_hours()->set_time_zone("Africa/Lagos");
  lagos.mutable_skills(0)->set_skill("golang");
  Create(lagos);
  v1::Candidate inactive = ValidCandidate("c@example.com");
  inactive.set_phone("");
  inactive.set_state(v1::Candidate::INACTIVE);
  Create(inactive);

  EXPECT_THAT(List(""), SizeIs(3));
  EXPECT_THAT(List("state = AVAILABLE"), SizeIs(2));
  EXPECT_THAT(List("country = NG"), SizeIs(1));
  EXPECT_THAT(List("skill = Go"), SizeIs(1));
  EXPECT_THAT(List("skill = node AND state = AVAILABLE"), SizeIs(1));

  v1::ListCandidatesRequest request;
  request.set_filter("skill = cobol-on-cogs");
  v1::ListCandidatesResponse response;
  grpc::Status status = stub_->ListCandidates(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("filter")));
}

TEST_F(CandidateApiTest, CreateSkillAddsItWithAliasesForEveryService) {
  v1::CreateSkillRequest request;
  // A skill the seeded catalog does not have.
  request.set_skill_id("pharo");
  request.mutable_skill()->set_display_name("Pharo");
  request.mutable_skill()->set_category("language");
  request.mutable_skill()->add_aliases("Pharo Smalltalk");
  v1::Skill created;
  ASSERT_TRUE(stub_->CreateSkill(Context().get(), request, &created).ok());
  EXPECT_EQ(created.name(), "skills/pharo");

  v1::Candidate candidate = ValidCandidate();
  candidate.mutable_skills(0)->set_skill("pharo smalltalk");
  v1::Candidate with_pharo = Create(candidate);
  EXPECT_EQ(with_pharo.skills(0).skill(), "pharo");

  // Taken ids and aliases are refused.
  EXPECT_EQ(stub_->CreateSkill(Context().get(), request, &created).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  request.set_skill_id("nodejs2");
  request.mutable_skill()->set_display_name("Node");
  request.mutable_skill()->clear_aliases();
  grpc::Status status = stub_->CreateSkill(Context().get(), request, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ErrorMetadataOf(status)["existing_skill"], "skills/nodejs");

  v1::ListSkillsRequest list;
  list.set_page_size(1000);
  v1::ListSkillsResponse skills;
  ASSERT_TRUE(stub_->ListSkills(Context().get(), list, &skills).ok());
  std::set<std::string> names;
  for (const auto& skill : skills.skills()) names.insert(skill.name());
  EXPECT_TRUE(names.contains("skills/pharo"));
  EXPECT_TRUE(names.contains("skills/kubernetes"));
}

TEST_F(CandidateApiTest, ExchangeRatesCanBeReadAndUpdated) {
  v1::ListExchangeRatesResponse rates;
  ASSERT_TRUE(stub_->ListExchangeRates(Context().get(), {}, &rates).ok());
  EXPECT_GE(rates.rates_size(), 20);

  v1::UpdateExchangeRateRequest update;
  update.mutable_rate()->set_currency_code("EUR");
  update.mutable_rate()->set_usd_per_unit(1.25);
  v1::ExchangeRate rate;
  ASSERT_TRUE(stub_->UpdateExchangeRate(Context().get(), update, &rate).ok());
  EXPECT_DOUBLE_EQ(rate.usd_per_unit(), 1.25);

  update.mutable_rate()->set_usd_per_unit(-2);
  EXPECT_EQ(stub_->UpdateExchangeRate(Context().get(), update, &rate).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// gRPC's generated service parsed requests itself and answered INTERNAL with an empty message
// when that failed: the caller could not tell its own mistake from an outage.
TEST_F(CandidateApiTest, MalformedRequestBytesAreInvalidArgumentOnEveryMethod) {
  ExpectEveryMethodRefusesMalformedBytes(server_.channel(), "meridian.talent.v1.TalentService", 19);
}

TEST_F(CandidateApiTest, InvalidUtf8InAStringFieldIsInvalidArgumentAndWritesNothing) {
  v1::CreateCandidateRequest create;
  *create.mutable_candidate() = ValidCandidate();
  grpc::Status status =
      CallWithBytes(server_.channel(), "/meridian.talent.v1.TalentService/CreateCandidate",
                    WithInvalidUtf8(create, "Silva"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "request is not a valid meridian.talent.v1.CreateCandidateRequest message: "
            "candidate.display_name is not valid UTF-8");
  v1::ListCandidatesRequest list;
  v1::ListCandidatesResponse listed;
  ASSERT_TRUE(stub_->ListCandidates(Context().get(), list, &listed).ok());
  EXPECT_THAT(listed.candidates(), SizeIs(0));

  v1::SearchCandidatesRequest search;
  search.mutable_criteria()->add_soft_skills("mentoring");
  status = CallWithBytes(server_.channel(), "/meridian.talent.v1.TalentService/SearchCandidates",
                         WithInvalidUtf8(search, "mentoring"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "request is not a valid meridian.talent.v1.SearchCandidatesRequest message: "
            "criteria.soft_skills[0] is not valid UTF-8");
}

TEST_F(CandidateApiTest, DatesOutsideTheApiRangeAreInvalidArgumentNamingTheField) {
  v1::Candidate candidate = ValidCandidate();
  candidate.mutable_available_from()->set_year(10000);
  candidate.mutable_available_from()->set_month(1);
  candidate.mutable_available_from()->set_day(1);
  v1::Candidate created;
  grpc::Status status = TryCreate(candidate, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("candidate.available_from")));

  v1::SearchCandidatesRequest search;
  v1::SearchCriteria& criteria = *search.mutable_criteria();
  criteria.mutable_working_hours()->set_time_zone("UTC");
  criteria.mutable_working_hours()->set_start("09:00");
  criteria.mutable_working_hours()->set_end("17:00");
  criteria.add_required_skills()->set_skill("nodejs");
  criteria.mutable_available_by()->set_year(-5000);
  criteria.mutable_available_by()->set_month(1);
  criteria.mutable_available_by()->set_day(1);
  v1::SearchCandidatesResponse found;
  status = stub_->SearchCandidates(Context().get(), search, &found);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("criteria.available_by")));

  criteria.clear_available_by();
  search.mutable_reference_date()->set_year(0);
  search.mutable_reference_date()->set_month(2);
  search.mutable_reference_date()->set_day(30);
  status = stub_->SearchCandidates(Context().get(), search, &found);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("reference_date")));
}

// A recruiter pastes a CV; the draft, with a monthly rate added, is a candidate CreateCandidate
// accepts. The real catalog (migration 0012) resolves the aliases, and city-timezones the city.
TEST_F(CandidateApiTest, DraftCandidateGivesACandidateCreateCandidateAccepts) {
  const std::string text =
      "Marta Nowak\n"
      "Senior Backend Developer\n"
      "Kraków, Poland | marta.nowak@example.pl | +48 600 123 456\n"
      "\n"
      "Experience\n"
      "2016 - present: backend developer at Paylane, golang, Postgres, k8s\n"
      "I have 3 years of Kafka.\n"
      "English: C1\n";
  v1::DraftCandidateRequest request;
  request.set_text(text);
  v1::CandidateDraft draft;
  grpc::Status status = stub_->DraftCandidate(Context().get(), request, &draft);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const v1::Candidate& c = draft.candidate();
  EXPECT_EQ(c.display_name(), "Marta Nowak");
  EXPECT_EQ(c.email(), "marta.nowak@example.pl");
  EXPECT_EQ(c.phone(), "+48 600 123 456");
  EXPECT_EQ(c.country(), "PL");
  EXPECT_EQ(c.working_hours().time_zone(), "Europe/Warsaw");
  ASSERT_EQ(c.skills_size(), 4);
  EXPECT_EQ(c.skills(0).skill(), "go");
  // 2016 to today: at least the ten years to 2026, counted on the server's clock.
  EXPECT_GE(c.skills(0).years(), 10);
  EXPECT_EQ(c.skills(1).skill(), "postgresql");
  EXPECT_EQ(c.skills(2).skill(), "kubernetes");
  EXPECT_EQ(c.skills(3).skill(), "kafka");
  EXPECT_EQ(c.skills(3).years(), 3);
  EXPECT_EQ(c.seniority(), common::v1::SENIOR);
  EXPECT_EQ(c.english_level(), v1::C1);
  ASSERT_EQ(c.kinds_size(), 1);
  EXPECT_EQ(c.kinds(0), common::v1::BACKEND_DEVELOPER);
  for (const v1::CandidateFieldEvidence& evidence : draft.evidence()) {
    ASSERT_LE(evidence.begin(), evidence.end());
    ASSERT_LE(static_cast<size_t>(evidence.end()), text.size());
  }
  EXPECT_THAT(draft.questions(), Contains(HasSubstr("monthly rate")));
  // Nothing was saved.
  EXPECT_THAT(List(""), SizeIs(0));

  v1::Candidate completed = c;
  completed.mutable_monthly_rate()->set_currency_code("EUR");
  completed.mutable_monthly_rate()->set_units(7000);
  const v1::Candidate created = Create(completed);
  EXPECT_EQ(created.skills(0).skill(), "go");
  EXPECT_EQ(created.working_hours().time_zone(), "Europe/Warsaw");
}

TEST_F(CandidateApiTest, DraftCandidateRefusesEmptyAndTooLongTextAndPartners) {
  v1::DraftCandidateRequest request;
  v1::CandidateDraft draft;
  request.set_text(std::string(20001, 'a'));
  grpc::Status status = stub_->DraftCandidate(Context().get(), request, &draft);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("text")));
  request.set_text(" \n");
  status = stub_->DraftCandidate(Context().get(), request, &draft);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("text")));
  // Staff only: a partner agency's key may not draft.
  auto partner = v1::TalentService::NewStub(server_.in_process().ChannelWithKey(
      CreateTestKey(database_.url(), access::v1::PARTNER, "agencies/acme")));
  request.set_text("Ana Lima, Go developer");
  status = partner->DraftCandidate(Context().get(), request, &draft);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
}

}  // namespace
}  // namespace meridian::testing
