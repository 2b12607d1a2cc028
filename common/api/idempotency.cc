#include "common/api/idempotency.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "common/util/sha256.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace meridian {
namespace {

std::string RequestIdOf(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr) return "";
  return request.GetReflection()->GetString(request, field);
}

}  // namespace

absl::Status ValidateRequestId(absl::string_view request_id) {
  if (request_id.size() > 128) {
    return InvalidArgument("request_id", "must be at most 128 characters");
  }
  for (char c : request_id) {
    if (c < 0x21 || c > 0x7e) {
      return InvalidArgument("request_id", "must be printable ASCII without spaces");
    }
  }
  return absl::OkStatus();
}

std::string RequestFingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  if (const auto* field = copy->GetDescriptor()->FindFieldByName("request_id")) {
    copy->GetReflection()->ClearField(copy.get(), field);
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  return Sha256Hex(bytes);
}

absl::StatusOr<std::optional<std::string>> ClaimRequestId(pqxx::work& tx, absl::string_view table,
                                                          absl::string_view method,
                                                          const google::protobuf::Message& request,
                                                          absl::string_view resource_name) {
  const std::string request_id = RequestIdOf(request);
  if (request_id.empty()) return std::nullopt;
  if (absl::Status valid = ValidateRequestId(request_id); !valid.ok()) return valid;
  const std::string fingerprint = RequestFingerprint(request);
  const std::string method_text(method);
  pqxx::result claimed = tx.exec_params(
      absl::StrCat("INSERT INTO ", table,
                   " (method, request_id, request_hash, resource_name) VALUES ($1, $2, $3, $4)"
                   " ON CONFLICT (method, request_id) DO NOTHING RETURNING 1"),
      method_text, request_id, fingerprint, std::string(resource_name));
  if (!claimed.empty()) return std::nullopt;
  pqxx::row earlier = tx.exec_params1(absl::StrCat("SELECT request_hash, resource_name FROM ",
                                                   table, " WHERE method = $1 AND request_id = $2"),
                                      method_text, request_id);
  if (earlier[0].as<std::string>() != fingerprint) {
    return InvalidArgument("request_id",
                           "was already used for a different request; use a new request_id");
  }
  return earlier[1].as<std::string>();
}

}  // namespace meridian
