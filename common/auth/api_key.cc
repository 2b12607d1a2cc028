#include "common/auth/api_key.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/util/sha256.h"

namespace meridian {
namespace {

constexpr int kKeyBytes = 32;
// base64url of 32 bytes without padding.
constexpr size_t kEncodedLength = 43;

bool IsBase64UrlChar(char c) { return absl::ascii_isalnum(c) || c == '-' || c == '_'; }

}  // namespace

std::string NewApiKey() {
  unsigned char bytes[kKeyBytes];
  if (RAND_bytes(bytes, kKeyBytes) != 1) {
    // Without a working CSPRNG no key may be made at all.
    throw std::runtime_error("the random number generator failed");
  }
  std::string encoded;
  absl::WebSafeBase64Escape(absl::string_view(reinterpret_cast<const char*>(bytes), kKeyBytes),
                            &encoded);
  OPENSSL_cleanse(bytes, sizeof(bytes));
  return absl::StrCat(kApiKeyPrefix, encoded);
}

bool LooksLikeApiKey(absl::string_view key) {
  if (!absl::ConsumePrefix(&key, kApiKeyPrefix) || key.size() != kEncodedLength) return false;
  for (char c : key) {
    if (!IsBase64UrlChar(c)) return false;
  }
  return true;
}

std::string ApiKeyHash(absl::string_view key) { return Sha256Hex(key); }

std::optional<std::string> BearerKey(absl::string_view authorization) {
  constexpr absl::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(authorization.substr(0, kScheme.size()), kScheme) ||
      authorization[kScheme.size()] != ' ') {
    return std::nullopt;
  }
  absl::string_view key = absl::StripLeadingAsciiWhitespace(authorization.substr(kScheme.size()));
  key = absl::StripTrailingAsciiWhitespace(key);
  if (key.empty()) return std::nullopt;
  return std::string(key);
}

bool HashesEqual(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace meridian
