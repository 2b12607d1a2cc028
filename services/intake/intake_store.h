// SQL for the intake schema (common/migrations/sql/0002_intake.sql). Every function runs
// inside the caller's transaction and uses parameters only.
//
// A resource is stored as columns for what queries need (ids, state, order, version,
// timestamps) and its descriptive fields as proto JSON in `body`.
//
//   InsertClient(tx, id, client);
//   std::optional<v1::Client> stored = FindClient(tx, id, /*for_update=*/true);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/api/list_order.h"
#include "meridian/intake/v1/intake.pb.h"
#include "pqxx/pqxx"

namespace meridian::intake {

// One listed resource with its position, for the next page token.
template <typename T>
struct Listed {
  int64_t seq;
  T resource;
};

// Inserts a client; `client` carries the descriptive fields (output-only ones are ignored).
void InsertClient(pqxx::work& tx, const std::string& id, const v1::Client& client);
// The client, or nullopt. `for_update` locks the row until the transaction ends.
std::optional<v1::Client> FindClient(pqxx::work& tx, const std::string& id, bool for_update);
// Clients past position `after` (0: from the start) in `order`, at most `limit`.
std::vector<Listed<v1::Client>> ListClients(pqxx::work& tx, ListOrder order, int64_t after,
                                            int limit);
// Replaces the descriptive fields and bumps the version (hence the etag).
void UpdateClient(pqxx::work& tx, const std::string& id, const v1::Client& client);

void InsertRole(pqxx::work& tx, const std::string& client_id, const std::string& id,
                const v1::Role& role);
std::optional<v1::Role> FindRole(pqxx::work& tx, const std::string& client_id,
                                 const std::string& id, bool for_update);
// Roles of one client (or of all when `client_id` is empty), filtered by state and kind
// names when not empty, past position `after` in `order`.
std::vector<Listed<v1::Role>> ListRoles(pqxx::work& tx, const std::string& client_id,
                                        const std::string& state, const std::string& kind,
                                        ListOrder order, int64_t after, int limit);
void UpdateRole(pqxx::work& tx, const std::string& client_id, const std::string& id,
                const v1::Role& role);

}  // namespace meridian::intake
