#include "common/server/grpc_status.h"

#include "common/errors/errors.h"
#include "google/protobuf/any.pb.h"
#include "google/rpc/status.pb.h"

namespace meridian {
namespace {

bool IsInternal(absl::StatusCode code) {
  return code == absl::StatusCode::kInternal || code == absl::StatusCode::kUnknown ||
         code == absl::StatusCode::kDataLoss;
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // absl and gRPC share the canonical code numbers.
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message =
      IsInternal(status.code()) ? "internal error" : std::string(status.message());
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(message);
  bool has_error_info = false;
  if (!IsInternal(status.code())) {
    status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
      google::protobuf::Any* any = rpc_status.add_details();
      any->set_type_url(std::string(type_url));
      any->set_value(std::string(payload));
      has_error_info |= type_url == "type.googleapis.com/google.rpc.ErrorInfo";
    });
  }
  if (!has_error_info) {
    // Every error names a declared reason, even those raised without one: the generic value
    // for its code.
    google::rpc::ErrorInfo info;
    info.set_reason(ReasonName(DefaultReason(status.code())));
    info.set_domain(std::string(kErrorDomain));
    rpc_status.add_details()->PackFrom(info);
  }
  return grpc::Status(code, message, rpc_status.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status result(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status details;
  if (details.ParseFromString(status.error_details())) {
    for (const google::protobuf::Any& any : details.details()) {
      result.SetPayload(any.type_url(), absl::Cord(any.value()));
    }
  }
  return result;
}

}  // namespace meridian
