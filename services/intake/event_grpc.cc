#include "services/intake/event_grpc.h"

namespace meridian::intake {

EventGrpc::EventGrpc(db::ConnectionPool& pool, EventTail& tail, CallGate& gate)
    : RawRequestService(events::v1::EventService::service_full_name(), gate), core_(pool, tail) {
  Serve("ListEvents", core_, &EventService::ListEvents);
  ServeStream("StreamEvents", core_, &EventService::FollowEvents);
  RequireEveryMethodHandled();
}

}  // namespace meridian::intake
