// SQL for who may call Meridian: access.agencies, access.api_keys and the reading side of
// access.audit_records (common/migrations/sql/0006_access.sql). Used by the AccessService
// (services/intake/access_service.h) and the key bootstrap (common/auth/bootstrap.h).
//
// Every function runs inside the caller's transaction and uses parameters only. Ids here are
// the bare ids ("3f2c9a1e-..."); the messages returned carry full resource names
// ("apiKeys/3f2c9a1e-..."). A key is stored only as ApiKeyHash(key): nothing here ever sees
// the key itself.
//
//   const std::string key = NewApiKey();
//   key_store::InsertApiKey(tx, id, ApiKeyHash(key),
//                           {.display_name = "Acme sync", .role = access::v1::RECRUITER});
//   std::optional<access::v1::ApiKey> stored = key_store::FindApiKey(tx, id);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "meridian/access/v1/access.pb.h"
#include "pqxx/pqxx"

namespace meridian::key_store {

// One listed resource with its position, for the next page token (common/paging/paging.h).
template <typename T>
struct Listed {
  int64_t seq;
  T resource;
};

// Whether a read locks the row until the transaction ends.
enum class RowLock {
  kNone,
  // Others may read and share-lock it, but not change it (a key being made for an agency
  // keeps the agency from being disabled under it).
  kShare,
  // The row is about to change.
  kUpdate,
};

// ---- Agencies

// Inserts an ACTIVE agency. False, and nothing inserted, when another agency has the same
// display name in any case (a concurrent insert of it is waited for).
bool InsertAgency(pqxx::work& tx, const std::string& id, const std::string& display_name);
// The agency, or nullopt.
std::optional<access::v1::Agency> FindAgency(pqxx::work& tx, const std::string& id,
                                             RowLock lock = RowLock::kNone);
// The agency whose display name is `display_name` in any case, or nullopt.
std::optional<access::v1::Agency> FindAgencyByDisplayName(pqxx::work& tx,
                                                          const std::string& display_name);
// Agencies after position `after`, oldest first, at most `limit`.
std::vector<Listed<access::v1::Agency>> ListAgencies(pqxx::work& tx, int64_t after, int limit);
// Disables the agency when it is ACTIVE and revokes every key of it not revoked yet, in `tx`;
// returns how many keys it revoked. A DISABLED agency is left as it is (0).
int64_t DisableAgency(pqxx::work& tx, const std::string& id);

// ---- API keys

// What a new key is. The caller has validated it.
struct NewKey {
  std::string display_name = {};
  access::v1::Role role = access::v1::ROLE_UNSPECIFIED;
  // The agency's id, for a PARTNER key only.
  std::string agency_id = {};
  std::optional<absl::Time> expire_time = {};
  // The key's own limit; nullopt for its role's default.
  std::optional<access::v1::RateLimit> rate_limit = {};
  // "apiKeys/{key}" of the key that made it; empty for a key made at start-up.
  std::string creator = {};
};

// Inserts a key stored as `key_hash` (ApiKeyHash of the key, never the key).
void InsertApiKey(pqxx::work& tx, const std::string& id, const std::string& key_hash,
                  const NewKey& key);
// Makes a new random key (NewApiKey), inserts it as `id` by its hash, and returns the key: the
// one time it exists outside the caller's hands.
std::string InsertNewApiKey(pqxx::work& tx, const std::string& id, const NewKey& key);
// The key, or nullopt. `revoked` is true once it was revoked or its agency disabled.
std::optional<access::v1::ApiKey> FindApiKey(pqxx::work& tx, const std::string& id,
                                             RowLock lock = RowLock::kNone);

// A key found by its hash, and whether it works now (not revoked, its agency not disabled,
// not expired, all by the database's clock).
struct HashedKey {
  access::v1::ApiKey key;
  bool works = false;
};
std::optional<HashedKey> FindApiKeyByHash(pqxx::work& tx, const std::string& key_hash);

// Which keys a list shows; an empty or unset field matches every key.
struct ApiKeyFilter {
  access::v1::Role role = access::v1::ROLE_UNSPECIFIED;
  std::string agency_id = {};
  std::optional<bool> revoked = {};
};
// Keys after position `after`, oldest first, at most `limit`.
std::vector<Listed<access::v1::ApiKey>> ListApiKeys(pqxx::work& tx, const ApiKeyFilter& filter,
                                                    int64_t after, int limit);
// Revokes the key now; false when there is no such key or it was revoked already (its
// revoke_time stays the first one).
bool RevokeApiKey(pqxx::work& tx, const std::string& id);
// How many keys of `role` work now (see HashedKey::works).
int64_t CountWorkingKeys(pqxx::work& tx, access::v1::Role role);

// ---- Audit records (written by the RPC layer, common/auth/served_requests.h)

// Which records a list shows; an empty or unset field matches every record.
struct AuditFilter {
  std::string principal = {};
  std::string resource = {};
  std::string method = {};
  std::string on_behalf_of = {};
  std::string outcome = {};
  // Records created at or after this time (to the microsecond, as PostgreSQL keeps it).
  std::optional<absl::Time> from = {};
  // Records created before this time.
  std::optional<absl::Time> until = {};
};
// Records before position `before` (0: from the newest), newest first, at most `limit`.
std::vector<Listed<access::v1::AuditRecord>> ListAuditRecords(pqxx::work& tx,
                                                              const AuditFilter& filter,
                                                              int64_t before, int limit);

}  // namespace meridian::key_store
