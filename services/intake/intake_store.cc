#include "services/intake/intake_store.h"

#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "common/db/json_body.h"
#include "common/db/ordered_reads.h"
#include "google/protobuf/util/time_util.h"

namespace meridian::intake {
namespace {

using google::protobuf::util::TimeUtil;

// Columns every resource query returns, in this order.
constexpr const char* kResourceColumns =
    "seq, id, body::text, version, "
    "(extract(epoch FROM create_time) * 1000000)::bigint, "
    "(extract(epoch FROM update_time) * 1000000)::bigint";

template <typename T>
T FromRow(const pqxx::row& row) {
  T resource = db::FromJsonBody<T>(row[2].as<std::string>());
  resource.set_etag(absl::StrCat(row[3].as<int64_t>()));
  *resource.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[4].as<int64_t>());
  *resource.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[5].as<int64_t>());
  return resource;
}

v1::Client ClientFromRow(const pqxx::row& row) {
  v1::Client client = FromRow<v1::Client>(row);
  client.set_name(absl::StrCat("clients/", row[1].as<std::string>()));
  return client;
}

// What role queries select: the resource columns, the client's id and its display name (read
// with the role, so that a renamed client shows under its new name).
constexpr const char* kRoleColumns =
    "seq, id, body::text, version, "
    "(extract(epoch FROM create_time) * 1000000)::bigint, "
    "(extract(epoch FROM update_time) * 1000000)::bigint, client_id, "
    "(SELECT c.body ->> 'display_name' FROM intake.clients c WHERE c.id = client_id)";

v1::Role RoleFromRow(const pqxx::row& row) {
  v1::Role role = FromRow<v1::Role>(row);
  role.set_name(
      absl::StrCat("clients/", row[6].as<std::string>(), "/roles/", row[1].as<std::string>()));
  if (!row[7].is_null()) role.set_client_display_name(row[7].as<std::string>());
  return role;
}

template <typename T>
std::string BodyOf(T resource) {
  // Name, timestamps and etag come from columns. (For roles, the recommendation is an
  // output-only field that is stored, so it is kept.)
  resource.clear_name();
  resource.clear_create_time();
  resource.clear_update_time();
  resource.clear_etag();
  return db::ToJsonBody(resource);
}

// The client's display name is the client's own, read with the role: never stored with it.
std::string RoleBody(v1::Role role) {
  role.clear_client_display_name();
  return BodyOf(std::move(role));
}

}  // namespace

void InsertClient(pqxx::work& tx, const std::string& id, const v1::Client& client) {
  // Lists stop at the readable horizon, so that a walk never passes a row committing late.
  db::JoinOrderedWriters(tx, "intake.clients");
  tx.exec_params("INSERT INTO intake.clients (id, body) VALUES ($1, $2::jsonb)", id,
                 BodyOf(client));
}

std::optional<v1::Client> FindClient(pqxx::work& tx, const std::string& id, bool for_update) {
  pqxx::result rows =
      tx.exec_params(absl::StrCat("SELECT ", kResourceColumns, " FROM intake.clients WHERE id = $1",
                                  for_update ? " FOR UPDATE" : ""),
                     id);
  if (rows.empty()) return std::nullopt;
  return ClientFromRow(rows[0]);
}

std::vector<Listed<v1::Client>> ListClients(pqxx::work& tx, ListOrder order, int64_t after,
                                            int limit) {
  std::vector<Listed<v1::Client>> clients;
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT ", kResourceColumns, " FROM intake.clients WHERE seq <= $3 AND ",
                        SeqPageSql(order, "seq", 1), " LIMIT $2"),
           after, limit, db::ListHorizon(tx, "intake.clients", "seq"))) {
    clients.push_back({row[0].as<int64_t>(), ClientFromRow(row)});
  }
  return clients;
}

void UpdateClient(pqxx::work& tx, const std::string& id, const v1::Client& client) {
  tx.exec_params(
      "UPDATE intake.clients SET body = $2::jsonb, version = version + 1, update_time = now() "
      "WHERE id = $1",
      id, BodyOf(client));
}

void InsertRole(pqxx::work& tx, const std::string& client_id, const std::string& id,
                const v1::Role& role) {
  db::JoinOrderedWriters(tx, "intake.roles");
  tx.exec_params(
      "INSERT INTO intake.roles (id, client_id, state, kind, body) VALUES ($1, $2, $3, $4, "
      "$5::jsonb)",
      id, client_id, v1::Role::State_Name(role.state()), common::v1::RoleKind_Name(role.kind()),
      RoleBody(role));
}

std::optional<v1::Role> FindRole(pqxx::work& tx, const std::string& client_id,
                                 const std::string& id, bool for_update) {
  pqxx::result rows = tx.exec_params(
      absl::StrCat("SELECT ", kRoleColumns, " FROM intake.roles WHERE id = $1 AND client_id = $2",
                   for_update ? " FOR UPDATE" : ""),
      id, client_id);
  if (rows.empty()) return std::nullopt;
  return RoleFromRow(rows[0]);
}

std::vector<Listed<v1::Role>> ListRoles(pqxx::work& tx, const std::string& client_id,
                                        const std::string& state, const std::string& kind,
                                        ListOrder order, int64_t after, int limit) {
  std::vector<Listed<v1::Role>> roles;
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT ", kRoleColumns,
                        " FROM intake.roles"
                        " WHERE ($1 = '' OR client_id = $1) AND ($2 = '' OR state = $2)"
                        " AND ($3 = '' OR kind = $3) AND seq <= $6 AND ",
                        SeqPageSql(order, "seq", 4), " LIMIT $5"),
           client_id, state, kind, after, limit, db::ListHorizon(tx, "intake.roles", "seq"))) {
    roles.push_back({row[0].as<int64_t>(), RoleFromRow(row)});
  }
  return roles;
}

void UpdateRole(pqxx::work& tx, const std::string& client_id, const std::string& id,
                const v1::Role& role) {
  tx.exec_params(
      "UPDATE intake.roles SET body = $3::jsonb, state = $4, kind = $5, version = version + 1, "
      "update_time = now() WHERE id = $1 AND client_id = $2",
      id, client_id, RoleBody(role), v1::Role::State_Name(role.state()),
      common::v1::RoleKind_Name(role.kind()));
}

}  // namespace meridian::intake
