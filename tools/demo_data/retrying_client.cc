#include "tools/demo_data/retrying_client.h"

#include <cstdio>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/status.pb.h"

namespace meridian::demo_data {

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

bool IsTransient(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED || code == grpc::StatusCode::ABORTED;
}

bool RequestIdUsedBefore(const grpc::Status& status) {
  if (status.error_code() != grpc::StatusCode::INVALID_ARGUMENT) return false;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return false;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) {
      if (violation.field() == "request_id") return true;
    }
  }
  return false;
}

std::string Describe(const grpc::Status& status) {
  return absl::StrCat(absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())),
                      ": ", status.error_message());
}

bool Connect(const std::shared_ptr<grpc::Channel>& channel, absl::string_view service,
             absl::string_view address, absl::Duration timeout) {
  if (channel->WaitForConnected(absl::ToChronoTime(absl::Now() + timeout))) {
    return true;
  }
  std::fprintf(stderr,
               "meridian_demo_data: cannot reach the %s service at %s (is `./meridian up` "
               "running? see --%s_address)\n",
               std::string(service).c_str(), std::string(address).c_str(),
               std::string(service).c_str());
  return false;
}

std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return std::nullopt;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info;
  }
  return std::nullopt;
}

std::string ErrorReason(const grpc::Status& status) {
  const std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  return info ? info->reason() : "";
}

std::string ErrorMetadata(const grpc::Status& status, const std::string& key) {
  const std::optional<google::rpc::ErrorInfo> info = ErrorInfoOf(status);
  if (!info) return "";
  const auto found = info->metadata().find(key);
  return found == info->metadata().end() ? "" : found->second;
}

}  // namespace meridian::demo_data
