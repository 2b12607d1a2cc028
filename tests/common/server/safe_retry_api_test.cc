// Safe retries and the audit log end to end, through real servers of all three services: a
// retried change (same request_id, same key) gets the first answer and changes nothing again;
// the same id with another body is refused; the same id from another key is its own request;
// every committed change leaves one audit row, a failed one none, a refused one a
// PERMISSION_DENIED row.
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "tests/common/server/gate_test_services.h"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"
#include "tests/support/raw_call.h"

namespace meridian::testing {
namespace {

using ::google::protobuf::Message;
using ::google::protobuf::util::MessageDifferencer;
using ::testing::Contains;
using ::testing::Key;
using ::testing::SizeIs;
namespace iv1 = intake::v1;
namespace tv1 = talent::v1;
namespace pv1 = placement::v1;

absl::Time Utc(int year, int month, int day, int hour = 0) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, 0, 0), absl::UTCTimeZone());
}

// The response of `method` ("pkg.Service/Method") parsed from `bytes`.
std::unique_ptr<Message> ParseResponse(const std::string& method, const std::string& bytes) {
  std::string dotted = method;
  dotted[dotted.find('/')] = '.';
  const google::protobuf::MethodDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(dotted);
  if (descriptor == nullptr) throw std::runtime_error("no method " + method);
  std::unique_ptr<Message> response(google::protobuf::MessageFactory::generated_factory()
                                        ->GetPrototype(descriptor->output_type())
                                        ->New());
  if (!response->ParseFromString(bytes)) throw std::runtime_error("bad response of " + method);
  return response;
}

// The `name` field of `message`, or "".
std::string NameOf(const Message& message) {
  const google::protobuf::FieldDescriptor* field = message.GetDescriptor()->FindFieldByName("name");
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return "";
  }
  return message.GetReflection()->GetString(message, field);
}

class SafeRetryApiTest : public ::testing::Test {
 protected:
  SafeRetryApiTest()
      : first_(services_.MakeKey(access::v1::ADMIN)),
        second_(services_.MakeKey(access::v1::ADMIN)) {
    services_.placement().SetNow(Utc(2027, 3, 2, 12));
  }

  // Calls `method` with `request` as `key`; the parsed response goes to `response`.
  grpc::Status Call(const std::string& method, const Message& request, const TestKey& key,
                    std::unique_ptr<Message>* response = nullptr) {
    std::string bytes;
    grpc::Status status =
        CallWithBytes(services_.ChannelFor(method.substr(0, method.find('/')), key.key),
                      "/" + method, request.SerializeAsString(), &bytes);
    if (status.ok() && response != nullptr) *response = ParseResponse(method, bytes);
    return status;
  }

  std::vector<AuditRow> AuditOf(const TestKey& key, const std::string& request_id) {
    return services_.AuditRows("principal = " + services_.Quote(key.name()) +
                               " AND request_id = " + services_.Quote(request_id));
  }

  // The whole retry contract for one change: `request` carries `request_id`; `other_body` is
  // the same request with something else changed. Returns the first attempt's response.
  std::unique_ptr<Message> ExpectSafeRetry(const std::string& method, const Message& request,
                                           const Message& other_body) {
    SCOPED_TRACE(method);
    const std::string request_id = request.GetReflection()->GetString(
        request, request.GetDescriptor()->FindFieldByName("request_id"));
    EXPECT_FALSE(request_id.empty());
    std::unique_ptr<Message> first;
    grpc::Status status = Call(method, request, first_, &first);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) return nullptr;

    std::unique_ptr<Message> retried;
    status = Call(method, request, first_, &retried);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (status.ok()) {
      EXPECT_TRUE(MessageDifferencer::Equals(*first, *retried))
          << first->DebugString() << " vs " << retried->DebugString();
    }

    status = Call(method, other_body, first_);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(ViolationsOf(status), Contains(Key("request_id")));

    // One audit row for the change, however often it was retried.
    const std::vector<AuditRow> rows = AuditOf(first_, request_id);
    EXPECT_THAT(rows, SizeIs(1));
    if (rows.size() == 1) {
      EXPECT_EQ(rows[0].method, method);
      EXPECT_EQ(rows[0].role, "ADMIN");
      EXPECT_EQ(rows[0].outcome, "OK");
      // Every change names what it changed (an exchange rate "exchangeRates/{currency}").
      EXPECT_FALSE(rows[0].resource.empty());
      if (!NameOf(*first).empty()) {
        EXPECT_EQ(rows[0].resource, NameOf(*first));
      }
    }

