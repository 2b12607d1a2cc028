#include "services/intake/intake_wiring.h"

#include <memory>

#include "common/events/webhook_sender.h"
#include "common/events/webhook_worker.h"
#include "services/intake/access_grpc.h"
#include "services/intake/event_grpc.h"
#include "services/intake/intake_grpc.h"

namespace meridian::intake {

const ServerDescription& IntakeServerDescription() {
  static const ServerDescription* const description =
      new ServerDescription{.service = "intake",
                            .default_port = 50051,
                            .grpc_service_names = {v1::IntakeService::service_full_name(),
                                                   access::v1::AccessService::service_full_name(),
                                                   events::v1::EventService::service_full_name()}};
  return *description;
}

ServiceBundle MakeIntakeServices(db::ConnectionPool& pool, const AccessWiring& access,
                                 const EventWiring& events) {
  ServiceBundle bundle;
  EventTail& tail = bundle.Make<EventTail>(pool, events.tail);
  tail.Start();
  // Released in reverse: the worker's threads stop before the sender they use.
  WebhookSender& sender = bundle.Make<CurlWebhookSender>(
      CurlWebhookSender::Options{.timeout = events.webhooks.delivery_timeout,
                                 .allow_private = events.webhooks.allow_private_targets});
  WebhookWorker& worker = bundle.Make<WebhookWorker>(pool, sender, events.webhooks);
  worker.Start();
  // At a shutdown the deliveries in hand finish and their leases are released (OnShutdown).
  bundle.OnShutdown([&worker] { worker.Stop(); });
  CallGate& gate = bundle.Make<CallGate>(pool, access.gate);
  bundle.AddService(std::make_unique<IntakeGrpc>(pool, gate));
  bundle.AddService(std::make_unique<AccessGrpc>(pool, gate));
  bundle.AddService(std::make_unique<EventGrpc>(pool, tail, events.webhooks, gate));
  return bundle;
}

}  // namespace meridian::intake
