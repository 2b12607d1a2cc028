// The call gate end to end, through real servers of all three services over one database:
// authentication (one answer for every bad key, revocation within seconds, health and
// reflection open), the role-by-RPC matrix of the access policy, per-key rate limits, and a
// role's limit set by the deployment (--rate_limits).
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "common/auth/access_policy.h"
#include "common/auth/api_key.h"
#include "common/auth/authenticator.h"
#include "common/auth/key_store.h"
#include "common/process/health_client.h"
#include "common/server/call_gate.h"
#include "common/server/server_main.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/sync_stream.h"
#include "gtest/gtest.h"
#include "meridian/events/v1/events.pb.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "tests/common/server/gate_test_services.h"
#include "tests/support/client_context.h"
#include "tests/support/grpc_errors.h"
#include "tests/support/in_process_server.h"
#include "tests/support/raw_call.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"
#include "tests/support/wait.h"

namespace meridian::testing {
namespace {

using ::testing::_;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

const std::vector<std::string> kServices = {
    "meridian.intake.v1.IntakeService",    "meridian.talent.v1.TalentService",
    "meridian.talent.v1.InterviewService", "meridian.placement.v1.PlacementService",
    "meridian.access.v1.AccessService",    "meridian.events.v1.EventService"};

// The request bytes the role matrix sends: empty, except for the stream, which would otherwise
// run until its deadline; a filter it refuses ends it at once for a role the gate lets in.
std::string MatrixRequestFor(absl::string_view method) {
  if (method != "meridian.events.v1.EventService/StreamEvents") return std::string();
  events::v1::StreamEventsRequest request;
  request.set_filter("not a filter");
  return request.SerializeAsString();
}

// ListClients on the intake server with `authorization` as the metadata (none when nullopt),
// on a channel that adds no key of its own.
grpc::Status ListClientsWith(const std::string& address,
                             const std::optional<std::string>& authorization) {
  auto stub = intake::v1::IntakeService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  std::unique_ptr<grpc::ClientContext> context = Context();
  if (authorization.has_value()) context->AddMetadata("authorization", *authorization);
  intake::v1::ListClientsResponse response;
  return stub->ListClients(context.get(), intake::v1::ListClientsRequest(), &response);
}

// The service part of a full method name: "meridian.talent.v1.TalentService".
std::string ServiceOf(absl::string_view method) {
  return std::string(method.substr(0, method.find('/')));
}

// The google.rpc details of `status` of type T, or nullopt.
template <typename T>
std::optional<T> DetailOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return std::nullopt;
  for (const google::protobuf::Any& any : details.details()) {
    T detail;
    if (any.UnpackTo(&detail)) return detail;
  }
  return std::nullopt;
}

class CallGateApiTest : public ::testing::Test {
 protected:
  GateTestServices services_;
};

TEST_F(CallGateApiTest, EveryBadKeyIsUnauthenticatedWithOneMessage) {
  const std::string address = services_.intake().address();
  // An expired key, stored as the bootstrap stores keys.
  const std::string expired = NewApiKey();
  ASSERT_TRUE(services_.intake()
                  .in_process()
                  .pool()
                  .InTransaction(absl::Now() + absl::Seconds(10),
                                 [&](pqxx::work& tx) -> absl::Status {
                                   key_store::NewKey record{.display_name = "expired",
                                                            .role = access::v1::ADMIN};
                                   record.expire_time = absl::Now() - absl::Hours(1);
                                   key_store::InsertApiKey(tx, "expired-key", ApiKeyHash(expired),
                                                           record);
                                   return absl::OkStatus();
                                 })
                  .ok());
  // A key revoked through AccessService, after the cache has forgotten it (it was never used).
  TestKey revoked = services_.MakeKey(access::v1::ADMIN);
  access::v1::RevokeApiKeyRequest revoke;
  revoke.set_name(revoked.name());
  access::v1::ApiKey revoked_record;
  ASSERT_TRUE(services_.access().RevokeApiKey(Context().get(), revoke, &revoked_record).ok());

  const std::map<std::string, std::optional<std::string>> cases = {
      {"no key", std::nullopt},
      {"empty", ""},
      {"not bearer", "Basic " + services_.intake().in_process().admin_key()},
      {"malformed", "Bearer not-a-key"},
      {"unknown", "Bearer " + NewApiKey()},
      {"expired", "Bearer " + expired},
      {"revoked", "Bearer " + revoked.key},
  };
  for (const auto& [label, authorization] : cases) {
    grpc::Status status = ListClientsWith(address, authorization);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << label;
    EXPECT_EQ(status.error_message(), kUnauthenticatedMessage) << label;
    EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::UNAUTHENTICATED)) << label;
  }
  // The same call with a good key works: the refusals above are the keys'.
  EXPECT_TRUE(
      ListClientsWith(address, "Bearer " + services_.intake().in_process().admin_key()).ok());
}

