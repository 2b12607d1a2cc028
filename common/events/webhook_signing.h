// How webhook deliveries are signed, and how each subscription's secret comes about without
// ever being stored: secret = "whsec_" + base64url(HMAC-SHA256(signing key, "webhook:" + id +
// ":" + salt)), where the signing key is the service's (--webhook_signing_key_file) and the
// salt a random value kept with the subscription. A receiver checks
//   Meridian-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
// with timestamp the Meridian-Timestamp header (README "Webhooks" has a ten-line example).
//
//   const std::string secret = WebhookSecret(signing_key, id, salt);
//   headers["Meridian-Signature"] = SignDelivery(secret, "1767225600", body);
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace meridian {

// A new random salt (32 random bytes, base64url).
std::string NewWebhookSalt();

// The subscription's signing secret ("whsec_..."), derived as the file comment says.
std::string WebhookSecret(absl::string_view signing_key, absl::string_view subscription_id,
                          absl::string_view salt);

// "v1=" and the lowercase hex HMAC-SHA256 of `timestamp` "." `body` under `secret`.
std::string SignDelivery(absl::string_view secret, absl::string_view timestamp,
                         absl::string_view body);

}  // namespace meridian
