#include "bench/freshness.h"

#include "bench/phases.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "bench/latency.h"
#include "bench/loader.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "pqxx/pqxx"

namespace meridian::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kUnseenAfter = std::chrono::seconds(5);

talent::v1::SearchCandidatesRequest ProbeSearch(const SkillVocabulary& vocabulary) {
  talent::v1::SearchCandidatesRequest request;
  talent::v1::SearchCriteria& criteria = *request.mutable_criteria();
  auto* skill = criteria.add_required_skills();
  skill->set_skill(vocabulary.ids[static_cast<size_t>(vocabulary.probe_skill)]);
  auto* hours = criteria.mutable_working_hours();
  hours->set_time_zone("UTC");
  hours->set_start("09:00");
  hours->set_end("17:00");
  criteria.set_min_overlap_hours(0);
  criteria.mutable_monthly_budget()->set_currency_code("USD");
  criteria.mutable_monthly_budget()->set_units(kProbeBudget);
  const absl::CivilDay reference = ReferenceDay();
  request.mutable_reference_date()->set_year(static_cast<int32_t>(reference.year()));
  request.mutable_reference_date()->set_month(reference.month());
  request.mutable_reference_date()->set_day(reference.day());
  request.set_page_size(200);
  return request;
}

double Round1(double x) { return std::round(x * 10) / 10; }

}  // namespace

nlohmann::json MeasureFreshness(const std::string& database_url, const std::string& address,
                                const PoolGenerator& pool, const FreshnessOptions& options) {
  const int probes = options.probes;
  std::unordered_map<std::string, int> probe_by_name;
  std::vector<std::string> probe_ids;
  GeneratedCandidate candidate;
  for (int k = 0; k < probes; ++k) {
    pool.GenerateProbe(k, kProbeHiddenRate, candidate);
    probe_ids.push_back(candidate.id);
    probe_by_name[absl::StrCat("candidates/", candidate.id)] = k;
  }

  struct Pending {
    bool active = false;
    bool visible = false;
    Clock::time_point commit;
  };
  std::mutex mutex;
  std::vector<Pending> pending(static_cast<size_t>(probes));
  std::vector<int64_t> fresh_us;
  int64_t superseded = 0;
  int64_t updates = 0;
  std::string writer_error;
  std::atomic<bool> writer_done{false};
  double writer_seconds = 0;

  const auto total = static_cast<int64_t>(std::llround(options.rate * options.seconds));
  std::thread writer([&] {
    try {
      pqxx::connection conn(database_url);
      // What the talent service does for every candidate write (talent_store.cc):
      // UpdateCandidate, then RecordCandidateChange, in one transaction.
      conn.prepare("update",
                   "UPDATE talent.candidates SET body = $2::jsonb, version = version + 1, "
                   "update_time = now() WHERE id = $1");
      conn.prepare("lock", "SELECT pg_advisory_xact_lock($1)");
      conn.prepare("change", "INSERT INTO talent.candidate_changes (candidate_id) VALUES ($1)");
      GeneratedCandidate probe;
      const Clock::time_point start = Clock::now();
      for (int64_t u = 0; u < total; ++u) {
        std::this_thread::sleep_until(
            start + std::chrono::duration_cast<Clock::duration>(
                        std::chrono::duration<double>(static_cast<double>(u) / options.rate)));
        const int k = static_cast<int>(u % probes);
        const bool visible = (u / probes) % 2 == 0;
        pool.GenerateProbe(k, (visible ? kProbeVisibleRate : kProbeHiddenRate) + u % 100, probe);
        const std::string body = pool.BodyJson(probe);
        pqxx::work tx(conn);
        if (tx.exec_prepared("update", probe.id, body).affected_rows() != 1) {
          throw std::runtime_error("a freshness probe is missing from talent.candidates");
        }
        tx.exec_prepared("lock", kCandidateChangesLock);
        tx.exec_prepared("change", probe.id);
        tx.commit();
        const Clock::time_point committed = Clock::now();
        std::lock_guard lock(mutex);
        Pending& slot = pending[static_cast<size_t>(k)];
        if (slot.active) ++superseded;
        slot = {true, visible, committed};
        ++updates;
      }
      writer_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    } catch (const std::exception& e) {
      std::lock_guard lock(mutex);
      writer_error = e.what();
    }
    writer_done = true;
  });

  auto stub = talent::v1::TalentService::NewStub(BenchChannel(address));
  const talent::v1::SearchCandidatesRequest request = ProbeSearch(pool.vocabulary());
  std::vector<int64_t> poll_us;
  int64_t poll_errors = 0;
  std::string poll_error;
  int64_t max_total_size = 0;
  std::optional<Clock::time_point> give_up_at;
  std::vector<char> visible(static_cast<size_t>(probes));
  while (true) {
    if (writer_done) {
      if (!give_up_at) give_up_at = Clock::now() + kUnseenAfter;
      std::lock_guard lock(mutex);
      const bool any =
          std::any_of(pending.begin(), pending.end(), [](const Pending& p) { return p.active; });
      if (!any || Clock::now() >= *give_up_at) break;
    }
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    talent::v1::SearchCandidatesResponse response;
    const Clock::time_point sent = Clock::now();
    const grpc::Status status = stub->SearchCandidates(&context, request, &response);
    const Clock::time_point arrived = Clock::now();
    if (!status.ok()) {
      ++poll_errors;
      poll_error = status.error_message();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    poll_us.push_back(
        std::chrono::duration_cast<std::chrono::microseconds>(arrived - sent).count());
    max_total_size = std::max<int64_t>(max_total_size, response.total_size());
    std::fill(visible.begin(), visible.end(), 0);
    for (const talent::v1::CandidateMatch& match : response.matches()) {
      auto it = probe_by_name.find(match.candidate().name());
      if (it != probe_by_name.end()) visible[static_cast<size_t>(it->second)] = 1;
    }
    std::lock_guard lock(mutex);
    for (size_t k = 0; k < pending.size(); ++k) {
      Pending& slot = pending[k];
      if (slot.active && (visible[k] != 0) == slot.visible) {
        fresh_us.push_back(
            std::chrono::duration_cast<std::chrono::microseconds>(arrived - slot.commit).count());
        slot.active = false;
      }
    }
  }
  writer.join();

  int64_t unseen = 0;
  for (const Pending& slot : pending) unseen += slot.active ? 1 : 0;
  const Summary fresh = Summarize(fresh_us, 0);
  const Summary polls = Summarize(poll_us, 0);
  nlohmann::json out = {
      {"p50_ms", Round1(static_cast<double>(fresh.p50_us) / 1000)},
      {"p99_ms", Round1(static_cast<double>(fresh.p99_us) / 1000)},
      {"max_ms", Round1(static_cast<double>(fresh.max_us) / 1000)},
      {"mean_ms", Round1(fresh.mean_us / 1000)},
      {"updates", updates},
      {"measured", fresh.count},
      {"superseded", superseded},
      {"unseen", unseen},
      {"update_rate_target_per_s", options.rate},
      {"update_rate_per_s",
       writer_seconds > 0 ? Round1(static_cast<double>(updates) / writer_seconds) : 0.0},
      {"seconds", options.seconds},
      {"probes", probes},
      {"polls", polls.count},
      {"poll_p50_us", polls.p50_us},
      {"poll_p99_us", polls.p99_us},
      {"poll_errors", poll_errors}};
  if (max_total_size > 200) out["warning"] = "more than 200 probes matched the probe search";
  if (!poll_error.empty()) out["poll_error"] = poll_error;
  if (!writer_error.empty()) out["error"] = writer_error;
  return out;
}

}  // namespace meridian::bench
