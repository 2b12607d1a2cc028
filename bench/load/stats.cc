#include "bench/load/stats.h"

#include "absl/strings/str_cat.h"
#include "bench/latency.h"

namespace meridian::bench::load {
namespace {

// Error messages kept per RPC, for a reader who wants to know what went wrong.
constexpr size_t kFirstErrorsKept = 3;

}  // namespace

std::string CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    default:
      return absl::StrCat("CODE_", static_cast<int>(code));
  }
}

void RpcStats::Record(const std::string& rpc, const grpc::Status& status, int64_t micros) {
  absl::MutexLock lock(&mutex_);
  PerRpc& per_rpc = rpcs_[rpc];
  if (status.ok()) {
    per_rpc.ok_micros.push_back(micros);
    return;
  }
  ++per_rpc.errors[CodeName(status.error_code())];
  if (per_rpc.first_errors.size() < kFirstErrorsKept) {
    per_rpc.first_errors.push_back(
        absl::StrCat(CodeName(status.error_code()), ": ", status.error_message()));
  }
}

nlohmann::json RpcStats::ToJson(double seconds) const {
  absl::MutexLock lock(&mutex_);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [rpc, per_rpc] : rpcs_) {
    nlohmann::json entry = Summarize(per_rpc.ok_micros, seconds).ToJson();
    int64_t failed = 0;
    for (const auto& [code, count] : per_rpc.errors) failed += count;
    entry["ok"] = static_cast<int64_t>(per_rpc.ok_micros.size());
    entry["count"] = static_cast<int64_t>(per_rpc.ok_micros.size()) + failed;
    entry["errors"] = per_rpc.errors;
    if (!per_rpc.first_errors.empty()) entry["first_errors"] = per_rpc.first_errors;
    out[rpc] = std::move(entry);
  }
  return out;
}

int64_t RpcStats::CountOf(grpc::StatusCode code) const {
  absl::MutexLock lock(&mutex_);
  int64_t total = 0;
  for (const auto& [rpc, per_rpc] : rpcs_) {
    const auto found = per_rpc.errors.find(CodeName(code));
    if (found != per_rpc.errors.end()) total += found->second;
  }
  return total;
}

int64_t RpcStats::OkCount(const std::string& rpc) const {
  absl::MutexLock lock(&mutex_);
  const auto found = rpcs_.find(rpc);
  return found == rpcs_.end() ? 0 : static_cast<int64_t>(found->second.ok_micros.size());
}

nlohmann::json RpcStats::SummarizeWhere(const std::function<bool(const std::string&)>& include,
                                        double seconds) const {
  absl::MutexLock lock(&mutex_);
  std::vector<int64_t> micros;
  for (const auto& [rpc, per_rpc] : rpcs_) {
    if (include(rpc))
      micros.insert(micros.end(), per_rpc.ok_micros.begin(), per_rpc.ok_micros.end());
  }
  return Summarize(std::move(micros), seconds).ToJson();
}

}  // namespace meridian::bench::load
