// Closed-loop load: `concurrency` client threads, each with its own client (gRPC channel or
// PostgreSQL connection), issue one call after another for a fixed time. Each thread walks its
// own QueryMix stream, so the search and the SQL phases answer the same queries in the same
// order.
//
//   PhaseResult result = RunPhase(/*concurrency=*/8, options, [&](int thread) {
//     return std::make_unique<SearchClient>(address, vocabulary);
//   });
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "bench/cpu_time.h"
#include "bench/latency.h"
#include "bench/pool.h"
#include "bench/queries.h"
#include "grpcpp/channel.h"
#include "meridian/talent/v1/talent.pb.h"
#include "nlohmann/json.hpp"

namespace meridian::bench {

// One thread's client. Prepare (not timed) turns a query into what the call sends; Call (timed)
// sends it and returns how many results came back (search: the matches' total_size), or -1 on
// failure (error() then says why).
class PhaseClient {
 public:
  virtual ~PhaseClient() = default;
  virtual void Prepare(const BenchQuery& query) = 0;
  virtual int64_t Call() = 0;
  const std::string& error() const { return error_; }

 protected:
  std::string error_;
};

// grpc.health.v1.Health/Check of "" (the process itself): the transport's floor.
// Makes an ADMIN API key in the bench's database (after its migrations) and sends it on every
// call of the channels BenchChannel makes from now on.
void UseBenchApiKey(const std::string& database_url);

// A channel of its own (its own TCP connection), as separate client processes would have,
// whose calls carry the bench's API key.
std::shared_ptr<grpc::Channel> BenchChannel(const std::string& address);

std::unique_ptr<PhaseClient> MakeNoopClient(const std::string& address);
// SearchCandidates with the query's inline criteria, in `view` (FULL: what recruiters see).
std::unique_ptr<PhaseClient> MakeSearchClient(
    const std::string& address, const SkillVocabulary& vocabulary,
    talent::v1::CandidateMatchView view = talent::v1::FULL);
// The SQL baseline through libpqxx, one connection per thread.
std::unique_ptr<PhaseClient> MakeSqlClient(const std::string& database_url);

struct PhaseOptions {
  const SkillVocabulary* vocabulary = nullptr;
  // When set, the phase also measures the CPU its calls cost over the measured time: the
  // server's (and PostgreSQL's) from /proc, and this process's own (the clients').
  const CpuClock* cpu = nullptr;
  uint64_t seed = 0;
  double warmup_seconds = 1;
  double seconds = 10;
  // Only queries of this class instead of the mix (for profiling one class).
  std::optional<QueryClass> only_class;
};

struct PhaseResult {
  Samples samples;
  double seconds = 0;  // the measured time (after the warm-up)
  // Per query class: calls and the sum of their result sizes.
  int64_t results[kQueryClasses] = {};
  int64_t calls[kQueryClasses] = {};
  std::string first_error;
  // CPU seconds over the measured time (PhaseOptions::cpu; negative when not measured).
  double server_cpu_seconds = -1;
  double client_cpu_seconds = -1;

  // {p50_us, p99_us, qps, ..., errors, classes: {selective: {...}, ...}}; without classes for
  // the no-op phase. With the CPU measured, also server_cpu_us_per_call and
  // client_cpu_us_per_call (over every call of the phase, whatever its class).
  nlohmann::json ToJson(bool with_classes, const char* result_name) const;
  Summary Overall() const;
  Summary OfClass(int query_class) const;
};

PhaseResult RunPhase(int concurrency, const PhaseOptions& options,
                     const std::function<std::unique_ptr<PhaseClient>(int thread)>& make_client);

}  // namespace meridian::bench