    // Another key's request with the same id is its own: it runs (and is audited when it
    // changes something) rather than being answered from the first key's record.
    std::unique_ptr<Message> other;
    status = Call(method, request, second_, &other);
    if (status.ok()) {
      EXPECT_THAT(AuditOf(second_, request_id), SizeIs(1)) << "answered from another key's record";
    }
    return first;
  }

  // A client and a role that the candidates of Candidate() meet.
  iv1::Role MakeRole() {
    iv1::CreateClientRequest client_request;
    *client_request.mutable_client() = ValidClient("Placement client");
    iv1::Client client;
    auto intake = services_.intake().NewStub();
    EXPECT_TRUE(intake->CreateClient(Context().get(), client_request, &client).ok());
    iv1::CreateRoleRequest request;
    request.set_parent(client.name());
    request.mutable_role()->set_title("Backend developer");
    request.mutable_role()->set_kind(common::v1::BACKEND_DEVELOPER);
    request.mutable_role()->add_required_skills()->set_skill("nodejs");
    request.mutable_role()->set_min_overlap_hours(2);
    iv1::Role role;
    EXPECT_TRUE(intake->CreateRole(Context().get(), request, &role).ok());
    return role;
  }

  tv1::Candidate MakeCandidate(const std::string& name) {
    tv1::CreateCandidateRequest request;
    *request.mutable_candidate() =
        Candidate(name,
                  absl::StrCat(absl::AsciiStrToLower(absl::StrReplaceAll(name, {{" ", "."}})),
                               "@example.com"),
                  "PT", "Europe/Lisbon");
    tv1::Candidate created;
    EXPECT_TRUE(
        services_.talent().NewStub()->CreateCandidate(Context().get(), request, &created).ok());
    return created;
  }

  GateTestServices services_;
  TestKey first_;
  TestKey second_;
};

TEST_F(SafeRetryApiTest, IntakeChanges) {
  iv1::CreateClientRequest create;
  *create.mutable_client() = ValidClient("Retry Robotics");
  create.set_request_id("create-client-1");
  iv1::CreateClientRequest create_other = create;
  create_other.mutable_client()->set_team_size(41);
  auto client =
      ExpectSafeRetry("meridian.intake.v1.IntakeService/CreateClient", create, create_other);
  ASSERT_NE(client, nullptr);
  const std::string client_name = NameOf(*client);

  iv1::UpdateClientRequest update;
  update.mutable_client()->set_name(client_name);
  update.mutable_client()->set_team_size(50);
  update.mutable_update_mask()->add_paths("team_size");
  update.set_request_id("update-client-1");
  iv1::UpdateClientRequest update_other = update;
  update_other.mutable_client()->set_team_size(51);
  ExpectSafeRetry("meridian.intake.v1.IntakeService/UpdateClient", update, update_other);

  iv1::CreateRoleRequest role;
  role.set_parent(client_name);
  *role.mutable_role() = ValidRole();
  role.set_request_id("create-role-1");
  iv1::CreateRoleRequest role_other = role;
  role_other.mutable_role()->set_title("Another title");
  auto created_role =
      ExpectSafeRetry("meridian.intake.v1.IntakeService/CreateRole", role, role_other);
  ASSERT_NE(created_role, nullptr);

  iv1::UpdateRoleRequest update_role;
  update_role.mutable_role()->set_name(NameOf(*created_role));
  update_role.mutable_role()->set_title("Staff backend engineer");
  update_role.mutable_update_mask()->add_paths("title");
  update_role.set_request_id("update-role-1");
  iv1::UpdateRoleRequest update_role_other = update_role;
  update_role_other.mutable_role()->set_title("Principal backend engineer");
  ExpectSafeRetry("meridian.intake.v1.IntakeService/UpdateRole", update_role, update_role_other);

  // The state moves are custom methods, as safe to retry: the second HoldRole gets the first
  // answer back instead of FAILED_PRECONDITION (an ON_HOLD role cannot be held again).
  iv1::HoldRoleRequest hold;
  hold.set_name(NameOf(*created_role));
  hold.set_request_id("hold-role-1");
  iv1::HoldRoleRequest hold_other = hold;
  hold_other.set_etag("another etag");
  ExpectSafeRetry("meridian.intake.v1.IntakeService/HoldRole", hold, hold_other);
}

