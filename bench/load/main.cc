// meridian_load: a mixed workload against running intake, talent and placement servers, with
// a ledger of every acknowledged write, the ledger's check against the database, and race
// mode (issue 16). See bench/README.md, "The load tool".
//
//   meridian_load --intake=127.0.0.1:50051 --talent=127.0.0.1:50052
//       --placement=127.0.0.1:50053 --admin_key_file=.meridian/admin.key
//       --database_url=postgresql://... --seconds=60 --in_flight=32
//       --ledger=/tmp/load.ledger --json=/tmp/load.json --races
//   meridian_load --verify_ledger=/tmp/load.ledger --database_url=... [addresses, for replays]
//
// The exit status is 0 when no call ended INTERNAL or UNKNOWN, the ledger verified (when a
// database was given) and every race had one winner; 1 otherwise; 2 for bad flags.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "bench/load/ledger.h"
#include "bench/load/races.h"
#include "bench/load/stats.h"
#include "bench/load/verify.h"
#include "bench/load/workload.h"
#include "common/client/keyed_channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/security/credentials.h"
#include "meridian/access/v1/access.grpc.pb.h"

ABSL_FLAG(std::string, intake, "127.0.0.1:50051", "the intake service (and AccessService)");
ABSL_FLAG(std::string, talent, "127.0.0.1:50052", "the talent service");
ABSL_FLAG(std::string, placement, "127.0.0.1:50053", "the placement service");
ABSL_FLAG(std::string, admin_key, "", "an ADMIN key (it makes the run's agencies and keys)");
ABSL_FLAG(std::string, admin_key_file, "", "a file holding the ADMIN key");
ABSL_FLAG(int, staff_keys, 2, "RECRUITER keys the run makes and sends with");
ABSL_FLAG(int, partners, 2, "partner agencies the run makes, one PARTNER key each");
ABSL_FLAG(double, seconds, 10, "how long the mix runs");
ABSL_FLAG(int, in_flight, 16, "calls in flight (closed loop), or the cap at a fixed --rate");
ABSL_FLAG(double, rate, 0, "operations a second (open loop); 0 runs closed loop");
ABSL_FLAG(std::string, mix, "", "weights changed from the default mix: RPC=weight,...");
ABSL_FLAG(std::string, ledger, "meridian_load.ledger", "the ledger: one JSON line per write");
ABSL_FLAG(std::string, json, "", "write the report as JSON to this file");
ABSL_FLAG(std::string, database_url, "",
          "the services' database: the ledger is checked against it after the run, and the "
          "races' outcome in it");
ABSL_FLAG(int, replays, 50,
          "creates (and EndPlacements) of the ledger sent again with their request_id");
ABSL_FLAG(bool, races, false, "run race mode after the mix");
ABSL_FLAG(int, race_calls, 20, "calls released at once per race");
ABSL_FLAG(std::string, verify_ledger, "",
          "check this ledger against --database_url and exit (no load)");
ABSL_FLAG(uint64_t, seed, 0, "seed of the mix; 0 takes one from the clock");
ABSL_FLAG(double, retry_for, 30,
          "seconds a write is sent again (same request_id) after UNAVAILABLE, "
          "DEADLINE_EXCEEDED or CANCELLED; 0 sends each once");
ABSL_FLAG(bool, fill_roles, false,
          "every third role the run makes is for one hire, so that placements fill roles");
ABSL_FLAG(bool, check_index, false,
          "after the ledger check, compare the search index with the database: every "
          "searchable candidate found by search exactly once, with its row's fields");
ABSL_FLAG(std::string, phase_file, "",
          "a file holding 'PHASE UNIX_MILLIS' (a fault driver writes it): calls are counted "
          "by the phase they ended in");