// Two authorization headers are ambiguous (a proxy in front may have added one): refused even
// when one or both are good keys; two on-behalf-of values likewise.
TEST_F(CallGateApiTest, TwoValuesOfOneGateHeaderAreRefused) {
  const std::string good = "Bearer " + services_.intake().in_process().admin_key();
  auto stub = intake::v1::IntakeService::NewStub(
      grpc::CreateChannel(services_.intake().address(), grpc::InsecureChannelCredentials()));
  const std::vector<std::vector<std::pair<std::string, std::string>>> twice = {
      {{"authorization", good}, {"authorization", good}},
      {{"authorization", good}, {"authorization", "Bearer " + NewApiKey()}},
      {{"authorization", "Bearer " + NewApiKey()}, {"authorization", good}},
  };
  intake::v1::ListClientsResponse response;
  for (const auto& headers : twice) {
    std::unique_ptr<grpc::ClientContext> context = Context();
    for (const auto& [key, value] : headers) context->AddMetadata(key, value);
    grpc::Status status = stub->ListClients(context.get(), {}, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(status.error_message(), kUnauthenticatedMessage);
  }
  std::unique_ptr<grpc::ClientContext> context = Context();
  context->AddMetadata("authorization", good);
  context->AddMetadata(std::string(kOnBehalfOfMetadata), "dana@acme.example.com");
  context->AddMetadata(std::string(kOnBehalfOfMetadata), "lee@acme.example.com");
  grpc::Status status = stub->ListClients(context.get(), {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolationsOf(status), ElementsAre(Pair(std::string(kOnBehalfOfMetadata), _)));
  // One of each is fine.
  context = Context();
  context->AddMetadata("authorization", good);
  context->AddMetadata(std::string(kOnBehalfOfMetadata), "dana@acme.example.com");
  EXPECT_TRUE(stub->ListClients(context.get(), {}, &response).ok());
}

TEST_F(CallGateApiTest, ARevokedKeyStopsWorkingWithinSeconds) {
  TestKey key = services_.MakeKey(access::v1::RECRUITER);
  // Used first, so that every server has it cached as working.
  ASSERT_TRUE(ListClientsWith(services_.intake().address(), "Bearer " + key.key).ok());
  auto talent = talent::v1::TalentService::NewStub(
      services_.ChannelFor("meridian.talent.v1.TalentService", key.key));
  talent::v1::ListSkillsResponse skills;
  ASSERT_TRUE(talent->ListSkills(Context().get(), talent::v1::ListSkillsRequest(), &skills).ok());

  access::v1::RevokeApiKeyRequest revoke;
  revoke.set_name(key.name());
  access::v1::ApiKey revoked;
  ASSERT_TRUE(services_.access().RevokeApiKey(Context().get(), revoke, &revoked).ok());
  EXPECT_TRUE(revoked.revoked());

  EXPECT_TRUE(WaitUntil(
      [&] {
        return ListClientsWith(services_.intake().address(), "Bearer " + key.key).error_code() ==
               grpc::StatusCode::UNAUTHENTICATED;
      },
      absl::Seconds(5), absl::Milliseconds(100)));
  EXPECT_TRUE(WaitUntil(
      [&] {
        return talent->ListSkills(Context().get(), talent::v1::ListSkillsRequest(), &skills)
                   .error_code() == grpc::StatusCode::UNAUTHENTICATED;
      },
      absl::Seconds(5), absl::Milliseconds(100)));
}

TEST_F(CallGateApiTest, HealthAndReflectionNeedNoKey) {
  for (const std::string& address : {services_.intake().address(), services_.talent().address()}) {
    EXPECT_EQ(HealthStatus(address, "", absl::Seconds(5)),
              grpc::health::v1::HealthCheckResponse::SERVING)
        << address;
  }
  // Reflection's list_services (ServerReflectionRequest field 7) as raw bytes, on a channel
  // without a key.
  auto channel =
      grpc::CreateChannel(services_.intake().address(), grpc::InsecureChannelCredentials());
  std::unique_ptr<grpc::ClientContext> context = Context(absl::Seconds(10));
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
          channel.get(),
          grpc::internal::RpcMethod(
              "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
              grpc::internal::RpcMethod::BIDI_STREAMING),
          context.get()));
  grpc::Slice slice(std::string("\x3a\x01*", 3));
  ASSERT_TRUE(stream->Write(grpc::ByteBuffer(&slice, 1)));
  stream->WritesDone();
  grpc::ByteBuffer reply;
  ASSERT_TRUE(stream->Read(&reply));
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(reply.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice& s : slices)
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  EXPECT_THAT(bytes, HasSubstr("meridian.intake.v1.IntakeService"));
  EXPECT_THAT(bytes, HasSubstr("meridian.access.v1.AccessService"));
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(CallGateApiTest, EveryServedMethodHasARowAndEveryRowIsServed) {
  std::set<std::string> served;
  for (const std::string& service : kServices) {
    for (const RawMethod& method : MethodsOf(service)) {
      const std::string full = method.path.substr(1);
      served.insert(full);
      EXPECT_NE(FindMethodRule(full), nullptr) << full << " has no row in the access policy";
    }
  }
  for (const MethodRule& rule : AllMethodRules()) {
    EXPECT_TRUE(served.count(std::string(rule.method))) << rule.method << " is served by none";
  }
  EXPECT_EQ(served.size(), AllMethodRules().size());
}

TEST_F(CallGateApiTest, EachRoleIsRefusedExactlyTheRpcsItsRowsDoNotAllow) {
  const std::string agency = services_.MakeAgency("Matrix partners");
  const std::map<access::v1::Role, TestKey> keys = {
      {access::v1::ADMIN, services_.MakeKey(access::v1::ADMIN)},
      {access::v1::RECRUITER, services_.MakeKey(access::v1::RECRUITER)},
      {access::v1::PARTNER, services_.MakeKey(access::v1::PARTNER, agency)},
      {access::v1::TALENT_SERVICE, services_.MakeKey(access::v1::TALENT_SERVICE)},
      {access::v1::PLACEMENT_SERVICE, services_.MakeKey(access::v1::PLACEMENT_SERVICE)},
  };
  for (const auto& [role, key] : keys) {
    std::map<std::string, std::shared_ptr<grpc::Channel>> channels;
    for (const std::string& service : kServices) {
      channels[service] = services_.ChannelFor(service, key.key);
    }
    for (const MethodRule& rule : AllMethodRules()) {
      const std::string service = ServiceOf(rule.method);
      ASSERT_TRUE(channels.count(service)) << rule.method;
      grpc::Status status = CallWithBytes(channels[service], absl::StrCat("/", rule.method),
                                          MatrixRequestFor(rule.method));
      const std::string label =
          absl::StrCat(access::v1::Role_Name(role), " ", rule.method, ": ",
                       static_cast<int>(status.error_code()), " ", status.error_message());
      if (rule.Allows(role)) {
        EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << label;
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << label;
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << label;
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << label;
        EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::PERMISSION_DENIED)) << label;
      }
    }
  }
}