TEST_F(SafeRetryApiTest, TalentChanges) {
  tv1::CreateCandidateRequest create;
  *create.mutable_candidate() =
      Candidate("Ana Retry", "ana.retry@example.com", "PT", "Europe/Lisbon");
  create.set_request_id("create-candidate-1");
  tv1::CreateCandidateRequest create_other = create;
  create_other.mutable_candidate()->set_display_name("Ana Other");
  auto created =
      ExpectSafeRetry("meridian.talent.v1.TalentService/CreateCandidate", create, create_other);
  ASSERT_NE(created, nullptr);
  const auto& candidate = static_cast<const tv1::Candidate&>(*created);

  tv1::UpdateCandidateRequest update;
  *update.mutable_candidate() = candidate;
  update.mutable_candidate()->mutable_monthly_rate()->set_units(5000);
  update.mutable_update_mask()->add_paths("monthly_rate.units");
  update.set_request_id("update-candidate-1");
  tv1::UpdateCandidateRequest update_other = update;
  update_other.mutable_candidate()->mutable_monthly_rate()->set_units(6000);
  auto updated =
      ExpectSafeRetry("meridian.talent.v1.TalentService/UpdateCandidate", update, update_other);
  ASSERT_NE(updated, nullptr);
  const std::string etag_after_update = static_cast<const tv1::Candidate&>(*updated).etag();
  // The retries changed nothing: the candidate's etag is the first update's (the other key's
  // attempt carried the old etag and so changed nothing either).
  tv1::GetCandidateRequest get;
  get.set_name(candidate.name());
  tv1::Candidate now;
  ASSERT_TRUE(services_.talent().NewStub()->GetCandidate(Context().get(), get, &now).ok());
  EXPECT_EQ(now.etag(), etag_after_update);

  tv1::CreateSkillRequest skill;
  skill.set_skill_id("pharo");
  skill.mutable_skill()->set_display_name("Pharo");
  skill.mutable_skill()->set_category("language");
  skill.set_request_id("create-skill-1");
  tv1::CreateSkillRequest skill_other = skill;
  skill_other.mutable_skill()->set_display_name("Pharo!");
  ExpectSafeRetry("meridian.talent.v1.TalentService/CreateSkill", skill, skill_other);

  tv1::UpdateExchangeRateRequest rate;
  rate.mutable_rate()->set_currency_code("EUR");
  rate.mutable_rate()->set_usd_per_unit(1.25);
  rate.set_request_id("update-rate-1");
  tv1::UpdateExchangeRateRequest rate_other = rate;
  rate_other.mutable_rate()->set_usd_per_unit(1.5);
  ExpectSafeRetry("meridian.talent.v1.TalentService/UpdateExchangeRate", rate, rate_other);

  tv1::DeleteCandidateRequest remove;
  remove.set_name(candidate.name());
  remove.set_request_id("delete-candidate-1");
  tv1::DeleteCandidateRequest remove_other = remove;
  remove_other.set_etag("\"stale\"");
  ExpectSafeRetry("meridian.talent.v1.TalentService/DeleteCandidate", remove, remove_other);
}