namespace meridian::bench::load {
namespace {

namespace access = ::meridian::access::v1;

// The run's keys next to the ledger (mode 0600), so that a later --verify_ledger can replay
// requests with the keys that first sent them.
std::string KeysPath(const std::string& ledger) { return ledger + ".keys.json"; }

void SaveKeys(const std::string& path, const std::vector<KeyUse>& keys) {
  nlohmann::json out = nlohmann::json::array();
  for (const KeyUse& key : keys) {
    out.push_back({{"label", key.label}, {"key", key.key}, {"staff", key.staff}});
  }
  std::ofstream file(path);
  file << out.dump() << "\n";
  file.close();
  chmod(path.c_str(), 0600);
}

std::vector<KeyUse> LoadKeys(const std::string& path) {
  std::ifstream in(path);
  std::vector<KeyUse> keys;
  if (!in) return keys;
  const nlohmann::json parsed = nlohmann::json::parse(in, nullptr, false);
  if (!parsed.is_array()) return keys;
  for (const nlohmann::json& key : parsed) {
    keys.push_back({key.value("label", ""), key.value("key", ""), key.value("staff", false)});
  }
  return keys;
}

absl::StatusOr<std::string> AdminKey() {
  std::string key = absl::GetFlag(FLAGS_admin_key);
  if (key.empty() && !absl::GetFlag(FLAGS_admin_key_file).empty()) {
    std::ifstream in(absl::GetFlag(FLAGS_admin_key_file));
    std::getline(in, key);
  }
  key = std::string(absl::StripAsciiWhitespace(key));
  if (key.empty()) return absl::InvalidArgumentError("--admin_key or --admin_key_file is needed");
  return key;
}

absl::Status FromGrpc(const grpc::Status& status, const std::string& what) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

// The run's own keys: RECRUITERs, and a PARTNER of a new agency each, all with a rate limit
// above what the run sends (the built-in limits are for people, not for load).
absl::StatusOr<std::vector<KeyUse>> MakeKeys(const std::string& intake, const std::string& admin,
                                             const std::string& run_id) {
  auto stub = access::AccessService::NewStub(
      CreateKeyedChannel(intake, grpc::InsecureChannelCredentials(), {.key = admin}));
  std::vector<KeyUse> keys;
  const auto make = [&](access::Role role, const std::string& agency,
                        const std::string& label) -> absl::Status {
    access::CreateApiKeyRequest request;
    request.mutable_api_key()->set_display_name(absl::StrCat("load ", run_id, " ", label));
    request.mutable_api_key()->set_role(role);
    request.mutable_api_key()->set_agency(agency);
    request.mutable_api_key()->mutable_rate_limit()->set_requests_per_second(100000);
    request.mutable_api_key()->mutable_rate_limit()->set_burst(100000);
    request.set_request_id(absl::StrCat(run_id, "-key-", label));
    access::CreateApiKeyResponse response;
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    const grpc::Status status = stub->CreateApiKey(&context, request, &response);
    if (!status.ok()) return FromGrpc(status, absl::StrCat("CreateApiKey ", label));
    keys.push_back({label, response.key(), role != access::PARTNER});
    return absl::OkStatus();
  };
  for (int i = 1; i <= absl::GetFlag(FLAGS_staff_keys); ++i) {
    if (absl::Status made = make(access::RECRUITER, "", absl::StrCat("staff-", i)); !made.ok()) {
      return made;
    }
  }
  for (int i = 1; i <= absl::GetFlag(FLAGS_partners); ++i) {
    access::CreateAgencyRequest request;
    request.mutable_agency()->set_display_name(absl::StrCat("Load ", run_id, " partner ", i));
    request.set_request_id(absl::StrCat(run_id, "-agency-", i));
    access::Agency agency;
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    const grpc::Status status = stub->CreateAgency(&context, request, &agency);
    if (!status.ok()) return FromGrpc(status, "CreateAgency");
    if (absl::Status made = make(access::PARTNER, agency.name(), absl::StrCat("partner-", i));
        !made.ok()) {
      return made;
    }
  }
  return keys;
}

double Ms(const nlohmann::json& stats, const char* key) {
  return stats.value(key, int64_t{0}) / 1000.0;
}

void PrintTable(const nlohmann::json& report) {
  std::printf("\nMeridian load: %.1f s, %s, run %s\n", report.value("seconds", 0.0),
              report.value("loop", "").c_str(), report.value("run_id", "").c_str());
  std::printf("  %-18s %8s %8s %9s %9s %9s  %s\n", "rpc", "calls", "ok", "ok/s", "p50 ms", "p99 ms",
              "non-OK by code");
  for (const auto& [rpc, stats] : report.at("rpcs").items()) {
    std::string errors;
    for (const auto& [code, count] : stats.at("errors").items()) {
      absl::StrAppend(&errors, errors.empty() ? "" : ", ", code, " ", count.get<int64_t>());
    }
    std::printf("  %-18s %8lld %8lld %9.1f %9.2f %9.2f  %s\n", rpc.c_str(),
                static_cast<long long>(stats.value("count", int64_t{0})),
                static_cast<long long>(stats.value("ok", int64_t{0})), stats.value("qps", 0.0),
                Ms(stats, "p50_us"), Ms(stats, "p99_us"), errors.c_str());
  }
  const nlohmann::json& writes = report.at("writes");
  std::printf("  %-18s %8s %8lld %9.1f %9.2f %9.2f\n", "all writes", "",
              static_cast<long long>(writes.value("count", int64_t{0})), writes.value("qps", 0.0),
              Ms(writes, "p50_us"), Ms(writes, "p99_us"));
  if (report.value("skipped", int64_t{0}) > 0) {
    std::printf("  %lld scheduled operations skipped: --in_flight calls were outstanding\n",
                static_cast<long long>(report.value("skipped", int64_t{0})));
  }
  const int64_t unknown = report.value("unknown_outcome_writes", int64_t{0});
  std::printf(
      "  ledger: %lld acknowledged writes and %lld of unknown outcome in %s; %lld retries\n",
      static_cast<long long>(report.value("ledger_entries", int64_t{0}) - unknown),
      static_cast<long long>(unknown), report.value("ledger", "").c_str(),
      static_cast<long long>(report.value("retries", int64_t{0})));
  const nlohmann::json& phases = report.at("phases");
  if (phases.size() < 2) return;
  std::printf("\n  %-22s %7s %7s %8s %9s %9s %10s %9s  %s\n", "phase", "calls", "ok", "unknown",
              "fail p50", "fail p99", "1st write", "ok p99", "failures by code");
  for (const nlohmann::json& phase : phases) {
    std::string errors;
    for (const auto& [code, count] : phase.at("errors").items()) {
      absl::StrAppend(&errors, errors.empty() ? "" : ", ", code, " ", count.get<int64_t>());
    }
    const int64_t first = phase.value("first_ok_write_after_ms", int64_t{-1});
    std::printf("  %-22s %7lld %7lld %8lld %7.1fms %7.1fms %8s %7.1fms  %s\n",
                phase.value("phase", "").c_str(),
                static_cast<long long>(phase.value("calls", int64_t{0})),
                static_cast<long long>(phase.value("ok", int64_t{0})),
                static_cast<long long>(phase.value("unknown_writes", int64_t{0})),
                Ms(phase, "failed_p50_us"), Ms(phase, "failed_p99_us"),
                first < 0 ? "-" : absl::StrCat(first, "ms").c_str(), Ms(phase, "ok_p99_us"),
                errors.c_str());
  }
}

void PrintVerify(const VerifyReport& verify) {
  std::printf(
      "Ledger check: %s: %lld entries, %lld found as written, %lld missing, %lld duplicated, "
      "%lld not as written, %lld request_id problems; %lld replayed, %lld replay problems; "
      "%lld of unknown outcome (%lld written, %lld more than once); %lld rows in no entry; "
      "%lld creates without one event; %lld candidates found by search as in their row, %lld "
      "index problems\n",
      verify.ok() ? "OK" : "FAILED", static_cast<long long>(verify.entries),
      static_cast<long long>(verify.checked), static_cast<long long>(verify.missing),
      static_cast<long long>(verify.duplicated), static_cast<long long>(verify.mismatched),
      static_cast<long long>(verify.request_id_problems), static_cast<long long>(verify.replayed),
      static_cast<long long>(verify.replay_problems), static_cast<long long>(verify.unknown),
      static_cast<long long>(verify.unknown_written),
      static_cast<long long>(verify.unknown_problems), static_cast<long long>(verify.orphans),
      static_cast<long long>(verify.event_problems), static_cast<long long>(verify.index_checked),
      static_cast<long long>(verify.index_problems));
  for (const std::string& problem : verify.problems) std::printf("  %s\n", problem.c_str());
}

void PrintRaces(const std::vector<RaceResult>& races) {
  std::printf("Races (%s):\n", AllPassed(races) ? "each one winner" : "FAILED");
  for (const RaceResult& race : races) {
    std::string codes;
    for (const auto& [code, count] : race.codes) absl::StrAppend(&codes, " ", code, "=", count);
    std::printf("  %-4s %-48s%s%s%s\n", race.passed ? "ok" : "FAIL", race.race.c_str(),
                codes.c_str(), race.detail.empty() ? "" : "  -- ", race.detail.c_str());
  }
}

void WriteJson(const nlohmann::json& report) {
  const std::string path = absl::GetFlag(FLAGS_json);
  if (path.empty()) return;
  std::ofstream out(path);
  out << report.dump(2) << "\n";
}

Endpoints FlagEndpoints() {
  return {absl::GetFlag(FLAGS_intake), absl::GetFlag(FLAGS_talent), absl::GetFlag(FLAGS_placement)};
}

int VerifyOnly() {
  const std::string path = absl::GetFlag(FLAGS_verify_ledger);
  if (absl::GetFlag(FLAGS_database_url).empty()) {
    std::fprintf(stderr, "--verify_ledger needs --database_url\n");
    return 2;
  }
  absl::StatusOr<std::vector<LedgerEntry>> entries = ReadLedger(path);
  if (!entries.ok()) {
    std::fprintf(stderr, "%s\n", entries.status().ToString().c_str());
    return 1;
  }
  const VerifyReport verify = Verify(*entries, {.database_url = absl::GetFlag(FLAGS_database_url),
                                                .endpoints = FlagEndpoints(),
                                                .keys = LoadKeys(KeysPath(path)),
                                                .replays = absl::GetFlag(FLAGS_replays)});
  PrintVerify(verify);
  WriteJson({{"verify", verify.ToJson()}});
  return verify.ok() ? 0 : 1;
}

int Main() {
  if (!absl::GetFlag(FLAGS_verify_ledger).empty()) return VerifyOnly();
  absl::StatusOr<Mix> mix = ParseMix(absl::GetFlag(FLAGS_mix));
  absl::StatusOr<std::string> admin = AdminKey();
  if (!mix.ok() || !admin.ok()) {
    std::fprintf(stderr, "%s\n", (!mix.ok() ? mix.status() : admin.status()).ToString().c_str());
    return 2;
  }
  uint64_t seed = absl::GetFlag(FLAGS_seed);
  if (seed == 0) seed = static_cast<uint64_t>(absl::ToUnixMicros(absl::Now())) ^ getpid();
  // Lower-case letters and digits: request ids, emails and display names are made from it.
  const std::string run_id = absl::StrFormat("l%x", seed % 0xffffffffffULL);
  const Endpoints endpoints = FlagEndpoints();

  absl::StatusOr<std::vector<KeyUse>> keys = MakeKeys(endpoints.intake, *admin, run_id);
  if (!keys.ok()) {
    std::fprintf(stderr, "cannot make the run's keys: %s\n", keys.status().ToString().c_str());
    return 1;
  }
  const std::string ledger_path = absl::GetFlag(FLAGS_ledger);
  SaveKeys(KeysPath(ledger_path), *keys);
  Ledger ledger;
  if (absl::Status opened = ledger.Open(ledger_path); !opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.ToString().c_str());
    return 1;
  }