TEST_F(CallGateApiTest, AKeyPastItsOwnRateLimitIsToldWhenToRetryAndOthersAreNot) {
  access::v1::RateLimit limit;
  limit.set_requests_per_second(1);
  limit.set_burst(2);
  TestKey slow = services_.MakeKey(access::v1::RECRUITER, "", &limit);
  EXPECT_EQ(slow.record.rate_limit().burst(), 2);

  // The burst is two calls; a third within the second that refills one token is refused. A
  // machine slow enough to take a second per call would let more through, so keep calling
  // until the limit shows, up to a bound far past the burst.
  grpc::Status refused;
  int admitted = 0;
  for (int i = 0; i < 20; ++i) {
    grpc::Status status = ListClientsWith(services_.intake().address(), "Bearer " + slow.key);
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      refused = status;
      break;
    }
    ASSERT_TRUE(status.ok()) << status.error_message();
    ++admitted;
  }
  ASSERT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_GE(admitted, 2);
  EXPECT_EQ(ReasonOf(refused), ReasonName(common::v1::RATE_LIMITED));
  std::optional<google::rpc::RetryInfo> retry = DetailOf<google::rpc::RetryInfo>(refused);
  ASSERT_TRUE(retry.has_value());
  EXPECT_GT(retry->retry_delay().seconds() * 1000000000LL + retry->retry_delay().nanos(), 0);
  std::optional<google::rpc::QuotaFailure> quota = DetailOf<google::rpc::QuotaFailure>(refused);
  ASSERT_TRUE(quota.has_value());
  ASSERT_EQ(quota->violations_size(), 1);
  EXPECT_EQ(quota->violations(0).subject(), slow.name());

  // Another key, on the same server, is not slowed by it.
  TestKey other = services_.MakeKey(access::v1::RECRUITER);
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(ListClientsWith(services_.intake().address(), "Bearer " + other.key).ok());
  }
}