TEST_F(SafeRetryApiTest, SubmissionsAndPlacementChanges) {
  const iv1::Role role = MakeRole();
  const tv1::Candidate candidate = MakeCandidate("Rui Retry");
  services_.talent().WaitForIndex();

  tv1::CreateSubmissionRequest submit;
  submit.set_parent(role.name());
  submit.mutable_submission()->set_candidate(candidate.name());
  submit.set_request_id("create-submission-1");
  tv1::CreateSubmissionRequest submit_other = submit;
  submit_other.mutable_submission()->set_candidate("candidates/someone-else");
  auto submitted =
      ExpectSafeRetry("meridian.talent.v1.TalentService/CreateSubmission", submit, submit_other);
  ASSERT_NE(submitted, nullptr);
  const std::string submission = NameOf(*submitted);

  tv1::AdvanceSubmissionRequest hire;
  hire.set_name(submission);
  hire.set_stage(tv1::Submission::HIRED);
  hire.set_override_reason("interviewed outside Meridian");
  hire.set_request_id("advance-submission-1");
  tv1::AdvanceSubmissionRequest hire_other = hire;
  hire_other.set_note("another note");
  ExpectSafeRetry("meridian.talent.v1.TalentService/AdvanceSubmission", hire, hire_other);
  tv1::GetSubmissionRequest get;
  get.set_name(submission);
  tv1::Submission now;
  ASSERT_TRUE(services_.talent().NewStub()->GetSubmission(Context().get(), get, &now).ok());
  int hired_entries = 0;
  for (const auto& change : now.history())
    hired_entries += change.stage() == tv1::Submission::HIRED;
  EXPECT_EQ(hired_entries, 1) << now.DebugString();

  pv1::CreatePlacementRequest place;
  place.mutable_placement()->set_submission(submission);
  place.mutable_placement()->mutable_start_date()->set_year(2027);
  place.mutable_placement()->mutable_start_date()->set_month(3);
  place.mutable_placement()->mutable_start_date()->set_day(1);
  place.mutable_placement()->mutable_trial_end()->set_year(2027);
  place.mutable_placement()->mutable_trial_end()->set_month(3);
  place.mutable_placement()->mutable_trial_end()->set_day(31);
  place.set_request_id("create-placement-1");
  pv1::CreatePlacementRequest place_other = place;
  place_other.mutable_placement()->mutable_start_date()->set_day(2);
  auto placed =
      ExpectSafeRetry("meridian.placement.v1.PlacementService/CreatePlacement", place, place_other);
  ASSERT_NE(placed, nullptr);
  const std::string placement = NameOf(*placed);

  pv1::ListCheckInsRequest list;
  list.set_parent(placement);
  list.set_page_size(100);
  pv1::ListCheckInsResponse check_ins;
  ASSERT_TRUE(
      services_.placement().NewStub()->ListCheckIns(Context().get(), list, &check_ins).ok());
  ASSERT_GE(check_ins.check_ins_size(), 2);

  pv1::RecordCheckInRequest record;
  record.set_name(check_ins.check_ins(0).name());
  record.set_client_rating(4);
  record.set_candidate_rating(4);
  record.set_request_id("record-check-in-1");
  pv1::RecordCheckInRequest record_other = record;
  record_other.set_client_rating(5);
  ExpectSafeRetry("meridian.placement.v1.PlacementService/RecordCheckIn", record, record_other);

  pv1::RescheduleCheckInRequest reschedule;
  reschedule.set_name(check_ins.check_ins(1).name());
  reschedule.mutable_due_time()->set_seconds(absl::ToUnixSeconds(Utc(2027, 3, 17, 15)));
  reschedule.set_request_id("reschedule-check-in-1");
  pv1::RescheduleCheckInRequest reschedule_other = reschedule;
  reschedule_other.mutable_due_time()->set_seconds(absl::ToUnixSeconds(Utc(2027, 3, 18, 15)));
  ExpectSafeRetry("meridian.placement.v1.PlacementService/RescheduleCheckIn", reschedule,
                  reschedule_other);

  pv1::RecordTrialOutcomeRequest trial;
  trial.set_name(placement);
  trial.set_outcome(pv1::TrialOutcome::EXTENDED);
  trial.mutable_new_trial_end()->set_year(2027);
  trial.mutable_new_trial_end()->set_month(4);
  trial.mutable_new_trial_end()->set_day(30);
  trial.set_request_id("record-trial-outcome-1");
  pv1::RecordTrialOutcomeRequest trial_other = trial;
  trial_other.mutable_new_trial_end()->set_day(29);
  ExpectSafeRetry("meridian.placement.v1.PlacementService/RecordTrialOutcome", trial, trial_other);

  pv1::EndPlacementRequest end;
  end.set_name(placement);
  end.set_reason(pv1::CONVERTED_TO_PAYROLL);
  end.set_request_id("end-placement-1");
  pv1::EndPlacementRequest end_other = end;
  end_other.set_note("another note");
  ExpectSafeRetry("meridian.placement.v1.PlacementService/EndPlacement", end, end_other);
}

