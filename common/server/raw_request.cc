#include "common/server/raw_request.h"

#include <algorithm>
#include <climits>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "common/server/rpc_call.h"
#include "google/protobuf/stubs/common.h"
#include "google/protobuf/unknown_field_set.h"
#include "grpcpp/support/proto_buffer_reader.h"

namespace meridian {
namespace {

// Protobuf's parser and this search stop at the same depth.
constexpr int kMaxNesting = 100;

std::optional<std::string> FindInvalidUtf8Field(absl::string_view bytes,
                                                const google::protobuf::Descriptor& type,
                                                int depth) {
  google::protobuf::UnknownFieldSet fields;
  if (depth > kMaxNesting || !fields.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return std::nullopt;
  }
  std::map<int, int> seen;  // field number -> elements so far, for a repeated field's index
  for (int i = 0; i < fields.field_count(); ++i) {
    const google::protobuf::UnknownField& field = fields.field(i);
    if (field.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) continue;
    const google::protobuf::FieldDescriptor* descriptor = type.FindFieldByNumber(field.number());
    if (descriptor == nullptr) continue;
    const int index = seen[field.number()]++;
    std::string name = descriptor->name();
    if (descriptor->is_repeated()) absl::StrAppend(&name, "[", index, "]");
    const std::string& value = field.length_delimited();
    if (descriptor->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
      // The check proto3's parser itself makes, so that both agree on what is UTF-8.
      if (!google::protobuf::internal::IsStructurallyValidUTF8(value.data(),
                                                               static_cast<int>(value.size()))) {
        return name;
      }
    } else if (descriptor->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
      if (std::optional<std::string> inner =
              FindInvalidUtf8Field(value, *descriptor->message_type(), depth + 1)) {
        return absl::StrCat(name, ".", *inner);
      }
    }
  }
  return std::nullopt;
}

// The bytes of a buffer, in one piece.
std::string Flatten(const grpc::ByteBuffer& bytes) {
  std::string out;
  std::vector<grpc::Slice> slices;
  if (!bytes.Valid() || !bytes.Dump(&slices).ok()) return out;
  for (const grpc::Slice& slice : slices) {
    out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return out;
}

}  // namespace

std::optional<std::string> FindInvalidUtf8Field(absl::string_view bytes,
                                                const google::protobuf::Descriptor& type) {
  return FindInvalidUtf8Field(bytes, type, 0);
}

grpc::Status RawRequestService::SendBytes(std::string encoding, grpc::ByteBuffer& bytes) {
  if (encoding.size() > static_cast<size_t>(INT_MAX)) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "the response is too large to send");
  }
  // The slice owns the string, so that a page of tens of kilobytes is not copied.
  auto* owned = new std::string(std::move(encoding));
  grpc::Slice slice(
      owned->data(), owned->size(), [](void* string) { delete static_cast<std::string*>(string); },
      owned);
  grpc::ByteBuffer sent(&slice, 1);
  bytes.Swap(&sent);
  return grpc::Status::OK;
}

void RawRequestService::RequireReadOnly(const MethodRule& rule) {
  if (rule.mutates) {
    throw std::logic_error(absl::StrCat(rule.method, " changes data, so its response must be a ",
                                        "message the gate can keep for retries: use Serve()"));
  }
}

bool ParseRequest(const grpc::ByteBuffer& bytes, google::protobuf::Message& message) {
  // The reader needs a mutable buffer; a copy shares the slices, it does not copy bytes.
  grpc::ByteBuffer buffer(bytes);
  if (!buffer.Valid()) return false;  // a call that sent no message at all
  grpc::ProtoBufferReader reader(&buffer);
  return reader.status().ok() && message.ParseFromZeroCopyStream(&reader);
}

grpc::Status RejectUnparsedRequest(grpc::ServerContext* context, absl::string_view method,
                                   const google::protobuf::Descriptor& type,
                                   const grpc::ByteBuffer& bytes) {
  return RunRpc(context, method, "", [&](RpcContext&) {
    const std::string message =
        absl::StrCat("request is not a valid ", type.full_name(), " message");
    const std::optional<std::string> field = FindInvalidUtf8Field(Flatten(bytes), type);
    if (!field.has_value()) return absl::InvalidArgumentError(message);
    // The field's violation (BadRequest, reason), under a message that still starts as
    // every unparsable request's does.
    const absl::Status violation = InvalidArgument(*field, "is not valid UTF-8");
    absl::Status status(violation.code(),
                        absl::StrCat(message, ": ", *field, " is not valid UTF-8"));
    violation.ForEachPayload([&status](absl::string_view url, const absl::Cord& payload) {
      status.SetPayload(url, payload);
    });
    return status;
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
