// The talent service binary: wiring only. See candidate_service.h and search_service.h for
// the behaviour.
#include "absl/flags/flag.h"
#include "common/server/server_main.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "services/talent/index_follower.h"
#include "services/talent/intake_roles.h"
#include "services/talent/search/search_index.h"
#include "services/talent/search_service.h"
#include "services/talent/talent_grpc.h"

ABSL_FLAG(std::string, intake_address, "127.0.0.1:50051",
          "host:port of the intake service (roles for SearchCandidates)");
ABSL_FLAG(absl::Duration, index_poll_interval, absl::Milliseconds(100),
          "how often the search index reads the candidate change feed");

int main(int argc, char** argv) {
  namespace talent = meridian::talent;
  return meridian::RunServer(
      argc, argv,
      {.service = "talent",
       .default_port = 50052,
       .grpc_service_names = {"meridian.talent.v1.TalentService"}},
      [](meridian::db::ConnectionPool& pool, const meridian::ServerConfig&) {
        auto index = std::make_shared<talent::SearchIndex>();
        auto follower = std::make_shared<talent::IndexFollower>(
            pool, *index,
            talent::IndexFollower::Options{.poll_interval =
                                               absl::GetFlag(FLAGS_index_poll_interval)});
        auto roles = std::make_shared<talent::IntakeRoleSource>(
            meridian::CreatePeerChannel(absl::GetFlag(FLAGS_intake_address)));
        auto search = std::make_shared<talent::SearchService>(pool, *index, *follower, *roles);
        auto pipeline = std::make_shared<talent::PipelineService>(pool, *roles, *search);
        follower->Start();
        meridian::ServiceBundle bundle;
        // Destroyed in reverse: search first, the follower (its thread stopped) before the index.
        bundle.dependencies = {index, follower, roles, search, pipeline};
        bundle.services.push_back(std::make_unique<talent::TalentGrpc>(pool, *search, *pipeline));
        bundle.ready = [follower] { return follower->loaded(); };
        return bundle;
      });
}
