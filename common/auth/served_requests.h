// Safe retries and the audit log, for every RPC that changes data, in one place.
//
// A call that changes data runs under a WriteRecorder (installed by the RPC layer as the
// call's db::CommitHook). Just before the transaction that produces the call's response
// commits, the recorder writes, in that same transaction:
//   - the served request (principal, method, request_id, the request's fingerprint and the
//     response), when the request has a request_id, so that a retry gets the first response
//     back without the work running twice;
//   - the audit record (principal, role, agency, on-behalf-of, RPC, resource, request_id,
//     time, outcome OK).
// So a committed change always has both, and a change that rolled back has neither.
//
// Before running the call, the RPC layer looks the request_id up (FindServedRequest): a
// retry is answered from the record; the same id with another request is INVALID_ARGUMENT.
// Two first attempts racing with the same id: the loser's INSERT of the served request waits
// for the winner's commit, finds the row and rolls its own work back (kRaced), and the RPC
// layer answers it from the winner's record.
//
//   WriteRecorder recorder(call, full_method, request, *Response::descriptor());
//   db::CommitGuard guard(abandoned, &recorder);
//   ... the core runs its transaction ...
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/call_context.h"
#include "common/db/pool.h"
#include "google/protobuf/message.h"

namespace meridian {

// How long a served request is remembered by default.
inline constexpr absl::Duration kDefaultRequestRetention = absl::Hours(24);

struct ServedRequest {
  // RequestFingerprint() of the first request.
  std::string request_hash;
  // Its response, serialised (secrets removed).
  std::string response;
};

// The record of `call.request_id` from `call.caller.principal` for `call.method`, when one
// younger than `retention` exists.
absl::StatusOr<std::optional<ServedRequest>> FindServedRequest(db::ConnectionPool& pool,
                                                               const CallContext& call,
                                                               absl::string_view full_method,
                                                               absl::Duration retention);

// INVALID_ARGUMENT on `request_id` when `served` answered another request than `request`.
absl::Status CheckSameRequest(const ServedRequest& served,
                              const google::protobuf::Message& request);

// The resource a call created or changed, for the audit log: the response's `name`, else that
// of its first message field with one, else the request's `name`, else its first message
// field's `name`, else "exchangeRates/{currency_code}" for an exchange rate, else the
// request's `parent`.
std::string ChangedResourceName(const google::protobuf::Message& request,
                                const google::protobuf::Message* response);

// Deletes served requests older than `retention`; returns how many.
absl::StatusOr<int64_t> PurgeServedRequests(db::ConnectionPool& pool, absl::Time deadline,
                                            absl::Duration retention);

// Erasure: deletes the served requests (responses may hold personal data) of `resource` and
// of every resource under it.
void ForgetServedRequests(pqxx::work& tx, absl::string_view resource);

// Writes an audit record for a change the caller's role may not make, in its own transaction.
absl::Status RecordRefusedChange(db::ConnectionPool& pool, const CallContext& call,
                                 absl::string_view full_method,
                                 const google::protobuf::Message& request);

class WriteRecorder final : public db::CommitHook {
 public:
  // The status BeforeCommit returns when a concurrent attempt with the same request_id
  // committed first: the work rolls back and the caller is answered from that attempt.
  static absl::Status Raced();
  static bool IsRaced(const absl::Status& status);

  // `response_type` is the RPC's response message type: only a transaction producing it is
  // the call's change (a call may read in other transactions first).
  WriteRecorder(const CallContext& call, absl::string_view full_method,
                const google::protobuf::Message& request,
                const google::protobuf::Descriptor& response_type,
                absl::Duration retention = kDefaultRequestRetention);

  absl::Status BeforeCommit(pqxx::work& tx, const google::protobuf::Message* value) override;
  void AfterCommit() override;

 private:
  const CallContext& call_;
  const std::string full_method_;
  const google::protobuf::Message& request_;
  const google::protobuf::Descriptor& response_type_;
  const absl::Duration retention_;
  bool pending_ = false;
  bool done_ = false;
};

}  // namespace meridian
