#include "bench/alerts.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/latency.h"
#include "bench/loader.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "pqxx/pqxx"

namespace meridian::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Client windows of the generated roles: 15 zones, 3 start times, 8 hours, Monday to Friday.
constexpr std::array<const char*, 15> kRoleZones = {
    "America/New_York", "America/Chicago",   "America/Los_Angeles", "America/Toronto",
    "Europe/London",    "Europe/Berlin",     "Europe/Amsterdam",    "Europe/Madrid",
    "Europe/Warsaw",    "Asia/Jerusalem",    "Asia/Dubai",          "Asia/Singapore",
    "Australia/Sydney", "America/Sao_Paulo", "America/Mexico_City"};
constexpr std::array<std::pair<const char*, const char*>, 3> kRoleWindows = {
    std::pair{"08:00", "16:00"}, std::pair{"09:00", "17:00"}, std::pair{"10:00", "18:00"}};

double Round1(double x) { return std::round(x * 10) / 10; }

}  // namespace

// IntakeService with ListRoles alone: every role on one page (the worker asks for OPEN ones).
class BenchIntake::Service final : public intake::v1::IntakeService::Service {
 public:
  grpc::Status ListRoles(grpc::ServerContext*, const intake::v1::ListRolesRequest*,
                         intake::v1::ListRolesResponse* response) override {
    std::lock_guard lock(mutex_);
    for (const intake::v1::Role& role : roles_) *response->add_roles() = role;
    ++calls_;
    return grpc::Status::OK;
  }
  void Set(std::vector<intake::v1::Role> roles) {
    std::lock_guard lock(mutex_);
    roles_ = std::move(roles);
    calls_ = 0;
  }
  int64_t calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::mutex mutex_;
  std::vector<intake::v1::Role> roles_;
  int64_t calls_ = 0;
};

BenchIntake::BenchIntake() : service_(std::make_unique<Service>()) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) throw std::runtime_error("BenchIntake cannot listen");
}

BenchIntake::~BenchIntake() {
  if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
}

std::string BenchIntake::address() const { return absl::StrCat("127.0.0.1:", port_); }
void BenchIntake::SetRoles(std::vector<intake::v1::Role> roles) { service_->Set(std::move(roles)); }
int64_t BenchIntake::calls_since_set() const { return service_->calls(); }

std::vector<intake::v1::Role> GenerateRoles(const SkillVocabulary& vocabulary, uint64_t seed,
                                            int count) {
  QueryMix mix(vocabulary, seed, /*stream=*/2000003);
  std::vector<intake::v1::Role> roles;
  for (int i = 0; i < count; ++i) {
    const BenchQuery query = mix.Next();
    intake::v1::Role role;
    // UUID-shaped ids, as intake makes them (the worker parses the names).
    role.set_name(absl::StrFormat(
        "clients/00000000-0000-4000-8000-%012x/roles/00000000-0000-4000-9000-%012x", i % 200, i));
    role.set_title(absl::StrCat("Bench role ", i));
    role.set_state(intake::v1::Role::OPEN);
    for (const BenchQuery::Need& need : query.required) {
      auto* skill = role.add_required_skills();
      skill->set_skill(vocabulary.ids[static_cast<size_t>(need.skill)]);
      skill->set_min_level(need.min_level);
    }
    auto* hours = role.mutable_working_hours();
    hours->set_time_zone(kRoleZones[static_cast<size_t>(i) % kRoleZones.size()]);
    const auto& window = kRoleWindows[static_cast<size_t>(i / 15) % kRoleWindows.size()];
    hours->set_start(window.first);
    hours->set_end(window.second);
    // A role without a minimum gets intake's default, 4 hours (the mix's unselective searches
    // ask for none).
    role.set_min_overlap_hours(query.min_overlap_hours > 0 ? query.min_overlap_hours : 4);
    if (query.budget_units) {
      role.mutable_monthly_budget()->set_currency_code(query.budget_currency);
      role.mutable_monthly_budget()->set_units(*query.budget_units);
    }
    role.set_headcount(1);
    role.set_alert_min_score(80);
    roles.push_back(std::move(role));
  }
  return roles;
}