TEST_F(SafeRetryApiTest, AccessChanges) {
  access::v1::CreateAgencyRequest agency;
  agency.mutable_agency()->set_display_name("Retry partners");
  agency.set_request_id("create-agency-1");
  access::v1::CreateAgencyRequest agency_other = agency;
  agency_other.mutable_agency()->set_display_name("Other partners");
  auto created_agency =
      ExpectSafeRetry("meridian.access.v1.AccessService/CreateAgency", agency, agency_other);
  ASSERT_NE(created_agency, nullptr);

  access::v1::CreateApiKeyRequest key;
  key.mutable_api_key()->set_display_name("Retry partner key");
  key.mutable_api_key()->set_role(access::v1::PARTNER);
  key.mutable_api_key()->set_agency(NameOf(*created_agency));
  key.set_request_id("create-api-key-1");
  std::unique_ptr<Message> first;
  ASSERT_TRUE(Call("meridian.access.v1.AccessService/CreateApiKey", key, first_, &first).ok());
  std::unique_ptr<Message> retried;
  ASSERT_TRUE(Call("meridian.access.v1.AccessService/CreateApiKey", key, first_, &retried).ok());
  const auto& made = static_cast<const access::v1::CreateApiKeyResponse&>(*first);
  const auto& again = static_cast<const access::v1::CreateApiKeyResponse&>(*retried);
  EXPECT_FALSE(made.key().empty());
  EXPECT_TRUE(again.key().empty()) << "a retry must not show the key again";
  EXPECT_TRUE(MessageDifferencer::Equals(made.api_key(), again.api_key()));
  access::v1::CreateApiKeyRequest key_other = key;
  key_other.mutable_api_key()->set_display_name("Other key");
  grpc::Status status = Call("meridian.access.v1.AccessService/CreateApiKey", key_other, first_);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("request_id")));
  EXPECT_THAT(AuditOf(first_, "create-api-key-1"), SizeIs(1));
  std::unique_ptr<Message> by_other;
  ASSERT_TRUE(Call("meridian.access.v1.AccessService/CreateApiKey", key, second_, &by_other).ok());
  EXPECT_NE(static_cast<const access::v1::CreateApiKeyResponse&>(*by_other).api_key().name(),
            made.api_key().name());

  access::v1::RevokeApiKeyRequest revoke;
  revoke.set_name(made.api_key().name());
  revoke.set_request_id("revoke-api-key-1");
  access::v1::RevokeApiKeyRequest revoke_other = revoke;
  revoke_other.set_name(
      static_cast<const access::v1::CreateApiKeyResponse&>(*by_other).api_key().name());
  ExpectSafeRetry("meridian.access.v1.AccessService/RevokeApiKey", revoke, revoke_other);

  access::v1::DisableAgencyRequest disable;
  disable.set_name(NameOf(*created_agency));
  disable.set_request_id("disable-agency-1");
  access::v1::DisableAgencyRequest disable_other = disable;
  disable_other.set_name("agencies/another");
  ExpectSafeRetry("meridian.access.v1.AccessService/DisableAgency", disable, disable_other);
}

TEST_F(SafeRetryApiTest, ConcurrentIdenticalCreatesMakeOneClient) {
  iv1::CreateClientRequest create;
  *create.mutable_client() = ValidClient("Concurrent Robotics");
  create.set_request_id("concurrent-create-1");
  std::vector<std::string> names(10);
  std::vector<grpc::Status> statuses(10);
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&, i] {
      std::unique_ptr<Message> response;
      statuses[i] =
          Call("meridian.intake.v1.IntakeService/CreateClient", create, first_, &response);
      if (statuses[i].ok()) names[i] = NameOf(*response);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(statuses[i].ok()) << i << ": " << statuses[i].error_message();
    EXPECT_EQ(names[i], names[0]) << i;
  }
  pqxx::connection connection(services_.database().url());
  pqxx::work tx(connection);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM intake.clients")[0][0].as<int>(), 1);
  EXPECT_THAT(AuditOf(first_, "concurrent-create-1"), SizeIs(1));
}

