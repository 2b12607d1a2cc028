#include "common/paging/paging.h"

#include "absl/base/internal/endian.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "common/util/sha256.h"

namespace meridian {
namespace {

constexpr size_t kPositionBytes = 8;
constexpr size_t kCheckBytes = 8;

std::string Check(absl::string_view position, absl::string_view fingerprint) {
  // Not a secret: the check catches foreign and altered tokens; access control is elsewhere.
  return Sha256(absl::StrCat("meridian-page-token/v1", "|", fingerprint, "|", position))
      .substr(0, kCheckBytes);
}

absl::Status BadToken() {
  return InvalidArgument("page_token",
                         "was not issued for this request; start again with an empty token");
}

}  // namespace

std::string EncodeOpaqueToken(absl::string_view position, absl::string_view fingerprint) {
  return absl::WebSafeBase64Escape(absl::StrCat(position, Check(position, fingerprint)));
}

absl::StatusOr<std::string> DecodeOpaqueToken(absl::string_view token,
                                              absl::string_view fingerprint) {
  if (token.empty()) return std::string();
  std::string raw;
  if (token.size() > 2048 || !absl::WebSafeBase64Unescape(token, &raw) ||
      raw.size() <= kCheckBytes) {
    return BadToken();
  }
  std::string position = raw.substr(0, raw.size() - kCheckBytes);
  if (raw.substr(raw.size() - kCheckBytes) != Check(position, fingerprint)) return BadToken();
  return position;
}

absl::StatusOr<int> PageSize(int requested) {
  if (requested < 0 || requested > kMaxPageSize) {
    return InvalidArgument("page_size", absl::StrCat("must be between 0 and ", kMaxPageSize));
  }
  return requested == 0 ? kDefaultPageSize : requested;
}

std::string EncodePageToken(int64_t after, absl::string_view fingerprint) {
  char bytes[kPositionBytes];
  absl::big_endian::Store64(bytes, static_cast<uint64_t>(after));
  std::string position(bytes, kPositionBytes);
  return absl::WebSafeBase64Escape(absl::StrCat(position, Check(position, fingerprint)));
}

absl::StatusOr<int64_t> DecodePageToken(absl::string_view token, absl::string_view fingerprint) {
  if (token.empty()) return 0;
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() != kPositionBytes + kCheckBytes) {
    return BadToken();
  }
  const std::string position = raw.substr(0, kPositionBytes);
  if (raw.substr(kPositionBytes) != Check(position, fingerprint)) return BadToken();
  const int64_t after = static_cast<int64_t>(absl::big_endian::Load64(position.data()));
  if (after < 0) return BadToken();
  return after;
}

}  // namespace meridian
