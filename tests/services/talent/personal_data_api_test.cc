// No email, phone or API key in any log line or error message: a client with contacts, a
// candidate, the duplicates and mistakes a recruiter makes with them, a forged key, an update,
// a search, a CV drafted (DraftCandidate returns its email and phone) and an erasure, through real
// intake and talent servers; every line the services log meanwhile (at debug level) and every error
// they return is searched for the data.
#include <mutex>
#include <string>
#include <vector>

#include "common/auth/api_key.h"
#include "common/logging/log.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/intake/intake_test_server.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

namespace iv1 = intake::v1;
namespace tv1 = talent::v1;
using ::testing::HasSubstr;
using ::testing::Not;

// The personal data of this test, as written and as the services may normalise it.
const std::vector<std::string>& Secrets() {
  // Long enough that no id, time or latency in a line contains one by chance.
  static const auto* secrets = new std::vector<std::string>{
      "dana.secret@acme.example",
      "DANA.SECRET",
      "dana.secret",
      "2125550147",
      "212 555 0147",
      "5550147",
      "ana.secret@example.com",
      "ana.secret",
      "11987654321",
      "987654321",
      "98765-4321",
      "912344321",
      "owl.secret@example.com",
      "cv.secret@example.org",
      "cv.secret",
      "7700 900123",
      "7700900123",
  };
  return *secrets;
}

class PersonalDataApiTest : public ::testing::Test {
 protected:
  PersonalDataApiTest() : intake_(database_.url()), talent_(database_.url(), intake_.address()) {
    log::SetMinSeverity(log::Severity::kDebug);
    log::SetSinkForTesting([this](const std::string& line) {
      std::lock_guard lock(mutex_);
      lines_.push_back(line);
    });
  }
  ~PersonalDataApiTest() override {
    log::SetSinkForTesting(nullptr);
    log::SetMinSeverity(log::Severity::kInfo);
  }

  // Remembers an error's message (and its details' bytes) to search later.
  void Keep(const grpc::Status& status) {
    errors_.push_back(status.error_message() + " " + status.error_details());
  }

  TestDatabase database_;
  IntakeTestServer intake_;
  TalentTestServer talent_;
  std::mutex mutex_;
  std::vector<std::string> lines_;
  std::vector<std::string> errors_;
};

