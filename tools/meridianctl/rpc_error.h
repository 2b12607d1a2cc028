// What meridianctl says and how it exits when a call fails: the gRPC status code decides the
// exit status (so that a script can tell "not there" from "try again"), and the message comes
// with the google.rpc details the services attach, each BadRequest field violation on a line
// of its own.
//
//   grpc::Status status = stub->CreateClient(&context, request, &client);
//   if (!status.ok()) {
//     std::fputs(FormatRpcError(static_cast<absl::StatusCode>(status.error_code()),
//                               status.error_message(), status.error_details()).c_str(), stderr);
//     return ExitCodeFor(static_cast<absl::StatusCode>(status.error_code()));
//   }
#pragma once

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"

namespace meridian::ctl {

// Exit statuses; README.md's meridianctl section lists them.
inline constexpr int kExitOk = 0;
// Any other failure (INTERNAL, UNKNOWN, a response that cannot be read).
inline constexpr int kExitFailed = 1;
// The command line was wrong (meridianctl's own check, before any call).
inline constexpr int kExitUsage = 2;
// The request was refused as it stands: INVALID_ARGUMENT, OUT_OF_RANGE.
inline constexpr int kExitInvalid = 3;
// NOT_FOUND.
inline constexpr int kExitNotFound = 4;
// The state does not allow it: ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED (a stale etag).
inline constexpr int kExitConflict = 5;
// UNAUTHENTICATED, PERMISSION_DENIED: the key is missing, wrong or not allowed.
inline constexpr int kExitDenied = 6;
// Worth trying again later: UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, CANCELLED.
inline constexpr int kExitUnavailable = 7;

// The exit status for a call that ended with `code` (kExitOk for OK).
int ExitCodeFor(absl::StatusCode code);

// "NOT_FOUND: no client clients/7" and, from `serialized_details` (a google.rpc.Status as
// grpc::Status::error_details() holds it), the reason, the field violations ("  client.email:
// must contain one @"), a RetryInfo's delay and other details by type; every line ends in "\n".
// `colour`: the code in red.
std::string FormatRpcError(absl::StatusCode code, absl::string_view message,
                           absl::string_view serialized_details, bool colour = false);

// Just the field violations of `serialized_details`, one "  field: description\n" each (an
// import reports them under the row's line number). Empty when there are none.
std::string FormatFieldViolations(absl::string_view serialized_details);

}  // namespace meridian::ctl
