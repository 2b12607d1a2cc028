// The intake service binary. What it serves is wired in intake_wiring.h; see
// intake_service.h for the behaviour.
#include "common/server/server_main.h"
#include "services/intake/intake_wiring.h"

int main(int argc, char** argv) {
  return meridian::RunServer(
      argc, argv, meridian::intake::IntakeServerDescription(),
      [](meridian::db::ConnectionPool& pool, const meridian::ServerConfig& config) {
        meridian::intake::EventWiring events;
        events.tail.retention = config.event_retention;
        events.webhooks.signing_key = config.webhook_signing_key;
        events.webhooks.allow_private_targets = config.webhook_allow_private_targets;
        return meridian::intake::MakeIntakeServices(pool, meridian::AccessWiringFrom(config),
                                                    events);
      });
}
