// Request ids (AIP-155): their rule, and the fingerprint that tells a retry from another
// request reusing an id. The RPC layer applies them to every call that changes data
// (common/auth/served_requests.h).
//
//   if (absl::Status valid = ValidateRequestId(request_id); !valid.ok()) return valid;
//   std::string fingerprint = RequestFingerprint(request);
#pragma once

#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"

namespace meridian {

// INVALID_ARGUMENT unless empty or 1-128 printable ASCII characters.
absl::Status ValidateRequestId(absl::string_view request_id);

// The request's fingerprint: SHA-256 of its deterministic serialisation without request_id.
std::string RequestFingerprint(const google::protobuf::Message& request);

}  // namespace meridian