TEST_F(PersonalDataApiTest, NoEmailPhoneOrKeyInAnyLogLineOrError) {
  auto intake = intake_.NewStub();
  auto talent = talent_.NewStub();

  iv1::CreateClientRequest create_client;
  *create_client.mutable_client() = ValidClient();
  create_client.mutable_client()->mutable_contacts(0)->set_email("dana.secret@acme.example");
  create_client.mutable_client()->mutable_contacts(0)->set_phone("+1 212 555 0147");
  iv1::Client client;
  ASSERT_TRUE(intake->CreateClient(Context().get(), create_client, &client).ok());
  // A contact with a malformed email: refused, naming the field, not echoing the value.
  iv1::CreateClientRequest bad_client = create_client;
  bad_client.mutable_client()->mutable_contacts(0)->set_email("dana.secret@@acme.example");
  iv1::Client unused_client;
  grpc::Status status = intake->CreateClient(Context().get(), bad_client, &unused_client);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  Keep(status);

  tv1::CreateCandidateRequest create;
  *create.mutable_candidate() =
      Candidate("Ana Lima", "ana.secret@example.com", "BR", "America/Sao_Paulo");
  create.mutable_candidate()->set_phone("+55 11 98765-4321");
  tv1::Candidate ana;
  ASSERT_TRUE(talent->CreateCandidate(Context().get(), create, &ana).ok());

  // The same person again, by email in other case, and by phone written another way.
  tv1::CreateCandidateRequest again = create;
  again.mutable_candidate()->set_email("ANA.SECRET@example.com");
  tv1::Candidate unused;
  status = talent->CreateCandidate(Context().get(), again, &unused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  Keep(status);
  again = create;
  again.mutable_candidate()->set_email("owl.secret@example.com");
  again.mutable_candidate()->set_phone("+55 (11) 987654321");
  status = talent->CreateCandidate(Context().get(), again, &unused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  Keep(status);
  // A malformed email and phone.
  again = create;
  again.mutable_candidate()->set_email("owl.secret@@example.com");
  again.mutable_candidate()->set_phone("98765 call me");
  status = talent->CreateCandidate(Context().get(), again, &unused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  Keep(status);

  // A forged key, and the real one, never in a line.
  const std::string forged = NewApiKey();
  auto forged_talent = tv1::TalentService::NewStub(talent_.in_process().ChannelWithKey(forged));
  tv1::GetCandidateRequest get;
  get.set_name(ana.name());
  status = forged_talent->GetCandidate(Context().get(), get, &unused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  Keep(status);

  tv1::UpdateCandidateRequest update;
  update.mutable_candidate()->set_name(ana.name());
  update.mutable_candidate()->set_phone("+55 11 91234-4321");
  update.mutable_update_mask()->add_paths("phone");
  ASSERT_TRUE(talent->UpdateCandidate(Context().get(), update, &ana).ok());

  tv1::SearchCandidatesRequest search;
  search.mutable_criteria()->add_required_skills()->set_skill("nodejs");
  search.mutable_criteria()->set_min_overlap_hours(1);
  search.mutable_criteria()->mutable_working_hours()->set_time_zone("America/New_York");
  search.mutable_criteria()->mutable_working_hours()->set_start("09:00");
  search.mutable_criteria()->mutable_working_hours()->set_end("17:00");
  tv1::SearchCandidatesResponse found;
  talent_.WaitForIndex();
  status = talent->SearchCandidates(Context().get(), search, &found);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(found.matches_size(), 1);

  // A CV drafted: its email and phone come back in the draft, and nowhere else.
  tv1::DraftCandidateRequest draft_request;
  draft_request.set_text(
      "Owen Secret\nBackend developer, London, UK\ncv.secret@example.org | +44 7700 900123\n"
      "2019 - present: Go, PostgreSQL\n");
  tv1::CandidateDraft draft;
  status = talent->DraftCandidate(Context().get(), draft_request, &draft);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(draft.candidate().email(), "cv.secret@example.org");
  EXPECT_EQ(draft.candidate().phone(), "+44 7700 900123");
  // Too long: refused without echoing a byte of it.
  draft_request.set_text(draft_request.text() + std::string(20000, ' '));
  status = talent->DraftCandidate(Context().get(), draft_request, &draft);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  Keep(status);

  tv1::DeleteCandidateRequest erase;
  erase.set_name(ana.name());
  google::protobuf::Empty empty;
  ASSERT_TRUE(talent->DeleteCandidate(Context().get(), erase, &empty).ok());

  std::lock_guard lock(mutex_);
  // The services did log these calls, refusals included: the search below means something.
  int create_lines = 0;
  for (const std::string& line : lines_)
    create_lines += line.find("CreateCandidate") != std::string::npos;
  ASSERT_GE(create_lines, 4);
  int draft_lines = 0;
  for (const std::string& line : lines_)
    draft_lines += line.find("DraftCandidate") != std::string::npos;
  ASSERT_GE(draft_lines, 2);
  for (const std::string& secret : Secrets()) {
    for (const std::string& line : lines_) EXPECT_THAT(line, Not(HasSubstr(secret))) << secret;
    for (const std::string& error : errors_) EXPECT_THAT(error, Not(HasSubstr(secret))) << secret;
  }
  for (const std::string& key : {forged, talent_.in_process().admin_key()}) {
    for (const std::string& line : lines_) EXPECT_THAT(line, Not(HasSubstr(key)));
    for (const std::string& error : errors_) EXPECT_THAT(error, Not(HasSubstr(key)));
  }
}

}  // namespace
}  // namespace meridian::testing
