#include "services/talent/talent_wiring.h"

#include <memory>

#include "common/server/peer_channel.h"
#include "services/talent/alerts/role_match_worker.h"
#include "services/talent/index_follower.h"
#include "services/talent/intake_roles.h"
#include "services/talent/interviews/interview_grpc.h"
#include "services/talent/interviews/interview_service.h"
#include "services/talent/pipeline/pipeline_service.h"
#include "services/talent/search/search_index.h"
#include "services/talent/talent_grpc.h"

namespace meridian::talent {

const ServerDescription& TalentServerDescription() {
  static const ServerDescription* const description =
      new ServerDescription{.service = "talent",
                            .default_port = 50052,
                            .grpc_service_names = {v1::TalentService::service_full_name(),
                                                   v1::InterviewService::service_full_name()},
                            .peer_role = access::v1::TALENT_SERVICE};
  return *description;
}

ServiceBundle MakeTalentServices(db::ConnectionPool& pool, const TalentWiring& options) {
  ServiceBundle bundle;
  // Released in reverse: search and the pipeline first, the follower (its thread stopped)
  // before the index it writes.
  SearchIndex& index = bundle.Make<SearchIndex>();
  IndexFollower& follower = bundle.Make<IndexFollower>(
      pool, index, IndexFollower::Options{.poll_interval = options.index_poll_interval});
  RoleSource& roles = bundle.Make<IntakeRoleSource>(
      CreatePeerChannel(options.intake_address, options.access.peer_key),
      options.intake_call_timeout);
  SearchService& search = bundle.Make<SearchService>(pool, index, follower, roles, options.clock);
  PipelineService& pipeline = bundle.Make<PipelineService>(pool, roles, search);
  InterviewService& interviews = bundle.Make<InterviewService>(pool, roles, options.clock);
  // Made after what it uses, so released before them; it stops listening to the follower first.
  RoleMatchWorker& alerts = bundle.Make<RoleMatchWorker>(
      pool, index, follower, search, roles,
      RoleMatchWorker::Options{.role_refresh_interval = options.role_refresh_interval});
  alerts.Start();
  follower.Start();
  CallGate& gate = bundle.Make<CallGate>(pool, options.access.gate);
  bundle.AddService(std::make_unique<TalentGrpc>(pool, roles, search, pipeline, gate));
  bundle.AddService(std::make_unique<InterviewGrpc>(interviews, gate));
  bundle.set_ready([&follower] { return follower.loaded(); });
  return bundle;
}

}  // namespace meridian::talent
