#include "common/api/idempotency.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "common/util/sha256.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace meridian {

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

}  // namespace meridian
