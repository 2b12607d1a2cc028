// The placement service binary: wiring only. See placement_service.h and
// follow_up_worker.h for the behaviour.
#include "absl/flags/flag.h"
#include "common/server/server_main.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/placement/follow_up_gateway.h"
#include "services/placement/follow_up_worker.h"
#include "services/placement/placement_grpc.h"
#include "services/placement/placement_service.h"

ABSL_FLAG(std::string, intake_address, "127.0.0.1:50051", "host:port of the intake service");
ABSL_FLAG(std::string, talent_address, "127.0.0.1:50052", "host:port of the talent service");
ABSL_FLAG(absl::Duration, task_poll_interval, absl::Milliseconds(200),
          "how often follow-up tasks (release, reopen, shortlist) are looked for");

int main(int argc, char** argv) {
  namespace placement = meridian::placement;
  return meridian::RunServer(
      argc, argv,
      {.service = "placement",
       .default_port = 50053,
       .grpc_service_names = {"meridian.placement.v1.PlacementService"}},
      [](meridian::db::ConnectionPool& pool, const meridian::ServerConfig&) {
        auto gateway = std::make_shared<placement::GrpcFollowUpGateway>(
            meridian::CreatePeerChannel(absl::GetFlag(FLAGS_intake_address)),
            meridian::CreatePeerChannel(absl::GetFlag(FLAGS_talent_address)));
        auto core = std::make_shared<placement::PlacementService>(pool, *gateway);
        auto worker = std::make_shared<placement::FollowUpWorker>(
            pool, *gateway,
            placement::FollowUpWorker::Options{.poll_interval =
                                                   absl::GetFlag(FLAGS_task_poll_interval)});
        worker->Start();
        meridian::ServiceBundle bundle;
        // Destroyed in reverse: the worker (its thread stopped) before the gateway.
        bundle.dependencies = {gateway, core, worker};
        bundle.services.push_back(std::make_unique<placement::PlacementGrpc>(*core));
        return bundle;
      });
}