// A RECRUITER limit from --rate_limits, wired as the intake_server binary wires its config
// (AccessWiringFrom), is what a RECRUITER key without a limit of its own gets; a key's own
// limit still wins. Nothing is timed: the configured rate refills one call every 1000 s, so
// however slow the machine the refusal comes right after the burst, and it says to wait about
// that long (the default 200 a second would say 5 ms).
TEST(CallGateRoleRateLimitApiTest, AConfiguredRoleLimitIsWhatAKeyOfThatRoleGets) {
  TestDatabase database;
  ServerConfig config;
  absl::StatusOr<RoleRateLimits> role_limits = ParseRoleRateLimits("RECRUITER=0.001/3");
  ASSERT_TRUE(role_limits.ok()) << role_limits.status();
  config.rate_limits = *role_limits;
  InProcessServer server(intake::IntakeServerDescription(), {.database_url = database.url()},
                         [&config](db::ConnectionPool& pool) {
                           return intake::MakeIntakeServices(pool, AccessWiringFrom(config));
                         });

  const std::string recruiter = CreateTestKey(database.url(), access::v1::RECRUITER);
  for (int i = 0; i < 3; ++i) {
    grpc::Status status = ListClientsWith(server.address(), "Bearer " + recruiter);
    ASSERT_TRUE(status.ok()) << "call " << i << ": " << status.error_message();
  }
  const grpc::Status refused = ListClientsWith(server.address(), "Bearer " + recruiter);
  ASSERT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ReasonOf(refused), ReasonName(common::v1::RATE_LIMITED));
  std::optional<google::rpc::RetryInfo> retry = DetailOf<google::rpc::RetryInfo>(refused);
  ASSERT_TRUE(retry.has_value());
  EXPECT_GE(retry->retry_delay().seconds(), 900);
  std::optional<google::rpc::QuotaFailure> quota = DetailOf<google::rpc::QuotaFailure>(refused);
  ASSERT_TRUE(quota.has_value());
  ASSERT_EQ(quota->violations_size(), 1);
  EXPECT_EQ(quota->violations(0).description(), "0.001 requests a second, bursts of 3");

  // A RECRUITER key made with its own limit (burst 20) is held to that one, not the role's.
  auto access = access::v1::AccessService::NewStub(server.channel());
  access::v1::CreateApiKeyRequest request;
  request.mutable_api_key()->set_display_name("recruiter with its own limit");
  request.mutable_api_key()->set_role(access::v1::RECRUITER);
  request.mutable_api_key()->mutable_rate_limit()->set_requests_per_second(100);
  request.mutable_api_key()->mutable_rate_limit()->set_burst(20);
  access::v1::CreateApiKeyResponse own;
  ASSERT_TRUE(access->CreateApiKey(Context().get(), request, &own).ok());
  for (int i = 0; i < 10; ++i) {
    grpc::Status status = ListClientsWith(server.address(), "Bearer " + own.key());
    ASSERT_TRUE(status.ok()) << "call " << i << ": " << status.error_message();
  }

  // The server's ADMIN key, a role not named, keeps its default (bursts of 4000): the
  // CreateApiKey above and these calls are far from it.
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(ListClientsWith(server.address(), "Bearer " + server.admin_key()).ok());
  }
}

}  // namespace
}  // namespace meridian::testing
