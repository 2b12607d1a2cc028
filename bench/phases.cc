#include "bench/phases.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/auth/key_store.h"
#include "common/client/keyed_channel.h"
#include "common/util/ids.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "pqxx/pqxx"

namespace meridian::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kCallTimeout = std::chrono::seconds(60);

std::string& BenchApiKey() {
  static std::string* const key = new std::string();
  return *key;
}

std::shared_ptr<grpc::Channel> OwnChannel(const std::string& address) {
  return BenchChannel(address);
}

}  // namespace

void UseBenchApiKey(const std::string& database_url) {
  pqxx::connection connection(database_url);
  pqxx::work tx(connection);
  key_store::NewKey record;
  record.display_name = "search bench";
  record.role = access::v1::ADMIN;
  // The most a key may have: the bench measures the engine, not the role's default limit,
  // which eight clients of a fast search reach (2,000 a second for ADMIN).
  access::v1::RateLimit unthrottled;
  unthrottled.set_requests_per_second(100000);
  unthrottled.set_burst(100000);
  record.rate_limit = unthrottled;
  const std::string key = key_store::InsertNewApiKey(tx, NewResourceId(), record);
  tx.commit();
  BenchApiKey() = key;
}

std::shared_ptr<grpc::Channel> BenchChannel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetMaxReceiveMessageSize(64 << 20);
  return CreateKeyedChannel(address, grpc::InsecureChannelCredentials(), {.key = BenchApiKey()},
                            args);
}

namespace {

class NoopClient final : public PhaseClient {
 public:
  explicit NoopClient(const std::string& address)
      : stub_(grpc::health::v1::Health::NewStub(OwnChannel(address))) {}
  void Prepare(const BenchQuery&) override {}
  int64_t Call() override {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status = stub_->Check(&context, request_, &response);
    if (!status.ok()) {
      error_ = absl::StrCat("health Check: ", status.error_message());
      return -1;
    }
    return 0;
  }

 private:
  std::unique_ptr<grpc::health::v1::Health::Stub> stub_;
  grpc::health::v1::HealthCheckRequest request_;
};

class SearchClient final : public PhaseClient {
 public:
  SearchClient(const std::string& address, const SkillVocabulary& vocabulary,
               talent::v1::CandidateMatchView view)
      : stub_(talent::v1::TalentService::NewStub(OwnChannel(address))),
        vocabulary_(vocabulary),
        view_(view) {}
  void Prepare(const BenchQuery& query) override {
    request_ = ToSearchRequest(query, vocabulary_);
    request_.set_view(view_);
  }
  int64_t Call() override {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    talent::v1::SearchCandidatesResponse response;
    const grpc::Status status = stub_->SearchCandidates(&context, request_, &response);
    if (!status.ok()) {
      error_ = absl::StrCat("SearchCandidates: ", status.error_code(), " ", status.error_message());
      return -1;
    }
    return response.total_size();
  }

 private:
  std::unique_ptr<talent::v1::TalentService::Stub> stub_;
  const SkillVocabulary& vocabulary_;
  const talent::v1::CandidateMatchView view_;
  talent::v1::SearchCandidatesRequest request_;
};

class SqlClient final : public PhaseClient {
 public:
  explicit SqlClient(const std::string& url) : conn_(url) {}
  void Prepare(const BenchQuery& query) override { sql_ = ToSql(query); }
  int64_t Call() override {
    try {
      pqxx::nontransaction tx(conn_);
      const pqxx::result rows = tx.exec(sql_);
      int64_t count = 0;
      for (const pqxx::row& row : rows) {
        // Read what a caller would: the id and the score.
        count += row[0].size() > 0 && row[1].as<double>() >= 0 ? 1 : 0;
      }
      return count;
    } catch (const std::exception& e) {
      error_ = absl::StrCat("SQL baseline: ", e.what());
      return -1;
    }
  }

 private:
  pqxx::connection conn_;
  std::string sql_;
};

}  // namespace

std::unique_ptr<PhaseClient> MakeNoopClient(const std::string& address) {
  return std::make_unique<NoopClient>(address);
}

std::unique_ptr<PhaseClient> MakeSearchClient(const std::string& address,
                                              const SkillVocabulary& vocabulary,
                                              talent::v1::CandidateMatchView view) {
  return std::make_unique<SearchClient>(address, vocabulary, view);
}

std::unique_ptr<PhaseClient> MakeSqlClient(const std::string& database_url) {
  return std::make_unique<SqlClient>(database_url);
}