TEST_F(SafeRetryApiTest, OnlyCommittedAndRefusedChangesAreAudited) {
  auto intake = iv1::IntakeService::NewStub(
      services_.ChannelFor("meridian.intake.v1.IntakeService", first_.key));
  // A change that fails validation leaves no row.
  iv1::CreateClientRequest invalid;
  invalid.set_request_id("invalid-client-1");
  iv1::Client client;
  EXPECT_EQ(intake->CreateClient(Context().get(), invalid, &client).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(AuditOf(first_, "invalid-client-1"), SizeIs(0));

  // A stale etag leaves no row either.
  tv1::Candidate candidate = MakeCandidate("Stale Etag");
  tv1::DeleteCandidateRequest stale;
  stale.set_name(candidate.name());
  stale.set_etag("\"stale\"");
  stale.set_request_id("stale-delete-1");
  EXPECT_FALSE(Call("meridian.talent.v1.TalentService/DeleteCandidate", stale, first_).ok());
  EXPECT_THAT(AuditOf(first_, "stale-delete-1"), SizeIs(0));

  // A change the role may not make leaves one PERMISSION_DENIED row.
  TestKey talent_service = services_.MakeKey(access::v1::TALENT_SERVICE);
  iv1::CreateClientRequest refused;
  *refused.mutable_client() = ValidClient("Refused Robotics");
  refused.set_request_id("refused-client-1");
  EXPECT_EQ(
      Call("meridian.intake.v1.IntakeService/CreateClient", refused, talent_service).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  std::vector<AuditRow> rows = AuditOf(talent_service, "refused-client-1");
  ASSERT_THAT(rows, SizeIs(1));
  EXPECT_EQ(rows[0].outcome, "PERMISSION_DENIED");
  EXPECT_EQ(rows[0].role, "TALENT_SERVICE");
  EXPECT_EQ(rows[0].method, "meridian.intake.v1.IntakeService/CreateClient");

  // The person an internal tool acts for is recorded; an over-long one is refused.
  iv1::CreateClientRequest acting;
  *acting.mutable_client() = ValidClient("Acting Robotics");
  acting.set_request_id("acting-client-1");
  std::unique_ptr<grpc::ClientContext> context = Context();
  context->AddMetadata("x-meridian-on-behalf-of", "dana@agency.example.com");
  ASSERT_TRUE(intake->CreateClient(context.get(), acting, &client).ok());
  rows = AuditOf(first_, "acting-client-1");
  ASSERT_THAT(rows, SizeIs(1));
  EXPECT_EQ(rows[0].on_behalf_of, "dana@agency.example.com");
  EXPECT_EQ(rows[0].resource, client.name());

  acting.set_request_id("acting-client-2");
  acting.mutable_client()->set_display_name("Too Long Robotics");
  context = Context();
  context->AddMetadata("x-meridian-on-behalf-of", std::string(201, 'a'));
  grpc::Status status = intake->CreateClient(context.get(), acting, &client);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), Contains(Key("x-meridian-on-behalf-of")));
  EXPECT_THAT(AuditOf(first_, "acting-client-2"), SizeIs(0));
}

TEST_F(SafeRetryApiTest, ListAuditRecordsFiltersByPrincipalResourceAndTime) {
  const absl::Time before = absl::Now() - absl::Seconds(1);
  auto intake = iv1::IntakeService::NewStub(
      services_.ChannelFor("meridian.intake.v1.IntakeService", first_.key));
  iv1::CreateClientRequest create;
  *create.mutable_client() = ValidClient("Audited Robotics");
  iv1::Client client;
  ASSERT_TRUE(intake->CreateClient(Context().get(), create, &client).ok());
  iv1::UpdateClientRequest update;
  update.mutable_client()->set_name(client.name());
  update.mutable_client()->set_team_size(60);
  update.mutable_update_mask()->add_paths("team_size");
  ASSERT_TRUE(intake->UpdateClient(Context().get(), update, &client).ok());

  auto list = [&](const std::string& filter) {
    access::v1::ListAuditRecordsRequest request;
    request.set_filter(filter);
    access::v1::ListAuditRecordsResponse response;
    grpc::Status status = services_.access().ListAuditRecords(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << filter << ": " << status.error_message();
    return std::vector<access::v1::AuditRecord>(response.audit_records().begin(),
                                                response.audit_records().end());
  };
  std::vector<access::v1::AuditRecord> records =
      list(absl::StrCat("principal = ", first_.name(), " AND resource = ", client.name()));
  ASSERT_THAT(records, SizeIs(2));
  EXPECT_EQ(records[0].method(), "meridian.intake.v1.IntakeService/UpdateClient");  // newest first
  EXPECT_EQ(records[1].method(), "meridian.intake.v1.IntakeService/CreateClient");
  EXPECT_EQ(records[0].principal(), first_.name());
  EXPECT_EQ(records[0].outcome(), "OK");

  EXPECT_THAT(list(absl::StrCat("principal = ", second_.name())), SizeIs(0));
  EXPECT_THAT(
      list(absl::StrCat("resource = ", client.name(), " AND create_time >= \"",
                        absl::FormatTime(absl::RFC3339_full, before, absl::UTCTimeZone()), "\"")),
      SizeIs(2));
  EXPECT_THAT(
      list(absl::StrCat("resource = ", client.name(), " AND create_time < \"",
                        absl::FormatTime(absl::RFC3339_full, before, absl::UTCTimeZone()), "\"")),
      SizeIs(0));
}

}  // namespace
}  // namespace meridian::testing
