// Sending hand-made request bytes, the way a broken or hostile client would: malformed
// protobuf, or a string field that is not UTF-8 (which the typed stubs cannot produce).
//
//   std::string bytes = WithInvalidUtf8(request, "Acme");   // same message, one byte broken
//   grpc::Status status = CallWithBytes(channel, "/meridian.intake.v1.IntakeService/CreateClient",
//                                       bytes);
//   for (const RawMethod& method : MethodsOf("meridian.intake.v1.IntakeService")) ...
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/support/status.h"

namespace meridian::testing {

// Calls the unary method at `path` with `bytes` as the request; the response bytes go to
// `response` when given. Waits at most 10 s.
grpc::Status CallWithBytes(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                           const std::string& bytes, std::string* response = nullptr);

struct RawMethod {
  std::string path;          // "/meridian.intake.v1.IntakeService/CreateClient"
  std::string name;          // "CreateClient"
  std::string request_type;  // "meridian.intake.v1.CreateClientRequest"
};

// Every method of the service named `service_full_name`, in .proto order (its generated code
// must be linked); throws when there is no such service.
std::vector<RawMethod> MethodsOf(const std::string& service_full_name);

// `message` serialized, with the first byte of `marker` (which must occur in a string field)
// replaced by 0xFF, so that the bytes are well-formed protobuf but not valid UTF-8.
std::string WithInvalidUtf8(const google::protobuf::Message& message, absl::string_view marker);

// Sends every method of the service truncated protobuf bytes and expects (gtest) INVALID_ARGUMENT
// "request is not a valid <request type> message" from each; the service must have
// `method_count` methods, so that a new one is noticed here too.
void ExpectEveryMethodRefusesMalformedBytes(const std::shared_ptr<grpc::Channel>& channel,
                                            const std::string& service_full_name,
                                            size_t method_count);

}  // namespace meridian::testing