  RpcStats stats;
  PhaseStats phases(absl::GetFlag(FLAGS_phase_file));
  WorkloadOptions options{.endpoints = endpoints,
                          .keys = *keys,
                          .in_flight = absl::GetFlag(FLAGS_in_flight),
                          .rate = absl::GetFlag(FLAGS_rate),
                          .duration = absl::Seconds(absl::GetFlag(FLAGS_seconds)),
                          .run_id = run_id,
                          .seed = seed,
                          .mix = *mix,
                          .retry_for = absl::Seconds(absl::GetFlag(FLAGS_retry_for)),
                          .fill_roles = absl::GetFlag(FLAGS_fill_roles),
                          .phases = &phases};
  Workload workload(options, stats, ledger);
  if (absl::Status ready = workload.Setup(); !ready.ok()) {
    std::fprintf(stderr, "%s\n%s\n", ready.ToString().c_str(),
                 workload.setup_stats().ToJson(1).dump(2).c_str());
    return 1;
  }
  workload.Run();
  phases.Stop();
  const double seconds = workload.seconds();
  if (absl::Status closed = ledger.Close(); !closed.ok()) {
    std::fprintf(stderr, "%s\n", closed.ToString().c_str());
    return 1;
  }

  nlohmann::json report = {
      {"run_id", run_id},
      {"seconds", seconds},
      {"loop", options.rate > 0 ? absl::StrCat("fixed rate ", options.rate, "/s, at most ",
                                               options.in_flight, " in flight")
                                : absl::StrCat("closed loop, ", options.in_flight, " in flight")},
      {"in_flight", options.in_flight},
      {"rate", options.rate},
      {"rpcs", stats.ToJson(seconds)},
      {"writes", stats.SummarizeWhere(IsWrite, seconds)},
      {"writes_per_second", seconds > 0 ? static_cast<double>(workload.writes()) / seconds : 0},
      {"skipped", workload.skipped()},
      {"ledger", ledger_path},
      {"ledger_entries", ledger.size()},
      {"retries", workload.retries()},
      {"unknown_outcome_writes", workload.unknown()},
      {"phases", phases.ToJson()},
      {"mix", options.mix},
  };
  for (const KeyUse& key : *keys) report["keys"].push_back(key.label);
  const int64_t internal =
      stats.CountOf(grpc::StatusCode::INTERNAL) + stats.CountOf(grpc::StatusCode::UNKNOWN);
  report["internal_or_unknown"] = internal;
  PrintTable(report);
  bool ok = internal == 0;

