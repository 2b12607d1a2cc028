#include "services/placement/placement_wiring.h"

#include <memory>

#include "common/server/peer_channel.h"
#include "services/placement/grpc_follow_up_gateway.h"
#include "services/placement/placement_grpc.h"
#include "services/placement/transition_watch.h"

namespace meridian::placement {

const ServerDescription& PlacementServerDescription() {
  static const ServerDescription* const description =
      new ServerDescription{.service = "placement",
                            .default_port = 50053,
                            .grpc_service_names = {v1::PlacementService::service_full_name()},
                            .peer_role = access::v1::PLACEMENT_SERVICE};
  return *description;
}

ServiceBundle MakePlacementServices(db::ConnectionPool& pool, const PlacementWiring& options) {
  ServiceBundle bundle;
  // Released in reverse: the worker (its thread stopped) and the core before the gateway.
  FollowUpGateway& gateway = bundle.Make<GrpcFollowUpGateway>(
      CreatePeerChannel(options.intake_address, options.access.peer_key),
      CreatePeerChannel(options.talent_address, options.access.peer_key), options.call_timeout);
  PlacementService& core = bundle.Make<PlacementService>(pool, gateway, options.clock);
  FollowUpWorker& worker = bundle.Make<FollowUpWorker>(pool, gateway, options.worker);
  TransitionWatch& watch = bundle.Make<TransitionWatch>(core, options.transitions);
  if (options.start_worker) {
    worker.Start();
    watch.Start();
    // At a shutdown the task in hand finishes and its lease is resolved (OnShutdown).
    bundle.OnShutdown([&worker] { worker.Stop(); });
  }
  CallGate& gate = bundle.Make<CallGate>(pool, options.access.gate);
  bundle.AddService(std::make_unique<PlacementGrpc>(core, gate));
  return bundle;
}

}  // namespace meridian::placement
