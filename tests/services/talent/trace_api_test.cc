// One action followed through two services' logs: a search for a role at talent calls intake
// for the role, and both services' lines of that action carry the caller's x-request-id as
// "trace_id"; a call without one gets a new id, sent back in the initial metadata.
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "common/logging/log.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/services/intake/intake_test_server.h"
#include "tests/services/talent/talent_test_server.h"
#include "tests/support/client_context.h"
#include "tests/support/test_database.h"

namespace meridian::testing {
namespace {

using ::testing::IsSupersetOf;
namespace iv1 = intake::v1;
namespace tv1 = talent::v1;

class TraceApiTest : public ::testing::Test {
 protected:
  TraceApiTest() : intake_(database_.url()), talent_(database_.url(), intake_.address()) {
    log::SetSinkForTesting([this](const std::string& line) {
      std::lock_guard lock(mutex_);
      lines_.push_back(nlohmann::json::parse(line, nullptr, false));
    });
  }
  ~TraceApiTest() override { log::SetSinkForTesting(nullptr); }

  // The "method" of every RPC line carrying `trace_id`.
  std::set<std::string> MethodsTraced(const std::string& trace_id) {
    std::lock_guard lock(mutex_);
    std::set<std::string> methods;
    for (const nlohmann::json& line : lines_) {
      if (line.is_object() && line.value("message", "") == "rpc" &&
          line.value("trace_id", "") == trace_id) {
        methods.insert(line.value("method", ""));
      }
    }
    return methods;
  }

  TestDatabase database_;
  IntakeTestServer intake_;
  TalentTestServer talent_;
  std::mutex mutex_;
  std::vector<nlohmann::json> lines_;
};

TEST_F(TraceApiTest, ARequestIdFollowsTheCallIntoTheServiceItCalls) {
  auto intake = intake_.NewStub();
  iv1::CreateClientRequest create_client;
  *create_client.mutable_client() = ValidClient();
  iv1::Client client;
  ASSERT_TRUE(intake->CreateClient(Context().get(), create_client, &client).ok());
  iv1::CreateRoleRequest create_role;
  create_role.set_parent(client.name());
  *create_role.mutable_role() = BackendDeveloperRole();
  iv1::Role role;
  ASSERT_TRUE(intake->CreateRole(Context().get(), create_role, &role).ok());

  std::unique_ptr<grpc::ClientContext> context = Context();
  context->AddMetadata("x-request-id", "recruiter-action-42");
  tv1::SearchCandidatesRequest search;
  search.set_role(role.name());
  tv1::SearchCandidatesResponse found;
  ASSERT_TRUE(talent_.NewStub()->SearchCandidates(context.get(), search, &found).ok());
  // Talent's line for the search and intake's for the role it read: one trace.
  EXPECT_THAT(MethodsTraced("recruiter-action-42"), IsSupersetOf({"SearchCandidates", "GetRole"}));

  // Without one, the service makes an id, logs it and sends it back.
  std::unique_ptr<grpc::ClientContext> plain = Context();
  tv1::ListCandidatesRequest list;
  tv1::ListCandidatesResponse listed;
  ASSERT_TRUE(talent_.NewStub()->ListCandidates(plain.get(), list, &listed).ok());
  const auto sent_back = plain->GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(sent_back, plain->GetServerInitialMetadata().end());
  const std::string made(sent_back->second.data(), sent_back->second.size());
  EXPECT_THAT(MethodsTraced(made), IsSupersetOf({"ListCandidates"}));

  // An id no log should carry (spaces, too long) is replaced, not logged.
  std::unique_ptr<grpc::ClientContext> odd = Context();
  odd->AddMetadata("x-request-id", "has spaces in it");
  ASSERT_TRUE(talent_.NewStub()->ListCandidates(odd.get(), list, &listed).ok());
  EXPECT_TRUE(MethodsTraced("has spaces in it").empty());
}

}  // namespace
}  // namespace meridian::testing
