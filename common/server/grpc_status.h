// The one place where an absl::Status becomes a grpc::Status.
//
// The details attached with common/errors/errors.h travel as a google.rpc.Status in the
// grpc-status-details-bin trailer, so any standard client can decode ErrorInfo and
// BadRequest. Internal failures never leak: INTERNAL, UNKNOWN and DATA_LOSS reach the
// caller as a generic "internal error" (the cause is logged by whoever produced it).
//
//   return ToGrpcStatus(core.CreateClient(...));
#pragma once

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace meridian {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The other way, for a service calling another: the code, the message and every detail
// (ErrorInfo, BadRequest, ...) as payloads, so GetErrorInfo() works on the result.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace meridian
