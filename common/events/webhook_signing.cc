#include "common/events/webhook_signing.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace meridian {
namespace {

std::string HmacSha256(absl::string_view key, absl::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest,
           &length) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

}  // namespace

std::string NewWebhookSalt() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    throw std::runtime_error("the random number generator failed");
  }
  std::string encoded;
  absl::WebSafeBase64Escape(absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)),
                            &encoded);
  OPENSSL_cleanse(bytes, sizeof(bytes));
  return encoded;
}

std::string WebhookSecret(absl::string_view signing_key, absl::string_view subscription_id,
                          absl::string_view salt) {
  std::string encoded;
  absl::WebSafeBase64Escape(
      HmacSha256(signing_key, absl::StrCat("webhook:", subscription_id, ":", salt)), &encoded);
  return absl::StrCat("whsec_", encoded);
}

std::string SignDelivery(absl::string_view secret, absl::string_view timestamp,
                         absl::string_view body) {
  return absl::StrCat(
      "v1=", absl::BytesToHexString(HmacSha256(secret, absl::StrCat(timestamp, ".", body))));
}

}  // namespace meridian