  if (!absl::GetFlag(FLAGS_database_url).empty()) {
    absl::StatusOr<std::vector<LedgerEntry>> entries = ReadLedger(ledger_path);
    VerifyReport verify;
    if (entries.ok()) {
      verify = Verify(*entries, {.database_url = absl::GetFlag(FLAGS_database_url),
                                 .endpoints = endpoints,
                                 .keys = *keys,
                                 .replays = absl::GetFlag(FLAGS_replays),
                                 .check_index = absl::GetFlag(FLAGS_check_index)});
    } else {
      verify.problems.push_back(entries.status().ToString());
      verify.missing = 1;
    }
    PrintVerify(verify);
    report["verify"] = verify.ToJson();
    ok = ok && verify.ok();
  }
  if (absl::GetFlag(FLAGS_races)) {
    const std::vector<RaceResult> races =
        RunRaces({.endpoints = endpoints,
                  .staff_key = keys->front().key,
                  .admin_key = *admin,
                  .database_url = absl::GetFlag(FLAGS_database_url),
                  .run_id = run_id,
                  .calls = absl::GetFlag(FLAGS_race_calls)});
    PrintRaces(races);
    for (const RaceResult& race : races) report["races"].push_back(race.ToJson());
    report["races_passed"] = AllPassed(races);
    ok = ok && AllPassed(races);
  }
  // Issue 16's goals, as figures (judged by people on a quiet machine, never by ctest).
  const double write_p99_ms = report.at("writes").value("p99_us", int64_t{0}) / 1000.0;
  report["goals"] = {
      {{"goal", "writes a second across the mix"},
       {"value", report.at("writes_per_second")},
       {"target", 1000},
       {"met", report.at("writes_per_second").get<double>() >= 1000}},
      {{"goal", "p99 of writes, ms"},
       {"value", write_p99_ms},
       {"target", 50},
       {"met", write_p99_ms < 50}},
  };
  report["ok"] = ok;
  WriteJson(report);
  std::printf("%s\n", ok ? "OK" : "FAILED");
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace meridian::bench::load

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "A mixed load against the running Meridian services, with a ledger of every "
      "acknowledged write (see bench/README.md)");
  absl::ParseCommandLine(argc, argv);
  return meridian::bench::load::Main();
}
