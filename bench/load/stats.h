// Per-RPC figures of a load run: latencies of the calls that succeeded and every non-OK status
// by its code, recorded from any thread (gRPC's callback threads), summarised at the end.
//
//   RpcStats stats;
//   stats.Record("CreateCandidate", grpc::Status::OK, /*micros=*/1800);
//   nlohmann::json table = stats.ToJson(/*seconds=*/60);   // {"CreateCandidate": {...}, ...}
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "grpcpp/support/status.h"
#include "nlohmann/json.hpp"

namespace meridian::bench::load {

// "NOT_FOUND" for grpc::StatusCode::NOT_FOUND.
std::string CodeName(grpc::StatusCode code);

class RpcStats final {
 public:
  void Record(const std::string& rpc, const grpc::Status& status, int64_t micros);

  // {rpc: {count, ok, qps, p50_us, p90_us, p99_us, max_us, mean_us, errors: {CODE: n},
  //  first_errors: [...]}}; latencies are those of the OK calls, qps counts OK calls.
  nlohmann::json ToJson(double seconds) const;
  // Calls answered with `code`, over every RPC.
  int64_t CountOf(grpc::StatusCode code) const;
  int64_t OkCount(const std::string& rpc) const;
  // The OK calls of every RPC `include` accepts, as one summary (e.g. all writes).
  nlohmann::json SummarizeWhere(const std::function<bool(const std::string&)>& include,
                                double seconds) const;

 private:
  struct PerRpc {
    std::vector<int64_t> ok_micros;
    std::map<std::string, int64_t> errors;
    std::vector<std::string> first_errors;
  };
  mutable absl::Mutex mutex_;
  std::map<std::string, PerRpc> rpcs_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace meridian::bench::load
