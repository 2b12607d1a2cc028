// CreatePeerChannel balances calls round robin over every address of its target: two real gRPC
// servers behind one multi-address `ipv4:` target (what a headless Service's DNS name resolves
// to) both serve calls from one channel, in turn. With gRPC's default (pick_first) every call
// would go to the first address.
#include "common/server/peer_channel.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/support/wait.h"

namespace meridian {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::meridian::testing::WaitUntil;
using ::testing::ElementsAre;

// A health service that counts the calls it served and remembers their authorization.
class CountingHealth final : public Health::Service {
 public:
  grpc::Status Check(grpc::ServerContext* context, const HealthCheckRequest*,
                     HealthCheckResponse* response) override {
    std::string authorization;
    const auto found = context->client_metadata().find("authorization");
    if (found != context->client_metadata().end()) {
      authorization.assign(found->second.data(), found->second.size());
    }
    std::lock_guard lock(mutex_);
    ++calls_;
    authorizations_[authorization]++;
    response->set_status(HealthCheckResponse::SERVING);
    return grpc::Status::OK;
  }

  int calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

  void Reset() {
    std::lock_guard lock(mutex_);
    calls_ = 0;
    authorizations_.clear();
  }

  std::map<std::string, int> authorizations() {
    std::lock_guard lock(mutex_);
    return authorizations_;
  }

 private:
  std::mutex mutex_;
  int calls_ = 0;
  std::map<std::string, int> authorizations_;
};

// One real server on a free loopback port.
class Replica final {
 public:
  Replica() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&health_);
    server_ = builder.BuildAndStart();
  }
  ~Replica() {
    if (server_ != nullptr) server_->Shutdown(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  }

  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }
  bool started() const { return server_ != nullptr && port_ > 0; }
  CountingHealth& health() { return health_; }

 private:
  CountingHealth health_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

bool CallOnce(Health::Stub& stub) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  HealthCheckRequest request;
  HealthCheckResponse response;
  return stub.Check(&context, request, &response).ok();
}

TEST(PeerChannelTest, SpreadsCallsOverEveryAddressOfTheTargetInTurn) {
  Replica first;
  Replica second;
  ASSERT_TRUE(first.started());
  ASSERT_TRUE(second.started());

  const std::string target = absl::StrCat("ipv4:", first.address(), ",", second.address());
  const std::unique_ptr<Health::Stub> stub = Health::NewStub(CreatePeerChannel(target, "mrd_k"));

  // The second connection may become ready a little after the first: until then round robin
  // has one address to pick. pick_first would never reach the second server.
  ASSERT_TRUE(WaitUntil(
      [&] { return CallOnce(*stub) && first.health().calls() > 0 && second.health().calls() > 0; },
      absl::Seconds(20)))
      << "calls served: " << first.health().calls() << " and " << second.health().calls();

  // Both connected: calls alternate, so ten calls are five each.
  first.health().Reset();
  second.health().Reset();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(CallOnce(*stub)) << "call " << i;
  EXPECT_EQ(first.health().calls(), 5);
  EXPECT_EQ(second.health().calls(), 5);
  // Each carries the service's key, whichever replica serves it.
  EXPECT_THAT(first.health().authorizations(),
              ElementsAre(std::pair<const std::string, int>("Bearer mrd_k", 5)));
  EXPECT_THAT(second.health().authorizations(),
              ElementsAre(std::pair<const std::string, int>("Bearer mrd_k", 5)));
}

}  // namespace
}  // namespace meridian
