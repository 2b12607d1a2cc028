// AccessService end to end through real servers of all three services: an admin makes an
// agency and keys, a RECRUITER key runs the loop and is refused AccessService, and no key
// string is ever stored in the database or written to the log.
#include <string>
#include <vector>

#include "common/logging/log.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "pqxx/pqxx"
#include "tests/common/server/gate_test_services.h"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/talent/talent_test_helpers.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"
#include "tests/support/raw_call.h"

namespace meridian::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace iv1 = intake::v1;
namespace tv1 = talent::v1;

// Every (table.column, value) of a text-like or bytea column in the database that contains
// `needle`.
std::vector<std::string> CellsContaining(const std::string& url, const std::string& needle) {
  pqxx::connection connection(url);
  pqxx::work tx(connection);
  std::vector<std::string> found;
  const pqxx::result columns = tx.exec(
      "SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns "
      "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND data_type IN "
      "('text', 'character varying', 'character', 'bytea', 'json', 'jsonb', 'ARRAY') AND "
      "table_name IN (SELECT table_name FROM information_schema.tables t WHERE "
      "t.table_schema = columns.table_schema AND t.table_type = 'BASE TABLE')");
  EXPECT_GT(columns.size(), 10u) << "the scan found no columns to look at";
  for (const auto& column : columns) {
    const std::string table = connection.quote_name(column[0].as<std::string>()) + "." +
                              connection.quote_name(column[1].as<std::string>());
    const std::string name = connection.quote_name(column[2].as<std::string>());
    const std::string type = column[3].as<std::string>();
    // bytea is searched as raw bytes (position), everything else as its text.
    const std::string condition =
        type == "bytea"
            ? "position(convert_to(" + tx.quote(needle) + ", 'UTF8') in " + name + ") > 0"
            : "strpos(" + name + "::text, " + tx.quote(needle) + ") > 0";
    const pqxx::result hits = tx.exec("SELECT count(*) FROM " + table + " WHERE " + condition);
    if (hits[0][0].as<int64_t>() > 0) found.push_back(table + "." + name);
  }
  return found;
}

TEST(AccessApi, AnAdminMakesPartnerAndRecruiterKeysThatWorkAsTheirRolesAndAreNeverStored) {
  ::testing::internal::CaptureStdout();
  std::vector<std::string> keys;
  std::string url;
  {
    GateTestServices services;
    url = services.database().url();
    log::SetMinSeverity(log::Severity::kDebug);
    const std::string agency = services.MakeAgency("Partner agency");
    TestKey partner = services.MakeKey(access::v1::PARTNER, agency);
    TestKey recruiter = services.MakeKey(access::v1::RECRUITER);
    EXPECT_EQ(partner.record.agency(), agency);
    EXPECT_EQ(partner.record.role(), access::v1::PARTNER);
    EXPECT_EQ(recruiter.record.role(), access::v1::RECRUITER);
    keys = {partner.key, recruiter.key, services.intake().in_process().admin_key()};

    // The recruiter runs the loop: a client, a role, a candidate, a submission.
    auto intake = iv1::IntakeService::NewStub(
        services.ChannelFor("meridian.intake.v1.IntakeService", recruiter.key));
    auto talent = tv1::TalentService::NewStub(
        services.ChannelFor("meridian.talent.v1.TalentService", recruiter.key));
    iv1::CreateClientRequest create_client;
    *create_client.mutable_client() = ValidClient();
    iv1::Client client;
    ASSERT_TRUE(intake->CreateClient(Context().get(), create_client, &client).ok());
    iv1::CreateRoleRequest create_role;
    create_role.set_parent(client.name());
    create_role.mutable_role()->set_title("Backend developer");
    create_role.mutable_role()->set_kind(common::v1::BACKEND_DEVELOPER);
    create_role.mutable_role()->add_required_skills()->set_skill("nodejs");
    create_role.mutable_role()->set_min_overlap_hours(2);
    iv1::Role role;
    ASSERT_TRUE(intake->CreateRole(Context().get(), create_role, &role).ok());
    tv1::CreateCandidateRequest create_candidate;
    *create_candidate.mutable_candidate() =
        Candidate("Ana Silva", "ana@example.com", "PT", "Europe/Lisbon");
    tv1::Candidate candidate;
    ASSERT_TRUE(talent->CreateCandidate(Context().get(), create_candidate, &candidate).ok());
    services.talent().WaitForIndex();
    tv1::CreateSubmissionRequest submit;
    submit.set_parent(role.name());
    submit.mutable_submission()->set_candidate(candidate.name());
    tv1::Submission submission;
    grpc::Status status = talent->CreateSubmission(Context().get(), submit, &submission);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(submission.submitted_by(), recruiter.name());

    // ... and may not touch AccessService, nor may the partner.
    for (const TestKey* key : {&recruiter, &partner}) {
      auto channel = services.ChannelFor("meridian.access.v1.AccessService", key->key);
      for (const RawMethod& method : MethodsOf("meridian.access.v1.AccessService")) {
        status = CallWithBytes(channel, method.path, std::string());
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << method.name;
        EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::PERMISSION_DENIED)) << method.name;
      }
    }
    // The partner reads reference data.
    auto partner_talent = tv1::TalentService::NewStub(
        services.ChannelFor("meridian.talent.v1.TalentService", partner.key));
    tv1::ListSkillsResponse skills;
    EXPECT_TRUE(
        partner_talent->ListSkills(Context().get(), tv1::ListSkillsRequest(), &skills).ok());

    for (const std::string& key : keys) {
      ASSERT_FALSE(key.empty());
      EXPECT_THAT(CellsContaining(url, key), ::testing::IsEmpty());
    }
    // The scan itself finds what is there: a display name made above.
    EXPECT_THAT(CellsContaining(url, "Partner agency"), ::testing::Not(::testing::IsEmpty()));
  }
  log::SetMinSeverity(log::Severity::kInfo);
  const std::string output = ::testing::internal::GetCapturedStdout();
  EXPECT_THAT(output, HasSubstr("CreateSubmission")) << "the log was not captured";
  for (const std::string& key : keys) EXPECT_THAT(output, Not(HasSubstr(key)));
}

}  // namespace
}  // namespace meridian::testing
