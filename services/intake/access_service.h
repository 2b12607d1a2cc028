// The AccessService's business logic (proto/meridian/access/v1/access.proto), free of gRPC:
// partner agencies, API keys and the audit log. The intake service's listener serves it.
//
// Only ADMIN keys reach it: the RPC layer checks the role first (common/auth/access_policy.h).
// Each method is one RPC and runs in one database transaction that produces the RPC's
// response; the RPC layer's commit hook records the served request_id and the audit row in
// that same transaction (common/auth/served_requests.h), so nothing here writes either.
//
//   AccessService access(pool);
//   absl::StatusOr<access::v1::CreateApiKeyResponse> made = access.CreateApiKey(request, call);
//   // made->key() is shown this once: the database keeps only its hash.
#pragma once

#include "absl/status/statusor.h"
#include "common/auth/call_context.h"
#include "common/db/pool.h"
#include "meridian/access/v1/access.pb.h"

namespace meridian::intake {

class AccessService final {
 public:
  explicit AccessService(db::ConnectionPool& pool) : pool_(pool) {}

  // A new ACTIVE agency; ALREADY_EXISTS (AGENCY_EXISTS) when another has its display name.
  absl::StatusOr<access::v1::Agency> CreateAgency(const access::v1::CreateAgencyRequest& request,
                                                  const CallContext& call);
  absl::StatusOr<access::v1::Agency> GetAgency(const access::v1::GetAgencyRequest& request,
                                               const CallContext& call);
  absl::StatusOr<access::v1::ListAgenciesResponse> ListAgencies(
      const access::v1::ListAgenciesRequest& request, const CallContext& call);
  // Disables the agency and revokes its keys; a DISABLED agency is returned unchanged.
  absl::StatusOr<access::v1::Agency> DisableAgency(const access::v1::DisableAgencyRequest& request,
                                                   const CallContext& call);

  // A new key, made by `call.caller.principal`; the response holds the key itself.
  absl::StatusOr<access::v1::CreateApiKeyResponse> CreateApiKey(
      const access::v1::CreateApiKeyRequest& request, const CallContext& call);
  absl::StatusOr<access::v1::ApiKey> GetApiKey(const access::v1::GetApiKeyRequest& request,
                                               const CallContext& call);
  absl::StatusOr<access::v1::ListApiKeysResponse> ListApiKeys(
      const access::v1::ListApiKeysRequest& request, const CallContext& call);
  // Revokes the key; a revoked key is returned unchanged.
  absl::StatusOr<access::v1::ApiKey> RevokeApiKey(const access::v1::RevokeApiKeyRequest& request,
                                                  const CallContext& call);

  absl::StatusOr<access::v1::ListAuditRecordsResponse> ListAuditRecords(
      const access::v1::ListAuditRecordsRequest& request, const CallContext& call);

 private:
  db::ConnectionPool& pool_;
};

}  // namespace meridian::intake
