#include "tests/support/raw_call.h"

#include <future>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "tests/support/client_context.h"

namespace meridian::testing {

grpc::Status CallWithBytes(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                           const std::string& bytes, std::string* response) {
  grpc::GenericStub stub(channel);
  std::unique_ptr<grpc::ClientContext> context = Context(absl::Seconds(10));
  // Built from a slice: a default-constructed ByteBuffer aborts the call.
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer reply;
  std::promise<grpc::Status> done;
  stub.UnaryCall(context.get(), path, grpc::StubOptions(), &request, &reply,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  grpc::Status status = done.get_future().get();
  if (status.ok() && response != nullptr) {
    std::vector<grpc::Slice> slices;
    response->clear();
    if (reply.Dump(&slices).ok()) {
      for (const grpc::Slice& s : slices) {
        response->append(reinterpret_cast<const char*>(s.begin()), s.size());
      }
    }
  }
  return status;
}

std::vector<RawMethod> MethodsOf(const std::string& service_full_name) {
  const google::protobuf::ServiceDescriptor* found =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_full_name);
  if (found == nullptr) throw std::invalid_argument(absl::StrCat("no service ", service_full_name));
  const google::protobuf::ServiceDescriptor& service = *found;
  std::vector<RawMethod> methods;
  for (int i = 0; i < service.method_count(); ++i) {
    const google::protobuf::MethodDescriptor& method = *service.method(i);
    methods.push_back({absl::StrCat("/", service.full_name(), "/", method.name()), method.name(),
                       method.input_type()->full_name()});
  }
  return methods;
}

std::string WithInvalidUtf8(const google::protobuf::Message& message, absl::string_view marker) {
  std::string bytes = message.SerializeAsString();
  const size_t at = bytes.find(std::string(marker));
  if (marker.empty() || at == std::string::npos) {
    throw std::invalid_argument(absl::StrCat("marker ", marker, " is not in the message"));
  }
  bytes[at] = '\xff';
  return bytes;
}

void ExpectEveryMethodRefusesMalformedBytes(const std::shared_ptr<grpc::Channel>& channel,
                                            const std::string& service_full_name,
                                            size_t method_count) {
  const std::vector<RawMethod> methods = MethodsOf(service_full_name);
  ASSERT_EQ(methods.size(), method_count) << service_full_name;
  // Field 1, length-delimited, announces 5 bytes; only 2 follow.
  const std::string truncated(
      "\x0a\x05"
      "ab",
      4);
  for (const RawMethod& method : methods) {
    grpc::Status status = CallWithBytes(channel, method.path, truncated);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << method.name;
    EXPECT_EQ(status.error_message(),
              absl::StrCat("request is not a valid ", method.request_type, " message"))
        << method.name;
  }
}

}  // namespace meridian::testing
