#include "common/server/rpc_call.h"

#include <chrono>
#include <exception>

#include "absl/time/clock.h"
#include "common/client/trace_metadata.h"
#include "common/db/loggable_error.h"
#include "common/db/pool.h"
#include "common/logging/log.h"
#include "common/metrics/metrics.h"
#include "common/server/grpc_status.h"
#include "common/util/ids.h"

namespace meridian {

std::mutex InFlightCalls::mutex_;
std::condition_variable InFlightCalls::changed_;
int InFlightCalls::count_ = 0;

int InFlightCalls::Count() {
  std::lock_guard lock(mutex_);
  return count_;
}

bool InFlightCalls::WaitForNone(absl::Time deadline) {
  std::unique_lock lock(mutex_);
  return changed_.wait_until(lock, absl::ToChronoTime(deadline), [] { return count_ == 0; });
}

void InFlightCalls::Add(int delta) {
  {
    std::lock_guard lock(mutex_);
    count_ += delta;
  }
  changed_.notify_all();
}

// Counts one call in flight for its lifetime.
class InFlightCall final {
 public:
  InFlightCall() { InFlightCalls::Add(1); }
  ~InFlightCall() { InFlightCalls::Add(-1); }
  InFlightCall(const InFlightCall&) = delete;
  InFlightCall& operator=(const InFlightCall&) = delete;
};

grpc::Status RunRpc(grpc::ServerContext* context, absl::string_view method,
                    absl::string_view request_id,
                    const std::function<absl::Status(RpcContext&)>& body) {
  // Ends after the log line: shutdown waits for it before it says "stopped".
  const InFlightCall in_flight;
  // The trace id the caller sent (or a new one), on every line of this call and passed on to
  // every call it makes; the caller gets it back in the initial metadata.
  std::string trace_id;
  if (auto sent = context->client_metadata().find(std::string(kTraceIdMetadata));
      sent != context->client_metadata().end()) {
    trace_id.assign(sent->second.data(), sent->second.size());
  }
  if (!IsUsableTraceId(trace_id)) trace_id = NewResourceId();
  context->AddInitialMetadata(std::string(kTraceIdMetadata), trace_id);
  const log::ScopedTraceId trace(trace_id);
  Metrics().rpc_in_flight.Increment();
  const absl::Time start = absl::Now();
  // gRPC's sync server does not stop a handler whose call was cancelled; at least its
  // transactions must not commit what the caller was told failed.
  const db::CommitGuard commit_guard([context] { return context->IsCancelled(); });
  RpcContext rpc;
  rpc.method = std::string(method);
  rpc.request_id = std::string(request_id);
  rpc.deadline = start + kDefaultRpcDeadline;
  if (context->deadline() != std::chrono::system_clock::time_point::max()) {
    rpc.deadline = std::min(rpc.deadline, absl::FromChrono(context->deadline()));
  }
  absl::Status status;
  try {
    status = body(rpc);
  } catch (const std::exception& e) {
    log::Error("unhandled exception", {{"method", method}, {"error", db::LoggableError(e.what())}});
    status = absl::InternalError("internal error");
  }
  log::Fields fields = {
      {"method", method},
      {"code", absl::StatusCodeToString(status.code())},
      {"latency_ms", absl::ToDoubleMilliseconds(absl::Now() - start)},
  };
  // Both are caller-controlled: bounded, so one request cannot write a huge log line.
  if (!request_id.empty()) fields["request_id"] = std::string(request_id.substr(0, 128));
  if (!rpc.caller.principal.empty()) fields["principal"] = rpc.caller.principal;
  if (!rpc.caller.on_behalf_of.empty()) fields["on_behalf_of"] = rpc.caller.on_behalf_of;
  if (!status.ok()) fields["error"] = std::string(status.message().substr(0, 2000));
  Metrics().rpc_in_flight.Decrement();
  RecordRpc(method, status.code(), absl::Now() - start);
  log::Write(status.ok() || status.code() != absl::StatusCode::kInternal ? log::Severity::kInfo
                                                                         : log::Severity::kError,
             "rpc", fields);
  return ToGrpcStatus(status);
}

}  // namespace meridian
