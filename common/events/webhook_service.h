// Webhook subscriptions' business logic, free of gRPC: create (with the secret, shown once),
// get, list, update, delete, the delivery log and redelivery. A PARTNER's subscriptions are
// its agency's and receive only the events its feed shows; another agency's subscription reads
// as NOT_FOUND. Deliveries themselves are the WebhookWorker's.
//
//   WebhookService webhooks(pool, {.signing_key = key, .allow_private_targets = false});
//   absl::StatusOr<events::v1::WebhookSubscription> s = webhooks.Create(request, call);
#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "common/auth/call_context.h"
#include "common/db/pool.h"
#include "google/protobuf/empty.pb.h"
#include "meridian/events/v1/events.pb.h"

namespace meridian {

// How webhooks are set up in a process (the intake service's flags).
struct WebhookOptions {
  // The key every subscription's secret is derived from; empty: no webhooks
  // (WEBHOOKS_NOT_CONFIGURED).
  std::string signing_key = {};
  // Lets targets be http:// and private addresses (development).
  bool allow_private_targets = false;
  // Delivery threads; one slow endpoint holds up only the one delivering to it.
  int delivery_threads = 4;
  // One attempt's whole time.
  absl::Duration delivery_timeout = absl::Seconds(10);
  // Retries back off from the first to the longest wait, doubling, with jitter ...
  absl::Duration first_retry = absl::Seconds(5);
  absl::Duration longest_retry = absl::Hours(1);
  // ... for this long after the first failure; then the subscription is DISABLED.
  absl::Duration retry_window = absl::Hours(24);
  // How often idle delivery threads look for work.
  absl::Duration poll_interval = absl::Milliseconds(200);
  // "Now", for retries and the delivery log (tests move it).
  std::function<absl::Time()> clock = absl::Now;
};

class WebhookService final {
 public:
  WebhookService(db::ConnectionPool& pool, const WebhookOptions& options)
      : pool_(pool), options_(options) {}

  absl::StatusOr<events::v1::WebhookSubscription> CreateWebhookSubscription(
      const events::v1::CreateWebhookSubscriptionRequest& request, const CallContext& call);
  absl::StatusOr<events::v1::WebhookSubscription> GetWebhookSubscription(
      const events::v1::GetWebhookSubscriptionRequest& request, const CallContext& call);
  absl::StatusOr<events::v1::ListWebhookSubscriptionsResponse> ListWebhookSubscriptions(
      const events::v1::ListWebhookSubscriptionsRequest& request, const CallContext& call);
  absl::StatusOr<events::v1::WebhookSubscription> UpdateWebhookSubscription(
      const events::v1::UpdateWebhookSubscriptionRequest& request, const CallContext& call);
  absl::StatusOr<google::protobuf::Empty> DeleteWebhookSubscription(
      const events::v1::DeleteWebhookSubscriptionRequest& request, const CallContext& call);
  absl::StatusOr<events::v1::ListWebhookDeliveriesResponse> ListWebhookDeliveries(
      const events::v1::ListWebhookDeliveriesRequest& request, const CallContext& call);
  absl::StatusOr<google::protobuf::Empty> RedeliverEvent(
      const events::v1::RedeliverEventRequest& request, const CallContext& call);

 private:
  db::ConnectionPool& pool_;
  const WebhookOptions options_;
};

}  // namespace meridian
