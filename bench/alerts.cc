#include "bench/alerts.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <functional>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/cpu_time.h"
#include "bench/latency.h"
#include "bench/loader.h"
#include "bench/roles.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "pqxx/pqxx"

namespace meridian::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Round1(double x) { return std::round(x * 10) / 10; }
double Round2(double x) { return std::round(x * 100) / 100; }

// Updates random candidates of the pool as the talent service writes them (UPDATE the body, the
// change-feed lock, INSERT into talent.candidate_changes RETURNING seq, COMMIT), on its own
// connection.
class CandidateWriter final {
 public:
  CandidateWriter(const std::string& database_url, const PoolGenerator& pool, int64_t candidates,
                  uint64_t seed)
      : pool_(pool),
        candidates_(candidates),
        rng_(0x9e3779b97f4a7c15ULL ^ seed),
        conn_(database_url) {
    conn_.prepare("update",
                  "UPDATE talent.candidates SET body = $2::jsonb, version = version + 1, "
                  "update_time = now() WHERE id = $1");
    conn_.prepare("lock", "SELECT pg_advisory_xact_lock($1)");
    conn_.prepare("change",
                  "INSERT INTO talent.candidate_changes (candidate_id) VALUES ($1) RETURNING seq");
  }

  // One update (`u` varies the rate, a change search sees); returns its feed position.
  int64_t Update(int64_t u) {
    rng_ = rng_ * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto index = static_cast<int64_t>((rng_ >> 33) % static_cast<uint64_t>(candidates_));
    pool_.Generate(index, candidate_);
    candidate_.rate_units += u % 97;  // state and skills stay
    pqxx::work tx(conn_);
    tx.exec_prepared("update", candidate_.id, pool_.BodyJson(candidate_));
    tx.exec_prepared("lock", kCandidateChangesLock);
    const int64_t seq = tx.exec_prepared1("change", candidate_.id)[0].as<int64_t>();
    tx.commit();
    return seq;
  }

 private:
  const PoolGenerator& pool_;
  const int64_t candidates_;
  uint64_t rng_;
  pqxx::connection conn_;
  GeneratedCandidate candidate_;
};

double IncreasePercent(int64_t before, int64_t after) {
  return before > 0
             ? Round1(100.0 * static_cast<double>(after - before) / static_cast<double>(before))
             : 0.0;
}

// What an update stream measured: each update's lag (commit to matched), in microseconds.
struct StreamResult {
  std::vector<int64_t> lag_us;
  int64_t updates = 0;
  int64_t unseen = 0;  // not matched 30 s after the stream ended
  double seconds = 0;
  std::string error;

  void Merge(const StreamResult& other) {
    lag_us.insert(lag_us.end(), other.lag_us.begin(), other.lag_us.end());
    updates += other.updates;
    unseen += other.unseen;
    seconds += other.seconds;
    if (error.empty()) error = other.error;
  }
  // {lag: {p50_ms, p99_ms, max_ms, measured, unseen}, updates, update_rate_per_s[, error]}
  nlohmann::json ToJson() const {
    const Summary lag = Summarize(lag_us, 0);
    nlohmann::json out;
    out["lag"] = {{"p50_ms", Round1(static_cast<double>(lag.p50_us) / 1000)},
                  {"p99_ms", Round1(static_cast<double>(lag.p99_us) / 1000)},
                  {"max_ms", Round1(static_cast<double>(lag.max_us) / 1000)},
                  {"measured", lag.count},
                  {"unseen", unseen}};
    out["updates"] = updates;
    out["update_rate_per_s"] = seconds > 0 ? Round1(static_cast<double>(updates) / seconds) : 0.0;
    if (!error.empty()) out["error"] = error;
    return out;
  }
};

