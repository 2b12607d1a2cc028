#include "services/intake/intake_wiring.h"

#include <memory>

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
                                 const EventTail::Options& events) {
  ServiceBundle bundle;
  EventTail& tail = bundle.Make<EventTail>(pool, events);
  tail.Start();
  CallGate& gate = bundle.Make<CallGate>(pool, access.gate);
  bundle.AddService(std::make_unique<IntakeGrpc>(pool, gate));
  bundle.AddService(std::make_unique<AccessGrpc>(pool, gate));
  bundle.AddService(std::make_unique<EventGrpc>(pool, tail, gate));
  return bundle;
}

}  // namespace meridian::intake
