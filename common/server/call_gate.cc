#include "common/server/call_gate.h"

#include <optional>
#include <string>

#include "common/api/idempotency.h"
#include "common/auth/api_key.h"
#include "common/errors/errors.h"
#include "common/logging/log.h"

namespace meridian {
namespace {

// How many values of `key` the call carries.
size_t MetadataCount(const grpc::ServerContext& context, absl::string_view key) {
  return context.client_metadata().count(grpc::string_ref(key.data(), key.size()));
}

// The value of `key`; nullopt when the call has none, or more than one: two values are
// ambiguous (which one would a proxy, a log or the next server read?), so neither is used.
std::optional<std::string> Metadata(const grpc::ServerContext& context, absl::string_view key) {
  if (MetadataCount(context, key) != 1) return std::nullopt;
  auto it = context.client_metadata().find(grpc::string_ref(key.data(), key.size()));
  return std::string(it->second.data(), it->second.size());
}

absl::Status CheckOnBehalfOf(absl::string_view value) {
  if (value.size() > 200) {
    return InvalidArgument(kOnBehalfOfMetadata, "must be at most 200 characters");
  }
  for (char c : value) {
    if (c < 0x20 || c > 0x7e) {
      return InvalidArgument(kOnBehalfOfMetadata, "must be printable ASCII");
    }
  }
  return absl::OkStatus();
}

}  // namespace

CallGate::CallGate(db::ConnectionPool& pool, Options options, Clock clock)
    : pool_(pool),
      options_(options),
      clock_(std::move(clock)),
      authenticator_(pool, options.authentication, clock_),
      rate_limiter_(options.rate_limits) {}

absl::Status CallGate::Admit(grpc::ServerContext& context, const MethodRule& rule,
                             CallContext& call, const google::protobuf::Message& request) {
  std::optional<std::string> authorization = Metadata(context, "authorization");
  std::optional<std::string> key =
      authorization.has_value() ? BearerKey(*authorization) : std::nullopt;
  absl::StatusOr<KeyGrant> grant = authenticator_.Authenticate(key.value_or(""), call.deadline);
  if (!grant.ok()) {
    if (grant.status().code() == absl::StatusCode::kUnauthenticated) {
      return WithReason(grant.status(), common::v1::UNAUTHENTICATED);
    }
    return grant.status();
  }
  call.caller = grant->caller;
  if (MetadataCount(context, kOnBehalfOfMetadata) > 1) {
    return InvalidArgument(kOnBehalfOfMetadata, "must be sent at most once");
  }
  if (std::optional<std::string> acting = Metadata(context, kOnBehalfOfMetadata)) {
    if (absl::Status valid = CheckOnBehalfOf(*acting); !valid.ok()) return valid;
    call.caller.on_behalf_of = *acting;
  }
  if (!rule.Allows(call.caller.role)) {
    if (rule.mutates) {
      // Best effort: the refusal stands whether or not its record could be written.
      absl::Status recorded = RecordRefusedChange(pool_, call, rule.method, request);
      if (!recorded.ok()) {
        log::Warning("audit record of a refused change not written",
                     {{"method", rule.method}, {"principal", call.caller.principal}});
      }
    }
    return WithReason(absl::PermissionDeniedError(absl::StrCat("role ", RoleName(call.caller.role),
                                                               " may not call ", call.method)),
                      common::v1::PERMISSION_DENIED, {{"role", RoleName(call.caller.role)}});
  }
  return rate_limiter_.Admit(call.caller.principal,
                             rate_limiter_.LimitFor(call.caller.role, grant->rate_limit), clock_());
}

absl::Status CallGate::Run(grpc::ServerContext& context, const MethodRule& rule, CallContext& call,
                           const google::protobuf::Message& request,
                           google::protobuf::Message& response,
                           const std::function<absl::Status(const CallContext&)>& body) {
  if (absl::Status admitted = Admit(context, rule, call, request); !admitted.ok()) {
    return admitted;
  }
  if (!rule.mutates) return body(call);
  return RunChange(context, rule, call, request, response, body);
}

void CallGate::PurgeWhenDue(absl::Time deadline) {
  const int64_t now = absl::ToUnixSeconds(clock_());
  int64_t due = next_purge_unix_seconds_.load();
  if (now < due) return;
  const int64_t next = now + absl::ToInt64Seconds(options_.purge_interval);
  // One call per interval does it; the others go on at once.
  if (!next_purge_unix_seconds_.compare_exchange_strong(due, next)) return;
  // Its own transaction, outside the call's: a failure here costs the call nothing.
  absl::StatusOr<int64_t> purged = PurgeServedRequests(pool_, deadline, options_.request_retention);
  if (!purged.ok()) {
    log::Warning("expired served requests not purged; will retry",
                 {{"error", purged.status().message()}});
  } else if (*purged > 0) {
    log::Info("expired served requests purged", {{"count", *purged}});
  }
}

absl::Status CallGate::RunChange(grpc::ServerContext& context, const MethodRule& rule,
                                 const CallContext& call, const google::protobuf::Message& request,
                                 google::protobuf::Message& response,
                                 const std::function<absl::Status(const CallContext&)>& body) {
  // Answers from the record of a request already served, when there is one.
  auto answer_retry = [&]() -> std::optional<absl::Status> {
    absl::StatusOr<std::optional<ServedRequest>> served =
        FindServedRequest(pool_, call, rule.method, options_.request_retention);
    if (!served.ok()) return served.status();
    if (!served->has_value()) return std::nullopt;
    if (absl::Status same = CheckSameRequest(**served, request); !same.ok()) return same;
    if (!response.ParseFromString((*served)->response)) {
      log::Error("a served request's response does not parse", {{"method", rule.method}});
      return absl::InternalError("internal error");
    }
    return absl::OkStatus();
  };

  PurgeWhenDue(call.deadline);
  if (!call.request_id.empty()) {
    if (absl::Status valid = ValidateRequestId(call.request_id); !valid.ok()) return valid;
    if (std::optional<absl::Status> retried = answer_retry()) return *retried;
  }
  WriteRecorder recorder(call, rule.method, request, *response.GetDescriptor(),
                         options_.request_retention);
  absl::Status status;
  {
    const db::CommitGuard guard([&context] { return context.IsCancelled(); }, &recorder);
    status = body(call);
  }
  if (status.ok() || call.request_id.empty()) return status;
  // A concurrent first attempt with the same id may have won while this one ran (this one then
  // rolled back, or failed on what the winner wrote, e.g. the same email): its answer is ours.
  std::optional<absl::Status> retried = answer_retry();
  if (retried.has_value() &&
      (retried->ok() || retried->code() == absl::StatusCode::kInvalidArgument)) {
    return *retried;
  }
  if (WriteRecorder::IsRaced(status)) {
    return WithReason(absl::AbortedError("a concurrent request with the same request_id won; "
                                         "retry the request"),
                      common::v1::CONCURRENT_CONFLICT);
  }
  return status;
}

}  // namespace meridian
