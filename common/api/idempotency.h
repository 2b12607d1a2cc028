// Idempotent creates (AIP-155): a request_id names one create request; a retry with the
// same id returns what the first one created, and the same id on a different request is
// refused.
//
// Inside the create's transaction, before inserting:
//   absl::StatusOr<std::optional<std::string>> earlier =
//       ClaimRequestId(tx, "intake.create_requests", "CreateClient", request, new_name);
//   if (!earlier.ok()) return earlier.status();
//   if (earlier->has_value()) return Read(**earlier);   // a retry
//   ... insert new_name ...
//
// The claim is an INSERT .. ON CONFLICT DO NOTHING on (method, request_id), so two
// concurrent first attempts serialise on the row: the second waits for the first to commit
// and then sees its result.
#pragma once

#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "pqxx/pqxx"

namespace meridian {

// INVALID_ARGUMENT unless empty or 1-128 printable ASCII characters.
absl::Status ValidateRequestId(absl::string_view request_id);

// The request's fingerprint: SHA-256 of its deterministic serialisation without request_id.
std::string RequestFingerprint(const google::protobuf::Message& request);

// Claims `request_id` (read from the request's `request_id` field) for `resource_name`.
// Returns nullopt when the id was free (or empty) and is now claimed in `tx`; the resource
// name created earlier for a retry; INVALID_ARGUMENT when the id served another request.
// `table` is a trusted constant naming the schema's create_requests table.
absl::StatusOr<std::optional<std::string>> ClaimRequestId(pqxx::work& tx, absl::string_view table,
                                                          absl::string_view method,
                                                          const google::protobuf::Message& request,
                                                          absl::string_view resource_name);

}  // namespace meridian
