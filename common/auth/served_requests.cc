#include "common/auth/served_requests.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/idempotency.h"
#include "common/auth/access_policy.h"
#include "common/errors/errors.h"
#include "common/util/ids.h"
#include "common/util/sha256.h"

namespace meridian {
namespace {

// Fields of a response never stored in a served request: the answer to a retry leaves them
// empty (a new API key, and a webhook subscription's secret, are shown once).
bool IsSecretField(const google::protobuf::FieldDescriptor& field) {
  return field.full_name() == "meridian.access.v1.CreateApiKeyResponse.key" ||
         field.full_name() == "meridian.events.v1.WebhookSubscription.secret";
}

std::string StorableResponse(const google::protobuf::Message& response) {
  std::unique_ptr<google::protobuf::Message> copy(response.New());
  copy->CopyFrom(response);
  const google::protobuf::Descriptor& type = *copy->GetDescriptor();
  for (int i = 0; i < type.field_count(); ++i) {
    if (IsSecretField(*type.field(i))) copy->GetReflection()->ClearField(copy.get(), type.field(i));
  }
  return copy->SerializeAsString();
}

// The fingerprint, salted per record: the stored hash of a request that held an email
// address cannot be checked against a guessed address without the salt's row.
std::string SaltedFingerprint(absl::string_view salt, const google::protobuf::Message& request) {
  return absl::StrCat(salt, "$", Sha256Hex(absl::StrCat(salt, RequestFingerprint(request))));
}

std::string NameField(const google::protobuf::Message& message, absl::string_view field_name) {
  const google::protobuf::FieldDescriptor* field =
      message.GetDescriptor()->FindFieldByName(std::string(field_name));
  if (field == nullptr || field->is_repeated() ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return "";
  }
  return message.GetReflection()->GetString(message, field);
}

// The `name` of the first singular message field that has one set.
std::string NestedName(const google::protobuf::Message& message) {
  const google::protobuf::Descriptor& type = *message.GetDescriptor();
  for (int i = 0; i < type.field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = type.field(i);
    if (field->is_repeated() || field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE ||
        !message.GetReflection()->HasField(message, field)) {
      continue;
    }
    std::string name = NameField(message.GetReflection()->GetMessage(message, field), "name");
    if (!name.empty()) return name;
  }
  return "";
}

void InsertAudit(pqxx::work& tx, const CallContext& call, absl::string_view full_method,
                 absl::string_view resource, absl::string_view outcome) {
  tx.exec_params(
      "INSERT INTO access.audit_records (id, principal, role, agency, on_behalf_of, method, "
      "resource, request_id, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      NewResourceId(), call.caller.principal, RoleName(call.caller.role), call.caller.agency,
      call.caller.on_behalf_of, std::string(full_method), std::string(resource), call.request_id,
      std::string(outcome));
}

}  // namespace

absl::StatusOr<std::optional<ServedRequest>> FindServedRequest(db::ConnectionPool& pool,
                                                               const CallContext& call,
                                                               absl::string_view full_method,
                                                               absl::Duration retention) {
  std::optional<ServedRequest> served;
  absl::Status status = pool.InTransaction(call.deadline, [&](pqxx::work& tx) -> absl::Status {
    served.reset();
    pqxx::result rows = tx.exec_params(
        "SELECT request_hash, response FROM access.served_requests "
        "WHERE principal = $1 AND method = $2 AND request_id = $3 "
        "AND create_time > now() - make_interval(secs => $4)",
        call.caller.principal, std::string(full_method), call.request_id,
        absl::ToDoubleSeconds(retention));
    if (rows.empty()) return absl::OkStatus();
    pqxx::binarystring response(rows[0][1]);
    served = ServedRequest{rows[0][0].as<std::string>(), response.str()};
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return served;
}

absl::Status CheckSameRequest(const ServedRequest& served,
                              const google::protobuf::Message& request) {
  std::vector<std::string> parts = absl::StrSplit(served.request_hash, absl::MaxSplits('$', 1));
  if (parts.size() != 2 || SaltedFingerprint(parts[0], request) != served.request_hash) {
    return InvalidArgument("request_id",
                           "was already used for a different request; use a new request_id");
  }
  return absl::OkStatus();
}

std::string ChangedResourceName(const google::protobuf::Message& request,
                                const google::protobuf::Message* response) {
  if (response != nullptr) {
    if (std::string name = NameField(*response, "name"); !name.empty()) return name;
    if (std::string name = NestedName(*response); !name.empty()) return name;
  }
  if (std::string name = NameField(request, "name"); !name.empty()) return name;
  if (std::string name = NestedName(request); !name.empty()) return name;
  // An exchange rate is named by its currency alone in the contract.
  if (response != nullptr) {
    if (std::string code = NameField(*response, "currency_code"); !code.empty()) {
      return absl::StrCat("exchangeRates/", code);
    }
  }
  return NameField(request, "parent");
}

absl::StatusOr<int64_t> PurgeServedRequests(db::ConnectionPool& pool, absl::Time deadline,
                                            absl::Duration retention) {
  return pool.InTransaction<int64_t>(deadline, [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
    pqxx::result purged = tx.exec_params(
        "DELETE FROM access.served_requests "
        "WHERE create_time <= now() - make_interval(secs => $1)",
        absl::ToDoubleSeconds(retention));
    return static_cast<int64_t>(purged.affected_rows());
  });
}

void ForgetServedRequests(pqxx::work& tx, absl::string_view resource) {
  const std::string exact(resource);
  tx.exec_params(
      "DELETE FROM access.served_requests WHERE resource = $1 OR starts_with(resource, $2)", exact,
      absl::StrCat(exact, "/"));
}

absl::Status RecordRefusedChange(db::ConnectionPool& pool, const CallContext& call,
                                 absl::string_view full_method,
                                 const google::protobuf::Message& request) {
  return pool.InTransaction(call.deadline, [&](pqxx::work& tx) -> absl::Status {
    InsertAudit(tx, call, full_method, ChangedResourceName(request, nullptr), "PERMISSION_DENIED");
    return absl::OkStatus();
  });
}

absl::Status WriteRecorder::Raced() {
  return absl::AbortedError("a concurrent attempt with the same request_id was served first");
}

bool WriteRecorder::IsRaced(const absl::Status& status) { return status == Raced(); }

WriteRecorder::WriteRecorder(const CallContext& call, absl::string_view full_method,
                             const google::protobuf::Message& request,
                             const google::protobuf::Descriptor& response_type,
                             absl::Duration retention)
    : call_(call),
      full_method_(full_method),
      request_(request),
      response_type_(response_type),
      retention_(retention) {}

absl::Status WriteRecorder::BeforeCommit(pqxx::work& tx, const google::protobuf::Message* value) {
  pending_ = false;
  if (done_ || value == nullptr || value->GetDescriptor() != &response_type_) {
    return absl::OkStatus();
  }
  const std::string resource = ChangedResourceName(request_, value);
  if (!call_.request_id.empty()) {
    // The salt need not be secret, only unique per record.
    const std::string salt = NewResourceId();
    // An expired record not purged yet no longer holds the id.
    tx.exec_params(
        "DELETE FROM access.served_requests WHERE principal = $1 AND method = $2 AND "
        "request_id = $3 AND create_time <= now() - make_interval(secs => $4)",
        call_.caller.principal, full_method_, call_.request_id, absl::ToDoubleSeconds(retention_));
    const std::string response = StorableResponse(*value);
    pqxx::result claimed = tx.exec_params(
        "INSERT INTO access.served_requests "
        "(principal, method, request_id, request_hash, resource, response) "
        "VALUES ($1, $2, $3, $4, $5, $6) "
        "ON CONFLICT (principal, method, request_id) DO NOTHING RETURNING 1",
        call_.caller.principal, full_method_, call_.request_id, SaltedFingerprint(salt, request_),
        resource, pqxx::binarystring(response.data(), response.size()));
    if (claimed.empty()) return Raced();
  }
  InsertAudit(tx, call_, full_method_, resource, "OK");
  pending_ = true;
  return absl::OkStatus();
}

void WriteRecorder::AfterCommit() {
  if (pending_) done_ = true;
  pending_ = false;
}

}  // namespace meridian