// Runs `during` while `options.writers` connections update random candidates at
// `options.rate` between them and a watcher times each update from its commit to
// talent.role_match_progress reaching it; then waits up to 30 s for the last ones.
StreamResult UnderUpdates(const std::string& database_url, const PoolGenerator& pool,
                          const AlertsOptions& options, uint64_t seed,
                          const std::function<void()>& during) {
  struct Pending {
    int64_t seq;
    Clock::time_point commit;
  };
  std::mutex mutex;
  std::deque<Pending> pending;
  std::vector<int64_t> lag_us;
  std::atomic<bool> stop_writing{false};
  std::atomic<int> writers_running{options.writers};
  int64_t updates = 0;
  std::string writer_error;
  // Updates u = k, k + writers, ... are writer k's, each due at u / rate from the start: the
  // stream keeps its rate while one update waits for a lock, as concurrent callers would.
  const Clock::time_point writing_start = Clock::now();
  std::vector<std::thread> writers;
  for (int k = 0; k < options.writers; ++k) {
    writers.emplace_back([&, k] {
      try {
        CandidateWriter writer(database_url, pool, options.candidates, seed + k);
        for (int64_t u = k; !stop_writing; u += options.writers) {
          std::this_thread::sleep_until(
              writing_start +
              std::chrono::duration_cast<Clock::duration>(
                  std::chrono::duration<double>(static_cast<double>(u) / options.rate)));
          const int64_t seq = writer.Update(1000 + u);
          std::lock_guard lock(mutex);
          pending.push_back({seq, Clock::now()});
          ++updates;
        }
      } catch (const std::exception& e) {
        std::lock_guard lock(mutex);
        writer_error = e.what();
      }
      --writers_running;
    });
  }
  std::thread watcher([&] {
    pqxx::connection watch(database_url);
    std::optional<Clock::time_point> give_up;
    while (true) {
      int64_t position = 0;
      {
        pqxx::nontransaction tx(watch);
        position = tx.exec1("SELECT position FROM talent.role_match_progress")[0].as<int64_t>();
      }
      const Clock::time_point now = Clock::now();
      {
        std::lock_guard lock(mutex);
        // Writers commit concurrently, so `pending` is not in seq order: look at all of it.
        for (auto it = pending.begin(); it != pending.end();) {
          if (it->seq > position) {
            ++it;
            continue;
          }
          lag_us.push_back(
              std::chrono::duration_cast<std::chrono::microseconds>(now - it->commit).count());
          it = pending.erase(it);
        }
        if (writers_running == 0) {
          if (!give_up) give_up = now + std::chrono::seconds(30);
          if (pending.empty() || now >= *give_up) return;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  during();
  stop_writing = true;
  for (std::thread& writer : writers) writer.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - writing_start).count();
  watcher.join();

  return {.lag_us = std::move(lag_us),
          .updates = updates,
          .unseen = static_cast<int64_t>(pending.size()),
          .seconds = seconds,
          .error = writer_error};
}

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

nlohmann::json MeasureAlerts(const std::string& database_url, const std::string& address,
                             const PoolGenerator& pool, BenchIntake& intake,
                             const PhaseOptions& phase, const AlertsOptions& options) {
  nlohmann::json out;
  const auto search_client = [&](int) { return MakeSearchClient(address, pool.vocabulary()); };
  const CpuClock cpu(options.talent_server_pid, database_url);
  const auto cpu_json = [](const CpuSeconds& spent) {
    return nlohmann::json{{"talent_server_s", Round1(spent.talent_server)},
                          {"postgres_s", Round1(spent.postgres)}};
  };
  // (1) Search alone.
  const CpuSeconds cpu_start = cpu.Now();
  const PhaseResult alone = RunPhase(options.concurrency, phase, search_client);
  const CpuSeconds cpu_alone = cpu.Now() - cpu_start;

  std::vector<intake::v1::Role> roles;
  for (const BenchRole& role :
       GenerateBenchRoles(pool.vocabulary(), phase.seed, options.roles, options.shape)) {
    roles.push_back(ToIntakeRole(role, pool.vocabulary(), static_cast<int>(roles.size())));
  }
  CandidateWriter primer(database_url, pool, options.candidates, phase.seed);
  pqxx::connection conn(database_url);
  const auto progress = [&] {
    pqxx::nontransaction tx(conn);
    return tx.exec1("SELECT position FROM talent.role_match_progress")[0].as<int64_t>();
  };
  const auto matches_recorded = [&] {
    pqxx::nontransaction tx(conn);
    return tx.exec1("SELECT count(*) FROM talent.role_matches")[0].as<int64_t>();
  };
  // Publishes `watched` and waits until the worker has read them (two ListRoles calls after,
  // updates going on so that it runs) and caught up; an error message, or "".
  int64_t u = 0;
  const auto publish = [&](std::vector<intake::v1::Role> watched) -> std::string {
    intake.SetRoles(std::move(watched));
    const Clock::time_point start = Clock::now();
    int64_t last = 0;
    for (int k = 0; k < 20 || intake.calls_since_set() < 2; ++k) {
      last = primer.Update(u++);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (Clock::now() - start > std::chrono::seconds(120))
        return "the worker never read the roles";
    }
    while (progress() < last) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (Clock::now() - start > std::chrono::seconds(300)) {
        return "the worker did not catch up after the roles changed";
      }
    }
    return "";
  };

  // (2) Rounds, each the search phase under an update stream with no role watched and with the
  // roles watched, in turn first: A B, B A, A B, ... Each condition's figures pool its rounds.
  // Search under updates slows as a run goes on (some 10% from one phase to the next at 1M on
  // two cores, alerts or not), so a fixed order would charge that drift to whichever condition
  // always came second; alternating over an even number of rounds cancels a steady drift.
  PhaseResult updates_only, with_alerts;
  StreamResult stream_without, stream_with;
  CpuSeconds cpu_updates, cpu_alerts;
  int64_t matches = 0;
  nlohmann::json rounds = nlohmann::json::array();
  for (int round = 0; round < options.rounds; ++round) {
    nlohmann::json figures;
    const bool roles_first = round % 2 == 1;
    figures["first"] = roles_first ? "with_alerts" : "with_updates";
    for (const bool watching : {roles_first, !roles_first}) {
      if (std::string error = publish(watching ? roles : std::vector<intake::v1::Role>{});
          !error.empty()) {
        out["error"] = error;
        return out;
      }
      const int64_t matches_before = matches_recorded();
      const CpuSeconds cpu_before = cpu.Now();
      PhaseResult searched;
      const StreamResult stream =
          UnderUpdates(database_url, pool, options, phase.seed + 100 * (2 * round + watching + 1),
                       [&] { searched = RunPhase(options.concurrency, phase, search_client); });
      const CpuSeconds spent = cpu.Now() - cpu_before;
      PhaseResult& pooled = watching ? with_alerts : updates_only;
      pooled.samples.Merge(searched.samples);
      pooled.seconds += searched.seconds;
      for (int c = 0; c < kQueryClasses; ++c) {
        pooled.results[c] += searched.results[c];
        pooled.calls[c] += searched.calls[c];
      }
      if (pooled.first_error.empty()) pooled.first_error = searched.first_error;
      (watching ? stream_with : stream_without).Merge(stream);
      CpuSeconds& total = watching ? cpu_alerts : cpu_updates;
      total = {total.talent_server + spent.talent_server, total.postgres + spent.postgres};
      if (watching) matches += matches_recorded() - matches_before;
      figures[watching ? "search_p99_us_with_alerts" : "search_p99_us_with_updates"] =
          searched.Overall().p99_us;
      figures[watching ? "lag_p99_ms" : "lag_p99_ms_without_roles"] =
          stream.ToJson()["lag"]["p99_ms"];
    }
    rounds.push_back(std::move(figures));
  }

  const Summary without = alone.Overall();
  const Summary with_updates = updates_only.Overall();
  const Summary with = with_alerts.Overall();
  out["roles"] = options.roles;
  out["role_shape"] = options.shape == RoleShape::kOpenings ? "openings" : "search_mix";
  out["writers"] = options.writers;
  out["concurrency"] = options.concurrency;
  out["rounds"] = rounds;
  out["without_alerts"] = stream_without.ToJson();
  out["with_alerts"] = stream_with.ToJson();
  out["lag"] = out["with_alerts"]["lag"];
  out["update_rate_target_per_s"] = options.rate;
  out["update_rate_per_s"] = out["with_alerts"]["update_rate_per_s"];
  out["matches_recorded"] = matches;
  out["matches_per_update"] =
      Round1(static_cast<double>(matches) / std::max<double>(1, stream_with.updates));
  out["search_alone"] = alone.ToJson(true, "mean_total_size");
  out["search_with_updates"] = updates_only.ToJson(true, "mean_total_size");
  out["search_with_alerts"] = with_alerts.ToJson(true, "mean_total_size");
  out["search_p99_us_alone"] = without.p99_us;
  out["search_p99_us_with_updates"] = with_updates.p99_us;
  out["search_p99_us_with_alerts"] = with.p99_us;
  // The goal's figure: what watching the roles adds, the update stream being the same.
  out["search_p99_increase_percent"] = IncreasePercent(with_updates.p99_us, with.p99_us);
  out["search_p99_increase_over_alone_percent"] = IncreasePercent(without.p99_us, with.p99_us);
  // CPU seconds of the search alone (one phase) and of each condition (all rounds; they include
  // the wait for the last updates), and what the alerts add per update: a figure the machine's
  // other load changes far less than it changes latencies.
  out["cpu"] = {{"search_alone", cpu_json(cpu_alone)},
                {"with_updates", cpu_json(cpu_updates)},
                {"with_alerts", cpu_json(cpu_alerts)}};
  const double alert_updates = std::max<double>(1, static_cast<double>(stream_with.updates));
  out["cpu"]["alerts_ms_per_update"] = {
      {"talent_server",
       Round2(1000 * (cpu_alerts.talent_server - cpu_updates.talent_server) / alert_updates)},
      {"postgres", Round2(1000 * (cpu_alerts.postgres - cpu_updates.postgres) / alert_updates)}};
  for (const char* step : {"without_alerts", "with_alerts"}) {
    if (out[step].contains("error")) out["error"] = out[step]["error"];
  }
  return out;
}

}  // namespace meridian::bench
