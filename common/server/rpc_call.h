// Runs one unary RPC's business logic and does what every RPC needs around it: the
// caller's deadline, the access log line and the mapping of the result to grpc::Status. It
// also counts the calls in flight (shutdown waits for them) and makes the call's database
// transactions roll back instead of committing once its caller has gone (cancelled, past its
// deadline, or cancelled by the shutdown), since that caller was told the call failed.
//
//   grpc::Status CreateClient(grpc::ServerContext* context, const CreateClientRequest* request,
//                             Client* response) override {
//     return RunRpc(context, "CreateClient", request->request_id(), [&](RpcContext& rpc) {
//       return AssignOrReturn(core_.CreateClient(*request, rpc), *response);
//     });
//   }
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/call_context.h"
#include "grpcpp/server_context.h"

namespace meridian {

// What business logic may know about the call (no gRPC types): common/auth/call_context.h.
using RpcContext = CallContext;

// Deadline used when the caller sets none, so no call holds a database connection forever.
inline constexpr absl::Duration kDefaultRpcDeadline = absl::Seconds(30);

// The calls inside RunRpc right now, in the whole process.
class InFlightCalls final {
 public:
  static int Count();
  // Waits until there is none; false if some still run at the deadline.
  static bool WaitForNone(absl::Time deadline);

 private:
  friend class InFlightCall;
  static void Add(int delta);
  static std::mutex mutex_;
  static std::condition_variable changed_;
  static int count_;
};

// `body` may fill in the context's caller (the call gate does), for the access log line.
grpc::Status RunRpc(grpc::ServerContext* context, absl::string_view method,
                    absl::string_view request_id,
                    const std::function<absl::Status(RpcContext&)>& body);

// Moves the value of `result` into `response`, or returns its error.
template <typename T>
absl::Status AssignOrReturn(absl::StatusOr<T> result, T& response) {
  if (!result.ok()) return result.status();
  response = std::move(*result);
  return absl::OkStatus();
}

}  // namespace meridian
