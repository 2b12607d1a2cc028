#include "common/errors/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace meridian {
namespace {

// Violations spelled out in the status message; all (up to kMaxReportedViolations) are in
// the BadRequest detail.
constexpr size_t kViolationsInMessage = 3;

template <typename Message>
std::optional<Message> GetPayload(const absl::Status& status) {
  Message message;
  auto payload = status.GetPayload(TypeUrlOf(message));
  if (!payload.has_value() || !message.ParseFromString(std::string(*payload))) {
    return std::nullopt;
  }
  return message;
}

void SetPayload(absl::Status& status, const google::protobuf::Message& message) {
  status.SetPayload(TypeUrlOf(message), absl::Cord(message.SerializeAsString()));
}

}  // namespace

std::string TypeUrlOf(const google::protobuf::Message& message) {
  return absl::StrCat("type.googleapis.com/", message.GetDescriptor()->full_name());
}

void FieldViolations::Add(absl::string_view field, absl::string_view rule) {
  // The same mistake found by two checks is told once. A set, not a scan of the list: a
  // request with 100k bad elements makes 100k violations, and a scan per violation made that
  // minutes of CPU (issue 16).
  std::pair<std::string, std::string> violation(field, rule);
  if (!seen_.insert(violation).second) return;
  violations_.push_back(std::move(violation));
}

std::string Quote(absl::string_view value) {
  constexpr size_t kMaxBytes = 64;
  if (value.size() <= kMaxBytes) return absl::StrCat("\"", value, "\"");
  size_t cut = kMaxBytes;
  // Never split a UTF-8 sequence: back off over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat("\"", value.substr(0, cut), "...\" (", value.size(), " bytes)");
}

absl::Status FieldViolations::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  // The details carry up to kMaxReportedViolations; the message names the first few. Both
  // travel in the trailers, which gRPC caps at about 8 KB.
  google::rpc::BadRequest bad_request;
  std::vector<std::string> lines;
  for (const auto& [field, rule] : violations_) {
    if (static_cast<size_t>(bad_request.field_violations_size()) == kMaxReportedViolations) break;
    auto* violation = bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description(rule);
    if (lines.size() < kViolationsInMessage) lines.push_back(absl::StrCat(field, ": ", rule));
  }
  if (violations_.size() > lines.size()) {
    lines.push_back(absl::StrCat("and ", violations_.size() - lines.size(), " more problems"));
  }
  absl::Status status = absl::InvalidArgumentError(absl::StrJoin(lines, "; "));
  SetPayload(status, bad_request);
  return WithReason(std::move(status), common::v1::INVALID_ARGUMENT);
}

absl::Status InvalidArgument(absl::string_view field, absl::string_view rule) {
  FieldViolations violations;
  violations.Add(field, rule);
  return violations.ToStatus();
}

absl::Status NotFound(absl::string_view resource_name) {
  google::rpc::ResourceInfo info;
  info.set_resource_name(std::string(resource_name));
  absl::Status status = absl::NotFoundError(absl::StrCat(resource_name, " was not found"));
  SetPayload(status, info);
  return WithReason(std::move(status), common::v1::RESOURCE_NOT_FOUND);
}

absl::Status StaleEtag(absl::string_view resource_name) {
  return WithReason(
      absl::AbortedError(absl::StrCat(resource_name,
                                      " was changed by someone else since it was read; read it "
                                      "again and reapply the change")),
      common::v1::ETAG_MISMATCH);
}

absl::Status WithReason(absl::Status status, common::v1::ErrorReason reason,
                        const std::map<std::string, std::string>& metadata) {
  if (status.ok()) return status;
  google::rpc::ErrorInfo info;
  info.set_reason(ReasonName(reason));
  info.set_domain(std::string(kErrorDomain));
  for (const auto& [key, value] : metadata) (*info.mutable_metadata())[key] = value;
  SetPayload(status, info);
  return status;
}

const std::string& ReasonName(common::v1::ErrorReason reason) {
  return common::v1::ErrorReason_Name(reason);
}

common::v1::ErrorReason DefaultReason(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
      return common::v1::INVALID_ARGUMENT;
    case absl::StatusCode::kCancelled:
      return common::v1::CANCELLED;
    case absl::StatusCode::kDeadlineExceeded:
      return common::v1::DEADLINE_EXCEEDED;
    case absl::StatusCode::kUnavailable:
      return common::v1::UNAVAILABLE;
    // The three codes whose message the boundary replaces with "internal error".
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
      return common::v1::INTERNAL;
    default:
      return common::v1::UNCLASSIFIED;
  }
}

bool HasReason(const absl::Status& status, common::v1::ErrorReason reason) {
  const std::optional<google::rpc::ErrorInfo> info = GetErrorInfo(status);
  return info.has_value() && info->reason() == ReasonName(reason);
}

std::optional<google::rpc::ErrorInfo> GetErrorInfo(const absl::Status& status) {
  return GetPayload<google::rpc::ErrorInfo>(status);
}

std::optional<google::rpc::BadRequest> GetBadRequest(const absl::Status& status) {
  return GetPayload<google::rpc::BadRequest>(status);
}

}  // namespace meridian
