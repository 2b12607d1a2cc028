// The door every call passes: who is calling, may they, how fast, and is this a retry.
//
// For each call of a RawRequestService method, in this order:
//   1. Authentication: the `authorization: Bearer <key>` metadata, checked by the
//      Authenticator. No key, a malformed, unknown, expired or revoked key: UNAUTHENTICATED,
//      one message for all.
//   2. Authorisation: the method's row in the access policy (common/auth/access_policy.h);
//      a role the row does not allow is PERMISSION_DENIED (audited when the RPC changes data).
//   3. The key's rate limit, or its role's when it has none (common/auth/rate_limiter.h):
//      RESOURCE_EXHAUSTED past it.
//   4. For an RPC that changes data: a request_id already served for this principal is
//      answered from its record; otherwise the change runs under a WriteRecorder, which
//      records the served request and the audit row in the change's own transaction.
// The on-behalf-of metadata (`x-meridian-on-behalf-of`, the person an internal tool acts for)
// is recorded beside the key's principal.
//
//   CallGate gate(pool);
//   IntakeGrpc intake(pool, gate);   // every adapter of the process shares the gate
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/auth/access_policy.h"
#include "common/auth/authenticator.h"
#include "common/auth/call_context.h"
#include "common/auth/rate_limiter.h"
#include "common/auth/served_requests.h"
#include "common/db/pool.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"

namespace meridian {

// The metadata that names the person an internal tool acts for (at most 200 printable
// characters; longer or other values are INVALID_ARGUMENT).
inline constexpr absl::string_view kOnBehalfOfMetadata = "x-meridian-on-behalf-of";

class CallGate final {
 public:
  using Clock = std::function<absl::Time()>;
  struct Options {
    Authenticator::Options authentication;
    RateLimiter::Options rate_limits;
    // How long a served request_id is remembered.
    absl::Duration request_retention = kDefaultRequestRetention;
    // How often the served requests past their retention are deleted (by the first call that
    // changes data after that time, on each replica).
    absl::Duration purge_interval = absl::Minutes(10);
  };

  explicit CallGate(db::ConnectionPool& pool) : CallGate(pool, Options()) {}
  CallGate(db::ConnectionPool& pool, Options options, Clock clock = absl::Now);

  // Runs one call of `rule.method` (see the file comment). `call` holds the deadline and the
  // method's short name and receives the caller; `body` fills `response` on success.
  absl::Status Run(grpc::ServerContext& context, const MethodRule& rule, CallContext& call,
                   const google::protobuf::Message& request, google::protobuf::Message& response,
                   const std::function<absl::Status(const CallContext&)>& body);

  const Options& options() const { return options_; }

 private:
  absl::Status Admit(grpc::ServerContext& context, const MethodRule& rule, CallContext& call,
                     const google::protobuf::Message& request);
  absl::Status RunChange(grpc::ServerContext& context, const MethodRule& rule,
                         const CallContext& call, const google::protobuf::Message& request,
                         google::protobuf::Message& response,
                         const std::function<absl::Status(const CallContext&)>& body);

  db::ConnectionPool& pool_;
  const Options options_;
  const Clock clock_;
  // Deletes expired served requests when purge_interval has passed since the last time.
  void PurgeWhenDue(absl::Time deadline);

  Authenticator authenticator_;
  RateLimiter rate_limiter_;
  std::atomic<int64_t> next_purge_unix_seconds_{0};
};

// What every service's wiring takes for access control: the gate's settings, and the key the
// service sends when it calls another service (empty for intake, which calls none).
struct AccessWiring {
  CallGate::Options gate = {};
  std::string peer_key = {};
};

}  // namespace meridian
