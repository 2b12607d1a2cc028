// A channel whose every call carries an API key: `authorization: Bearer <key>`, and, when
// given, the person an internal tool acts for (`x-meridian-on-behalf-of`).
//
// Works over any credentials, plaintext included (gRPC's own call credentials are only sent
// over secure channels): the metadata is added by a client interceptor.
//
//   std::shared_ptr<grpc::Channel> channel = CreateKeyedChannel(
//       "127.0.0.1:50051", grpc::InsecureChannelCredentials(), {.key = key});
//   auto stub = meridian::intake::v1::IntakeService::NewStub(channel);
#pragma once

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace meridian {

struct CallIdentity {
  // The API key; empty sends no authorization metadata.
  std::string key = {};
  // The acting person, for the audit log; empty sends none.
  std::string on_behalf_of = {};
};

std::shared_ptr<grpc::Channel> CreateKeyedChannel(
    const std::string& target, const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    CallIdentity identity, const grpc::ChannelArguments& arguments = {});

}  // namespace meridian
