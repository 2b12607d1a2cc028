#include "tools/meridianctl/rpc_error.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/duration.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace meridian::ctl {

int ExitCodeFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return kExitOk;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return kExitInvalid;
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAborted:
      return kExitConflict;
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kPermissionDenied:
      return kExitDenied;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kCancelled:
      return kExitUnavailable;
    default:
      return kExitFailed;
  }
}

std::string FormatFieldViolations(absl::string_view serialized_details) {
  google::rpc::Status status;
  if (serialized_details.empty() ||
      !status.ParseFromArray(serialized_details.data(),
                             static_cast<int>(serialized_details.size()))) {
    return "";
  }
  std::string out;
  for (const auto& any : status.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) {
      absl::StrAppend(&out, "  ", violation.field(), ": ", violation.description(), "\n");
    }
  }
  return out;
}

std::string FormatRpcError(absl::StatusCode code, absl::string_view message,
                           absl::string_view serialized_details, bool colour) {
  const std::string code_name = absl::StatusCodeToString(code);
  std::string out = absl::StrCat(colour ? "\x1b[31m" : "", code_name, colour ? "\x1b[0m" : "", ": ",
                                 message, "\n");
  google::rpc::Status status;
  if (serialized_details.empty() ||
      !status.ParseFromArray(serialized_details.data(),
                             static_cast<int>(serialized_details.size()))) {
    return out;
  }
  for (const auto& any : status.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    google::rpc::RetryInfo retry;
    google::rpc::PreconditionFailure precondition;
    google::rpc::QuotaFailure quota;
    google::rpc::ResourceInfo resource;
    if (any.UnpackTo(&info)) {
      absl::StrAppend(&out, "reason: ", info.reason(), "\n");
      // Sorted, so that the output is the same from run to run.
      const std::map<std::string, std::string> metadata(info.metadata().begin(),
                                                        info.metadata().end());
      for (const auto& [key, value] : metadata) absl::StrAppend(&out, "  ", key, ": ", value, "\n");
    } else if (any.UnpackTo(&bad_request)) {
      absl::StrAppend(&out, "field violations:\n");
      for (const auto& violation : bad_request.field_violations()) {
        absl::StrAppend(&out, "  ", violation.field(), ": ", violation.description(), "\n");
      }
    } else if (any.UnpackTo(&retry)) {
      const auto& delay = retry.retry_delay();
      absl::StrAppend(&out, "retry after: ", delay.seconds(), ".",
                      absl::StrCat(delay.nanos() / 100000000), " s\n");
    } else if (any.UnpackTo(&precondition)) {
      for (const auto& violation : precondition.violations()) {
        absl::StrAppend(&out, "precondition: ", violation.subject(), ": ", violation.description(),
                        "\n");
      }
    } else if (any.UnpackTo(&quota)) {
      for (const auto& violation : quota.violations()) {
        absl::StrAppend(&out, "quota: ", violation.subject(), ": ", violation.description(), "\n");
      }
    } else if (any.UnpackTo(&resource)) {
      absl::StrAppend(&out, "resource: ", resource.resource_type(), " ", resource.resource_name(),
                      "\n");
    }
  }
  return out;
}

}  // namespace meridian::ctl
