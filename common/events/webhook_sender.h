// One HTTP POST of a webhook delivery. WebhookSender is what the delivery worker needs;
// CurlWebhookSender does it with libcurl, refusing to connect to a non-public address unless
// private targets are allowed (the check runs on the address actually connected to, so DNS
// cannot redirect it), following no redirects, with a total timeout.
//
//   CurlWebhookSender sender({.timeout = absl::Seconds(10), .allow_private = false});
//   WebhookResponse response = sender.Post(url, {{"Meridian-Event-Id", id}}, body);
#pragma once

#include <map>
#include <string>

#include "absl/time/time.h"

namespace meridian {

struct WebhookResponse {
  // The HTTP status; 0 when there was none (see error).
  int status_code = 0;
  // Empty on a 2xx; else what went wrong, for the delivery log (never the response body).
  std::string error = {};
  absl::Duration latency = absl::ZeroDuration();

  bool delivered() const { return status_code >= 200 && status_code < 300; }
};

class WebhookSender {
 public:
  virtual ~WebhookSender() = default;
  virtual WebhookResponse Post(const std::string& url,
                               const std::map<std::string, std::string>& headers,
                               const std::string& body) = 0;
};

class CurlWebhookSender final : public WebhookSender {
 public:
  struct Options {
    // The whole attempt: connecting, sending and the answer.
    absl::Duration timeout = absl::Seconds(10);
    // Lets deliveries reach loopback and private addresses (development only).
    bool allow_private = false;
  };

  explicit CurlWebhookSender(Options options);

  WebhookResponse Post(const std::string& url, const std::map<std::string, std::string>& headers,
                       const std::string& body) override;

 private:
  const Options options_;
};

}  // namespace meridian
