// The intake service binary. What it serves is wired in intake_wiring.h; see
// intake_service.h for the behaviour.
#include "common/server/server_main.h"
#include "services/intake/intake_wiring.h"

int main(int argc, char** argv) {
  return meridian::RunServer(
      argc, argv, meridian::intake::IntakeServerDescription(),
      [](meridian::db::ConnectionPool& pool, const meridian::ServerConfig& config) {
        return meridian::intake::MakeIntakeServices(pool, meridian::AccessWiringFrom(config),
                                                    {.retention = config.event_retention});
      });
}