PhaseResult RunPhase(int concurrency, const PhaseOptions& options,
                     const std::function<std::unique_ptr<PhaseClient>(int thread)>& make_client) {
  std::vector<std::unique_ptr<PhaseClient>> clients;
  for (int t = 0; t < concurrency; ++t) clients.push_back(make_client(t));

  struct ThreadResult {
    Samples samples;
    Clock::time_point last_done;
    int64_t results[kQueryClasses] = {};
    int64_t calls[kQueryClasses] = {};
  };
  std::vector<ThreadResult> per_thread(static_cast<size_t>(concurrency));
  const auto to_duration = [](double seconds) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  };
  const Clock::time_point begin = Clock::now();
  const Clock::time_point measure_from = begin + to_duration(options.warmup_seconds);
  const Clock::time_point end = measure_from + to_duration(options.seconds);

  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&, t] {
      PhaseClient& client = *clients[static_cast<size_t>(t)];
      ThreadResult& mine = per_thread[static_cast<size_t>(t)];
      QueryMix mix(*options.vocabulary, options.seed, static_cast<uint64_t>(t));
      mine.last_done = measure_from;
      while (true) {
        const BenchQuery query = options.only_class ? mix.Next(*options.only_class) : mix.Next();
        client.Prepare(query);
        const Clock::time_point start = Clock::now();
        if (start >= end) break;
        const int64_t result = client.Call();
        const Clock::time_point done = Clock::now();
        mine.last_done = done;
        if (start < measure_from) continue;
        const int query_class = static_cast<int>(query.query_class);
        if (result < 0) {
          mine.samples.AddError();
          continue;
        }
        mine.samples.Add(
            query_class,
            std::chrono::duration_cast<std::chrono::microseconds>(done - start).count());
        mine.results[query_class] += result;
        ++mine.calls[query_class];
      }
    });
  }
  // The CPU of the measured time, read from here while the clients call.
  PhaseResult result;
  if (options.cpu != nullptr) {
    std::this_thread::sleep_until(measure_from);
    const CpuSeconds server_from = options.cpu->Now();
    const double client_from = OwnCpuSeconds();
    std::this_thread::sleep_until(end);
    result.server_cpu_seconds = (options.cpu->Now() - server_from).talent_server;
    result.client_cpu_seconds = OwnCpuSeconds() - client_from;
  }
  for (std::thread& thread : threads) thread.join();

  Clock::time_point last = end;
  for (size_t t = 0; t < per_thread.size(); ++t) {
    result.samples.Merge(per_thread[t].samples);
    last = std::max(last, per_thread[t].last_done);
    for (int c = 0; c < kQueryClasses; ++c) {
      result.results[c] += per_thread[t].results[c];
      result.calls[c] += per_thread[t].calls[c];
    }
    if (result.first_error.empty()) result.first_error = clients[t]->error();
  }
  result.seconds = std::chrono::duration<double>(last - measure_from).count();
  return result;
}

Summary PhaseResult::Overall() const { return Summarize(samples.all(), seconds); }

Summary PhaseResult::OfClass(int query_class) const {
  return Summarize(samples.of_class(query_class), seconds);
}

nlohmann::json PhaseResult::ToJson(bool with_classes, const char* result_name) const {
  nlohmann::json out = Overall().ToJson();
  out["errors"] = samples.errors();
  out["seconds"] = std::round(seconds * 1000) / 1000;
  if (!first_error.empty()) out["first_error"] = first_error;
  int64_t all_calls = 0;
  for (int c = 0; c < kQueryClasses; ++c) all_calls += calls[c];
  if (server_cpu_seconds >= 0 && all_calls > 0) {
    out["server_cpu_us_per_call"] = std::round(server_cpu_seconds * 1e6 / all_calls);
    out["client_cpu_us_per_call"] = std::round(client_cpu_seconds * 1e6 / all_calls);
  }
  if (with_classes) {
    nlohmann::json classes = nlohmann::json::object();
    for (int c = 0; c < kQueryClasses; ++c) {
      nlohmann::json entry = OfClass(c).ToJson();
      entry[result_name] =
          calls[c] == 0 ? 0.0 : std::round(static_cast<double>(results[c]) / calls[c] * 10) / 10;
      classes[kQueryClassNames[static_cast<size_t>(c)]] = entry;
    }
    out["classes"] = classes;
  }
  return out;
}

}  // namespace meridian::bench