nlohmann::json MeasureAlerts(const std::string& database_url, const std::string& address,
                             const PoolGenerator& pool, BenchIntake& intake,
                             const PhaseOptions& phase, const AlertsOptions& options) {
  nlohmann::json out;
  const auto search_client = [&](int) { return MakeSearchClient(address, pool.vocabulary()); };
  // (1) Search alone.
  const PhaseResult alone = RunPhase(options.concurrency, phase, search_client);
  const Summary without = alone.Overall();

  pqxx::connection conn(database_url);
  conn.prepare("update",
               "UPDATE talent.candidates SET body = $2::jsonb, version = version + 1, "
               "update_time = now() WHERE id = $1");
  conn.prepare("lock", "SELECT pg_advisory_xact_lock($1)");
  conn.prepare("change",
               "INSERT INTO talent.candidate_changes (candidate_id) VALUES ($1) RETURNING seq");
  conn.prepare("progress", "SELECT position FROM talent.role_match_progress");
  uint64_t rng = 0x9e3779b97f4a7c15ULL ^ phase.seed;
  GeneratedCandidate candidate;
  // One update as the service writes it; returns its feed position.
  const auto update = [&](int64_t u) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto index =
        static_cast<int64_t>((rng >> 33) % static_cast<uint64_t>(options.candidates));
    pool.Generate(index, candidate);
    candidate.rate_units += u % 97;  // a change search sees; state and skills stay
    pqxx::work tx(conn);
    tx.exec_prepared("update", candidate.id, pool.BodyJson(candidate));
    tx.exec_prepared("lock", kCandidateChangesLock);
    const int64_t seq = tx.exec_prepared1("change", candidate.id)[0].as<int64_t>();
    tx.commit();
    return seq;
  };
  const auto progress = [](pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    return tx.exec_prepared1("progress")[0].as<int64_t>();
  };

  // (2) The roles, and the worker primed with them.
  intake.SetRoles(GenerateRoles(pool.vocabulary(), phase.seed, options.roles));
  const Clock::time_point prime_start = Clock::now();
  int64_t last = 0;
  for (int u = 0; u < 20 || intake.calls_since_set() < 2; ++u) {
    last = update(u);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (Clock::now() - prime_start > std::chrono::seconds(120)) {
      out["error"] = "the worker never read the roles";
      return out;
    }
  }
  while (progress(conn) < last) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (Clock::now() - prime_start > std::chrono::seconds(300)) {
      out["error"] = "the worker did not catch up while priming";
      return out;
    }
  }
  pqxx::connection counts(database_url);
  const auto matches_recorded = [&] {
    pqxx::nontransaction tx(counts);
    return tx.exec1("SELECT count(*) FROM talent.role_matches")[0].as<int64_t>();
  };
  const int64_t matches_before = matches_recorded();

  // (3) Search again under the update stream, the watcher measuring the lag.
  struct Pending {
    int64_t seq;
    Clock::time_point commit;
  };
  std::mutex mutex;
  std::deque<Pending> pending;
  std::vector<int64_t> lag_us;
  std::atomic<bool> stop_writing{false};
  std::atomic<bool> writer_done{false};
  int64_t updates = 0;
  double writer_seconds = 0;
  std::string writer_error;
  std::thread writer([&] {
    try {
      const Clock::time_point start = Clock::now();
      for (int64_t u = 0; !stop_writing; ++u) {
        std::this_thread::sleep_until(
            start + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(static_cast<double>(u) / options.rate)));
        const int64_t seq = update(1000 + u);
        std::lock_guard lock(mutex);
        pending.push_back({seq, Clock::now()});
        ++updates;
      }
      writer_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex);
      writer_error = e.what();
    }
    writer_done = true;
  });
  std::thread watcher([&] {
    pqxx::connection watch(database_url);
    watch.prepare("progress", "SELECT position FROM talent.role_match_progress");
    std::optional<Clock::time_point> give_up;
    while (true) {
      const int64_t position = progress(watch);
      const Clock::time_point now = Clock::now();
      {
        std::lock_guard lock(mutex);
        while (!pending.empty() && pending.front().seq <= position) {
          lag_us.push_back(
              std::chrono::duration_cast<std::chrono::microseconds>(now - pending.front().commit)
                  .count());
          pending.pop_front();
        }
        if (writer_done) {
          if (!give_up) give_up = now + std::chrono::seconds(30);
          if (pending.empty() || now >= *give_up) return;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  const PhaseResult loaded = RunPhase(options.concurrency, phase, search_client);
  const Summary with = loaded.Overall();
  stop_writing = true;
  writer.join();
  watcher.join();

  const Summary lag = Summarize(lag_us, 0);
  out["roles"] = options.roles;
  out["concurrency"] = options.concurrency;
  out["lag"] = {{"p50_ms", Round1(static_cast<double>(lag.p50_us) / 1000)},
                {"p99_ms", Round1(static_cast<double>(lag.p99_us) / 1000)},
                {"max_ms", Round1(static_cast<double>(lag.max_us) / 1000)},
                {"measured", lag.count},
                {"unseen", static_cast<int64_t>(pending.size())}};
  out["updates"] = updates;
  out["update_rate_target_per_s"] = options.rate;
  out["update_rate_per_s"] =
      writer_seconds > 0 ? Round1(static_cast<double>(updates) / writer_seconds) : 0.0;
  out["matches_recorded"] = matches_recorded() - matches_before;
  out["search_without_alerts"] = alone.ToJson(true, "mean_total_size");
  out["search_with_alerts"] = loaded.ToJson(true, "mean_total_size");
  out["search_p99_us_without"] = without.p99_us;
  out["search_p99_us_with"] = with.p99_us;
  out["search_p99_increase_percent"] =
      without.p99_us > 0 ? Round1(100.0 * static_cast<double>(with.p99_us - without.p99_us) /
                                  static_cast<double>(without.p99_us))
                         : 0.0;
  if (!writer_error.empty()) out["error"] = writer_error;
  return out;
}

}  // namespace meridian::bench
