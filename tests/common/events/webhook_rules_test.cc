// Webhook rules that need no server: signatures a receiver can check, secrets that follow from
// the signing key, targets refused in production, and the sender refusing a private address
// on the connection itself.
#include "absl/strings/match.h"
#include "common/events/webhook_sender.h"
#include "common/events/webhook_signing.h"
#include "common/events/webhook_target.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

#include <arpa/inet.h>
#include <netinet/in.h>

namespace meridian {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::StartsWith;

TEST(WebhookSigning, IsHmacSha256OfTimestampDotBody) {
  // Worked out independently (Python's hmac): HMAC-SHA256 under "Jefe" of
  // "1767225600.{\"type\":\"x\"}".
  EXPECT_EQ(SignDelivery("Jefe", "1767225600", "{\"type\":\"x\"}"),
            "v1=78a2b3db4856fd7db5369a2fa68ba950d0070d5542af9153a943a6ec3bdf14c4");
}

TEST(WebhookSigning, SecretsFollowFromTheKeyTheSubscriptionAndItsSalt) {
  const std::string secret = WebhookSecret("k", "sub-1", "salt");
  EXPECT_THAT(secret, StartsWith("whsec_"));
  EXPECT_EQ(secret, WebhookSecret("k", "sub-1", "salt"));
  EXPECT_NE(secret, WebhookSecret("k", "sub-2", "salt"));
  EXPECT_NE(secret, WebhookSecret("k", "sub-1", "other"));
  EXPECT_NE(secret, WebhookSecret("other key", "sub-1", "salt"));
  EXPECT_NE(NewWebhookSalt(), NewWebhookSalt());
}

TEST(WebhookTarget, ProductionTakesPublicHttpsOnly) {
  EXPECT_TRUE(CheckTargetUrl("https://hooks.example.com/meridian", false).ok());
  EXPECT_TRUE(CheckTargetUrl("https://93.184.216.34:8443/x", false).ok());
  EXPECT_TRUE(CheckTargetUrl("https://[2606:2800:220:1::1]/x", false).ok());
  for (const std::string url :
       {"http://hooks.example.com/", "ftp://example.com/", "https://127.0.0.1/",
        "https://10.1.2.3/", "https://172.16.0.1/", "https://192.168.1.1/",
        "https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://[fd00::1]/",
        "https://[::ffff:10.0.0.1]/", "https://localhost/", "https://api.localhost/",
        "https://user:pass@example.com/", "https:///path", ""}) {
    const absl::Status status = CheckTargetUrl(url, false);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << url;
    EXPECT_THAT(testing::ViolationsOf(status), ElementsAre(Key("subscription.target_url"))) << url;
  }
  // Development lets a local receiver in.
  EXPECT_TRUE(CheckTargetUrl("http://127.0.0.1:8080/hooks", true).ok());
}

TEST(WebhookTarget, PublicAddresses) {
  const auto v4 = [](const char* text) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    inet_pton(AF_INET, text, &address.sin_addr);
    return IsPublicAddress(reinterpret_cast<const sockaddr*>(&address));
  };
  EXPECT_TRUE(v4("8.8.8.8"));
  EXPECT_FALSE(v4("127.0.0.1"));
  EXPECT_FALSE(v4("100.64.0.1"));
  EXPECT_FALSE(v4("0.0.0.0"));
  EXPECT_FALSE(v4("224.0.0.1"));
  EXPECT_FALSE(v4("255.255.255.255"));
}

TEST(CurlWebhookSender, RefusesAPrivateAddressWhenConnecting) {
  CurlWebhookSender sender({.timeout = absl::Seconds(5), .allow_private = false});
  // https on a loopback port: the address is refused before any connection is made.
  const WebhookResponse response = sender.Post("https://127.0.0.1:9/hooks", {}, "{}");
  EXPECT_FALSE(response.delivered());
  EXPECT_EQ(response.status_code, 0);
  EXPECT_THAT(response.error, HasSubstr("private, loopback or link-local"));
}

}  // namespace
}  // namespace meridian
