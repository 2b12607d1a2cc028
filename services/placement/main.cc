// The placement service binary: reads its flags into PlacementWiring; what it serves is wired
// in placement_wiring.h. See placement_service.h and follow_up_worker.h for the behaviour.
#include "absl/flags/flag.h"
#include "common/server/server_main.h"
#include "services/placement/placement_wiring.h"

ABSL_FLAG(std::string, intake_address, meridian::placement::PlacementWiring().intake_address,
          "the intake service as a gRPC target: host:port, or dns:///name:port to balance calls "
          "round robin over every address the name resolves to (a headless Service)");
ABSL_FLAG(std::string, talent_address, meridian::placement::PlacementWiring().talent_address,
          "the talent service as a gRPC target: host:port, or dns:///name:port to balance calls "
          "round robin over every address the name resolves to (a headless Service)");
ABSL_FLAG(absl::Duration, task_poll_interval,
          meridian::placement::PlacementWiring().worker.poll_interval,
          "how often follow-up tasks (release, reopen, shortlist) are looked for");

int main(int argc, char** argv) {
  namespace placement = meridian::placement;
  return meridian::RunServer(
      argc, argv, placement::PlacementServerDescription(),
      [](meridian::db::ConnectionPool& pool, const meridian::ServerConfig& config) {
        placement::PlacementWiring options{.intake_address = absl::GetFlag(FLAGS_intake_address),
                                           .talent_address = absl::GetFlag(FLAGS_talent_address)};
        options.worker.poll_interval = absl::GetFlag(FLAGS_task_poll_interval);
        options.access = meridian::AccessWiringFrom(config);
        return placement::MakePlacementServices(pool, options);
      });
}
