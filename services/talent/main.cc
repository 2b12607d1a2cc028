// The talent service binary: reads its flags into TalentWiring; what it serves is wired in
// talent_wiring.h. See candidate_service.h and search_service.h for the behaviour.
#include "absl/flags/flag.h"
#include "common/server/server_main.h"
#include "services/talent/talent_wiring.h"

ABSL_FLAG(std::string, intake_address, meridian::talent::TalentWiring().intake_address,
          "the intake service (roles for SearchCandidates) as a gRPC target: host:port, or "
          "dns:///name:port to balance calls round robin over every address the name resolves to");
ABSL_FLAG(absl::Duration, index_poll_interval, meridian::talent::TalentWiring().index_poll_interval,
          "how often the search index reads the candidate change feed");
ABSL_FLAG(absl::Duration, role_refresh_interval,
          meridian::talent::TalentWiring().role_refresh_interval,
          "how often new-match alerts read the OPEN roles again from intake");

int main(int argc, char** argv) {
  namespace talent = meridian::talent;
  return meridian::RunServer(
      argc, argv, talent::TalentServerDescription(),
      [](meridian::db::ConnectionPool& pool, const meridian::ServerConfig& config) {
        return talent::MakeTalentServices(
            pool, {.intake_address = absl::GetFlag(FLAGS_intake_address),
                   .index_poll_interval = absl::GetFlag(FLAGS_index_poll_interval),
                   .role_refresh_interval = absl::GetFlag(FLAGS_role_refresh_interval),
                   .access = meridian::AccessWiringFrom(config)});
      });
}
