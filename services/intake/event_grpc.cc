#include "services/intake/event_grpc.h"

namespace meridian::intake {

EventGrpc::EventGrpc(db::ConnectionPool& pool, EventTail& tail, const WebhookOptions& webhooks,
                     CallGate& gate)
    : RawRequestService(events::v1::EventService::service_full_name(), gate),
      core_(pool, tail),
      webhooks_(pool, webhooks) {
  Serve("ListEvents", core_, &EventService::ListEvents);
  ServeStream("StreamEvents", core_, &EventService::FollowEvents);
  Serve("CreateWebhookSubscription", webhooks_, &WebhookService::CreateWebhookSubscription);
  Serve("GetWebhookSubscription", webhooks_, &WebhookService::GetWebhookSubscription);
  Serve("ListWebhookSubscriptions", webhooks_, &WebhookService::ListWebhookSubscriptions);
  Serve("UpdateWebhookSubscription", webhooks_, &WebhookService::UpdateWebhookSubscription);
  Serve("DeleteWebhookSubscription", webhooks_, &WebhookService::DeleteWebhookSubscription);
  Serve("ListWebhookDeliveries", webhooks_, &WebhookService::ListWebhookDeliveries);
  Serve("RedeliverEvent", webhooks_, &WebhookService::RedeliverEvent);
  RequireEveryMethodHandled();
}

}  // namespace meridian::intake
