// How the intake service is put together, in one place: the intake_server binary (main.cc)
// and the in-process test server both call these, so they cannot wire it differently.
//
//   RunServer(argc, argv, IntakeServerDescription(),
//             [](db::ConnectionPool& pool, const ServerConfig& config) {
//               return MakeIntakeServices(pool, AccessWiringFrom(config));
//             });
#pragma once

#include "common/db/pool.h"
#include "common/events/event_tail.h"
#include "common/events/webhook_service.h"
#include "common/server/call_gate.h"
#include "common/server/service_bundle.h"

namespace meridian::intake {

// "intake", port 50051, meridian.intake.v1.IntakeService.
const ServerDescription& IntakeServerDescription();

// The event feed's settings: its tail and retention, and webhooks.
struct EventWiring {
  EventTail::Options tail = {};
  WebhookOptions webhooks = {};
};

// The intake service, the access service (keys, agencies, the audit log) and the event feed
// with its webhooks (their delivery worker started when webhooks have a signing key) over
// `pool`, which must outlive the bundle, behind one call gate. It reads no flags.
ServiceBundle MakeIntakeServices(db::ConnectionPool& pool, const AccessWiring& access = {},
                                 const EventWiring& events = {});

}  // namespace meridian::intake
