// Building absl::Status values that carry the google.rpc error details Meridian sends.
//
// Code inside the services returns absl::Status; the details ride along as payloads keyed
// by their type URL, and common/server/grpc_status.h turns them into a google.rpc.Status
// once, at the RPC boundary.
//
//   FieldViolations violations;
//   violations.Add("client.display_name", "is required");
//   if (!violations.empty()) return violations.ToStatus();
//   ...
//   return NotFound("clients/123");
//   ...
//   return WithReason(absl::FailedPreconditionError("the role is not open"),
//                     common::v1::ROLE_NOT_OPEN, {{"role", name}});
//
// Reasons come from the ErrorReason enum (proto/meridian/common/v1/error_reason.proto), so
// every reason a service can send is declared, documented and listed in README.md.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "google/rpc/error_details.pb.h"
#include "meridian/common/v1/error_reason.pb.h"

namespace meridian {

// The ErrorInfo domain of every error Meridian raises.
inline constexpr absl::string_view kErrorDomain = "meridian";

// Type URL under which a message travels as an absl::Status payload and as an Any.
std::string TypeUrlOf(const google::protobuf::Message& message);

// Collects every wrong field of a request so that the caller learns them all at once.
class FieldViolations final {
 public:
  // `field` is a path such as "role.required_skills[2].min_level"; `rule` says what the
  // value must be ("must be between 1 and 5"). The same field and rule twice count once.
  void Add(absl::string_view field, absl::string_view rule);
  bool empty() const { return violations_.empty(); }
  // INVALID_ARGUMENT whose message lists every violation, with a BadRequest detail.
  absl::Status ToStatus() const;

 private:
  std::vector<std::pair<std::string, std::string>> violations_;
  // The same pairs, to find a repeat in O(log n).
  std::set<std::pair<std::string, std::string>> seen_;
};

// A caller's value for an error message: quoted, and cut to 64 bytes so that a huge input
// never makes a huge error (gRPC refuses trailers over ~8 KB) or a huge log line.
std::string Quote(absl::string_view value);

// At most this many violations are reported in the BadRequest detail (the message spells
// out the first three); the rest are counted.
inline constexpr size_t kMaxReportedViolations = 20;

// INVALID_ARGUMENT for one field.
absl::Status InvalidArgument(absl::string_view field, absl::string_view rule);

// NOT_FOUND for a resource name, with reason RESOURCE_NOT_FOUND.
absl::Status NotFound(absl::string_view resource_name);

// ABORTED with reason ETAG_MISMATCH: `resource_name` changed since the caller read it.
absl::Status StaleEtag(absl::string_view resource_name);

// Attaches an ErrorInfo with `reason` and optional metadata, replacing an earlier one. The
// wire value is the enum value's name ("ETAG_MISMATCH"), as googleapis does; taking the enum
// means a reason that is not declared cannot be sent.
absl::Status WithReason(absl::Status status, common::v1::ErrorReason reason,
                        const std::map<std::string, std::string>& metadata = {});

// The wire string of a reason: ReasonName(common::v1::ETAG_MISMATCH) == "ETAG_MISMATCH".
const std::string& ReasonName(common::v1::ErrorReason reason);

// The reason for an error raised without one, by its code: the generic INVALID_ARGUMENT,
// CANCELLED, DEADLINE_EXCEEDED, UNAVAILABLE or INTERNAL, else UNCLASSIFIED.
common::v1::ErrorReason DefaultReason(absl::StatusCode code);

// True when `status` carries an ErrorInfo with `reason`.
bool HasReason(const absl::Status& status, common::v1::ErrorReason reason);

// The details attached to a status, if any (used by the boundary and by tests).
std::optional<google::rpc::ErrorInfo> GetErrorInfo(const absl::Status& status);
std::optional<google::rpc::BadRequest> GetBadRequest(const absl::Status& status);

}  // namespace meridian
