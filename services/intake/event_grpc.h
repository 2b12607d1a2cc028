// The thin gRPC adapter of meridian.events.v1.EventService, served by the intake binary (one
// address for integrators, and the long-lived streams stay off the talent service, whose
// search is the hot path). ListEvents is EventService::ListEvents; StreamEvents runs
// EventService::FollowEvents on the call's writer until the client leaves; the webhook RPCs
// are WebhookService's.
//
//   EventGrpc events(pool, tail, gate);
//   builder.RegisterService(&events);
#pragma once

#include "common/db/pool.h"
#include "common/events/event_service.h"
#include "common/events/event_tail.h"
#include "common/events/webhook_service.h"
#include "common/server/raw_request.h"
#include "meridian/events/v1/events.grpc.pb.h"

namespace meridian::intake {

class EventGrpc final : public RawRequestService {
 public:
  EventGrpc(db::ConnectionPool& pool, EventTail& tail, const WebhookOptions& webhooks,
            CallGate& gate);

 private:
  EventService core_;
  WebhookService webhooks_;
};

}  // namespace meridian::intake
