#include "common/client/keyed_channel.h"

#include <utility>
#include <vector>

#include "grpcpp/create_channel.h"
#include "grpcpp/support/client_interceptor.h"

namespace meridian {
namespace {

class IdentityInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit IdentityInterceptor(const CallIdentity& identity) : identity_(identity) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      std::multimap<std::string, std::string>* metadata = methods->GetSendInitialMetadata();
      if (!identity_.key.empty()) metadata->emplace("authorization", "Bearer " + identity_.key);
      if (!identity_.on_behalf_of.empty()) {
        metadata->emplace("x-meridian-on-behalf-of", identity_.on_behalf_of);
      }
    }
    methods->Proceed();
  }

 private:
  const CallIdentity& identity_;
};

class IdentityInterceptorFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit IdentityInterceptorFactory(CallIdentity identity) : identity_(std::move(identity)) {}

  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new IdentityInterceptor(identity_);
  }

 private:
  // Lives as long as the channel, which owns the factory.
  const CallIdentity identity_;
};

}  // namespace

std::shared_ptr<grpc::Channel> CreateKeyedChannel(
    const std::string& target, const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    CallIdentity identity, const grpc::ChannelArguments& arguments) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<IdentityInterceptorFactory>(std::move(identity)));
  return grpc::experimental::CreateCustomChannelWithInterceptors(target, credentials, arguments,
                                                                 std::move(factories));
}

}  // namespace meridian
