#include "common/server/raw_request.h"

#include <algorithm>
#include <stdexcept>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/server/rpc_call.h"
#include "grpcpp/support/proto_buffer_reader.h"

namespace meridian {

bool ParseRequest(const grpc::ByteBuffer& bytes, google::protobuf::Message& message) {
  // The reader needs a mutable buffer; a copy shares the slices, it does not copy bytes.
  grpc::ByteBuffer buffer(bytes);
  if (!buffer.Valid()) return false;  // a call that sent no message at all
  grpc::ProtoBufferReader reader(&buffer);
  return reader.status().ok() && message.ParseFromZeroCopyStream(&reader);
}

grpc::Status RejectUnparsedRequest(grpc::ServerContext* context, absl::string_view method,
                                   const google::protobuf::Descriptor& type) {
  return RunRpc(context, method, "", [&](RpcContext&) {
    return absl::InvalidArgumentError(
        absl::StrCat("request is not a valid ", type.full_name(), " message"));
  });
}

RawRequestService::RawRequestService(absl::string_view service_full_name, CallGate& gate)
    : gate_(gate),
      service_(google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          std::string(service_full_name))) {
  if (service_ == nullptr) {
    throw std::logic_error(absl::StrCat("no generated service ", service_full_name));
  }
}

const char* RawRequestService::MethodPath(absl::string_view method,
                                          const google::protobuf::Descriptor& request,
                                          const google::protobuf::Descriptor& response,
                                          bool server_streaming) {
  const google::protobuf::MethodDescriptor* descriptor =
      service_->FindMethodByName(std::string(method));
  if (descriptor == nullptr || descriptor->input_type() != &request ||
      descriptor->output_type() != &response || descriptor->client_streaming() ||
      descriptor->server_streaming() != server_streaming) {
    throw std::logic_error(absl::StrCat(
        service_->full_name(), " has no ", server_streaming ? "server-streaming" : "unary",
        " method ", method, "(", request.full_name(), ") returns (",
        server_streaming ? "stream " : "", response.full_name(), ")"));
  }
  paths_.push_back(absl::StrCat("/", service_->full_name(), "/", descriptor->name()));
  return paths_.back().c_str();
}

const MethodRule& RawRequestService::RuleFor(absl::string_view method) const {
  const MethodRule* rule = FindMethodRule(absl::StrCat(service_->full_name(), "/", method));
  if (rule == nullptr) {
    throw std::logic_error(absl::StrCat(service_->full_name(), "/", method,
                                        " has no row in the access policy "
                                        "(common/auth/access_policy.cc)"));
  }
  return *rule;
}

void RawRequestService::RequireEveryMethodHandled() const {
  std::string missing;
  for (int i = 0; i < service_->method_count(); ++i) {
    const std::string path =
        absl::StrCat("/", service_->full_name(), "/", service_->method(i)->name());
    if (std::find(paths_.begin(), paths_.end(), path) == paths_.end()) {
      absl::StrAppend(&missing, missing.empty() ? "" : ", ", service_->method(i)->name());
    }
  }
  if (!missing.empty()) {
    throw std::logic_error(
        absl::StrCat(service_->full_name(), " serves no handler for: ", missing));
  }
}

}  // namespace meridian
