#include "tests/support/grpc_errors.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace meridian::testing {
namespace {

google::rpc::Status DetailsOf(const grpc::Status& status) {
  google::rpc::Status details;
  details.ParseFromString(status.error_details());
  return details;
}

template <typename T>
bool Unpack(const grpc::Status& status, T* out) {
  const google::rpc::Status details = DetailsOf(status);
  for (const auto& any : details.details()) {
    if (any.Is<T>()) return any.UnpackTo(out);
  }
  return false;
}

std::multimap<std::string, std::string> ViolationsIn(const google::rpc::BadRequest& bad_request) {
  std::multimap<std::string, std::string> violations;
  for (const auto& violation : bad_request.field_violations()) {
    violations.emplace(violation.field(), violation.description());
  }
  return violations;
}

}  // namespace

std::string ReasonOf(const grpc::Status& status) {
  google::rpc::ErrorInfo info;
  return Unpack(status, &info) ? info.reason() : "";
}

std::map<std::string, std::string> ErrorMetadataOf(const grpc::Status& status) {
  google::rpc::ErrorInfo info;
  if (!Unpack(status, &info)) return {};
  return {info.metadata().begin(), info.metadata().end()};
}

std::multimap<std::string, std::string> ViolationsOf(const grpc::Status& status) {
  google::rpc::BadRequest bad_request;
  if (!Unpack(status, &bad_request)) return {};
  return ViolationsIn(bad_request);
}

std::multimap<std::string, std::string> ViolationsOf(const absl::Status& status) {
  const std::optional<google::rpc::BadRequest> bad_request = GetBadRequest(status);
  if (!bad_request.has_value()) return {};
  return ViolationsIn(*bad_request);
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  if (const std::optional<google::rpc::BadRequest> bad_request = GetBadRequest(status)) {
    for (const auto& violation : bad_request->field_violations()) {
      fields.push_back(violation.field());
    }
  }
  return fields;
}

}  // namespace meridian::testing
