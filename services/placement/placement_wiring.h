// How the placement service is put together, in one place: the placement_server binary
// (main.cc, which fills PlacementWiring from its flags) and the in-process test server both
// call these, so they cannot wire it differently.
//
//   ServiceBundle bundle = MakePlacementServices(pool, {.intake_address = "intake:50051",
//                                                       .talent_address = "talent:50052"});
//   bundle.Find<FollowUpWorker>()->RunDueTasks();   // what a test drives by hand
#pragma once

#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/server/call_gate.h"
#include "common/server/service_bundle.h"
#include "services/placement/follow_up_worker.h"
#include "services/placement/placement_service.h"
#include "services/placement/transition_watch.h"

namespace meridian::placement {

// What the wiring takes from outside: the binary's flags, and what tests set. The defaults are
// what the binary runs with (main.cc's flags take theirs from here).
struct PlacementWiring {
  // host:port of the intake and talent services, which the follow-up steps call.
  std::string intake_address = "127.0.0.1:50051";
  std::string talent_address = "127.0.0.1:50052";
  // How long one call to either service may take at most.
  absl::Duration call_timeout = absl::Seconds(5);
  // The follow-up worker's polling and retry back-off.
  FollowUpWorker::Options worker = {};
  // How often risk and overdue transitions are put on the event feed.
  TransitionWatch::Options transitions = {};
  // False leaves the worker's and the transition watch's threads unstarted: tests run their
  // work by hand (RunDueTasks, ApplyErasures, ReportTransitions), so that nothing runs behind
  // their back.
  bool start_worker = true;
  // "Now" for placements (check-in health, due times); tests fix it.
  PlacementService::Clock clock = absl::Now;
  // The call gate's settings, and the PLACEMENT_SERVICE key sent to intake and talent.
  AccessWiring access = {};
};

// "placement", port 50053, meridian.placement.v1.PlacementService.
const ServerDescription& PlacementServerDescription();

// The placement service over `pool`, which must outlive the bundle: the gateway to intake and
// talent, the core, the FollowUpWorker and the TransitionWatch (started unless
// options.start_worker is false) and the gRPC adapter.
ServiceBundle MakePlacementServices(db::ConnectionPool& pool, const PlacementWiring& options);

}  // namespace meridian::placement
