// meridian_demo_data: fills a running Meridian with demo data, so that a newcomer can run a
// search within a minute of starting: a worldwide talent pool (some thousands of engineers
// in the time zones where remote engineers live, with realistic skill mixes, hours and
// rates), a few hiring companies with open roles, and a few hires being followed up:
// placements with check-ins recorded, due and overdue, some of them at risk.
//
//   meridian_demo_data                                   # 3000 candidates, seed 42
//   meridian_demo_data --candidates=300 --seed=7 --intake_address=127.0.0.1:50051
//   meridian_demo_data --dry_run | head                  # the requests as JSON, nothing sent
//   meridian_demo_data --tls_ca_file=ca.pem              # services serving TLS
//
// It speaks only the public gRPC APIs (IntakeService.CreateClient/CreateRole,
// TalentService.CreateCandidate). Every create carries a request_id derived from its index
// (and, for candidates, the seed), so a second run creates nothing twice: the services
// return what the first run created. What is generated depends only on the seed and the
// day it runs (available_from dates): every request is built before any is sent, and each
// candidate from its own generator, so --candidates=300 is the first 300 of the default
// 3000 and the thread count changes nothing.
//
// Last, for each client, one candidate of the pool is put forward for a role with a match
// (TalentService.CreateSubmission) and moved to HIRED (AdvanceSubmission), and the hire is
// followed up (PlacementService.CreatePlacement, started some weeks before today, and
// RecordCheckIn for the check-ins due since, except those left open on purpose). A rerun
// finds that work done (see FollowUps) and records nothing twice. --placement_address=""
// leaves this step out.
//
// Every flag also reads its MERIDIAN_* variable (common/config/env_flags.h); the TLS flags
// are those of meridian_call (common/config/tool_tls_flags.h).
//
// Exit status: 0 everything is there now (created or already there); 1 some call failed
// (the first errors are printed); 2 bad usage (a TLS file missing or wrong, too).
//
// The parts: tables.h (the data), generator.h (the requests), retrying_client.h (calls and
// their retries), demo_data.h (sending them and the follow-up); this file reads the flags.
#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/config/env_flags.h"
#include "common/config/tls_config.h"
#include "common/config/tool_key_flags.h"
#include "common/config/tool_tls_flags.h"
#include "tools/demo_data/demo_data.h"

ABSL_FLAG(std::string, intake_address, "127.0.0.1:50051", "host:port of the intake service");
ABSL_FLAG(std::string, talent_address, "127.0.0.1:50052", "host:port of the talent service");
ABSL_FLAG(std::string, placement_address, "127.0.0.1:50053",
          "host:port of the placement service; empty: no hires and placements");
ABSL_FLAG(int, candidates, 3000, "candidates to load (0-100000)");
ABSL_FLAG(uint64_t, seed, 42, "seed of the generated pool; the same seed gives the same pool");
ABSL_FLAG(int, concurrency, 8, "calls in flight at once (1-64)");
ABSL_FLAG(absl::Duration, connect_timeout, absl::Seconds(20),
          "how long to wait for the services to accept connections");
ABSL_FLAG(bool, dry_run, false,
          "print every request as one JSON line on stdout and send nothing (roles show the "
          "index of their client as parent; hires and placements, which depend on what the "
          "services answer, are left out)");

namespace {

constexpr int kBadUsage = 2;
constexpr int kMaxCandidates = 100000;

int Usage(absl::string_view message) {
  std::fprintf(stderr, "meridian_demo_data: %s\n", std::string(message).c_str());
  return kBadUsage;
}

}  // namespace

int main(int argc, char** argv) {
  namespace demo = meridian::demo_data;
  const std::vector<char*> rest = meridian::ParseFlagsWithEnvironment(
      argc, argv,
      "loads demo data (a worldwide talent pool, clients, roles, hires and their follow-up) "
      "into a running Meridian.\n"
      "  meridian_demo_data --candidates=3000 --seed=42");
  if (rest.size() > 1) return Usage(absl::StrCat("unexpected argument ", rest[1]));
  const int count = absl::GetFlag(FLAGS_candidates);
  const uint64_t seed = absl::GetFlag(FLAGS_seed);
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  if (count < 0 || count > kMaxCandidates) {
    return Usage(absl::StrCat("--candidates must be between 0 and ", kMaxCandidates));
  }
  if (concurrency < 1 || concurrency > 64) return Usage("--concurrency must be between 1 and 64");
  absl::StatusOr<meridian::ClientTlsPem> tls =
      meridian::ReadClientTls(meridian::ToolTlsFromFlags(), meridian::kToolTlsFlags);
  if (!tls.ok()) return Usage(tls.status().message());
  absl::StatusOr<meridian::ToolKey> key = meridian::ToolKeyFromFlags();
  if (!key.ok()) return Usage(key.status().message());

  // Everything is generated before anything is sent.
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  demo::DemoRequests requests = demo::MakeDemoRequests(count, seed, today);
  if (absl::GetFlag(FLAGS_dry_run)) {
    demo::PrintRequests(requests);
    return 0;
  }
  return demo::Load(requests, {.intake_address = absl::GetFlag(FLAGS_intake_address),
                               .talent_address = absl::GetFlag(FLAGS_talent_address),
                               .placement_address = absl::GetFlag(FLAGS_placement_address),
                               .concurrency = concurrency,
                               .connect_timeout = absl::GetFlag(FLAGS_connect_timeout),
                               .seed = seed,
                               .today = today,
                               .tls = *std::move(tls),
                               .key = key->key});
}
