#include "common/client/trace_metadata.h"

#include <string>

#include "absl/strings/ascii.h"
#include "common/logging/log.h"

namespace meridian {

void PassTraceId(grpc::ClientContext& context) {
  const std::string& id = log::CurrentTraceId();
  if (!id.empty()) context.AddMetadata(std::string(kTraceIdMetadata), id);
}

bool IsUsableTraceId(absl::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != ':' &&
        c != '/' && c != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace meridian
