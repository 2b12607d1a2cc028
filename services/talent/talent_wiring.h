// How the talent service is put together, in one place: the talent_server binary (main.cc,
// which fills TalentWiring from its flags) and the in-process test server both call these, so
// they cannot wire it differently.
//
//   ServiceBundle bundle = MakeTalentServices(pool, {.intake_address = "intake:50051"});
//   bundle.Find<IndexFollower>()->loaded();   // also what the bundle's readiness asks
#pragma once

#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/server/call_gate.h"
#include "common/server/service_bundle.h"
#include "services/talent/search_service.h"

namespace meridian::talent {

// What the wiring takes from outside: the binary's flags, and what tests set. The defaults are
// what the binary runs with (main.cc's flags take theirs from here).
struct TalentWiring {
  // host:port of the intake service, where roles come from (SearchCandidates, submissions).
  std::string intake_address = "127.0.0.1:50051";
  // How long one call to the intake service may take at most.
  absl::Duration intake_call_timeout = absl::Seconds(5);
  // How often the search index reads the candidate change feed.
  absl::Duration index_poll_interval = absl::Milliseconds(100);
  // How often new-match alerts read the OPEN roles again from intake (zero: before every
  // batch of changes, for tests).
  absl::Duration role_refresh_interval = absl::Seconds(10);
  // "Now" for search (the reference date when a request gives none, the age of cached
  // reference data); tests fix it.
  SearchService::Clock clock = absl::Now;
  // The call gate's settings, and the TALENT_SERVICE key sent to intake.
  AccessWiring access = {};
};

// "talent", port 50052, meridian.talent.v1.TalentService.
const ServerDescription& TalentServerDescription();

// The talent service over `pool`, which must outlive the bundle: the search index and the
// IndexFollower that keeps it in step with PostgreSQL (started here; the bundle is ready once
// its initial load is done), the intake role source, search, the pipeline, new-match alerts
// (RoleMatchWorker, started here), and the gRPC adapter over them.
ServiceBundle MakeTalentServices(db::ConnectionPool& pool, const TalentWiring& options);

}  // namespace meridian::talent
