#include "common/auth/key_store.h"

#include "common/auth/api_key.h"
#include "common/db/ordered_reads.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"

namespace meridian::key_store {
namespace {

using access::v1::Agency;
using access::v1::ApiKey;
using access::v1::AuditRecord;
using google::protobuf::util::TimeUtil;

// A timestamptz column as microseconds since the epoch (exact: extract returns numeric).
std::string Micros(absl::string_view column) {
  return absl::StrCat("(extract(epoch FROM ", column, ") * 1000000)::bigint");
}

// " FOR SHARE" or " FOR UPDATE" (of the table aliased `of`, when a query joins others), or "".
std::string LockClause(RowLock lock, absl::string_view of = "") {
  const std::string table = of.empty() ? "" : absl::StrCat(" OF ", of);
  switch (lock) {
    case RowLock::kNone:
      return "";
    case RowLock::kShare:
      return absl::StrCat(" FOR SHARE", table);
    case RowLock::kUpdate:
      return absl::StrCat(" FOR UPDATE", table);
  }
  return "";
}

// ---- Agencies

std::string AgencyColumns() {
  return absl::StrCat("seq, id, display_name, state, ", Micros("create_time"), ", ",
                      Micros("update_time"));
}

Agency AgencyFromRow(const pqxx::row& row) {
  Agency agency;
  agency.set_name(absl::StrCat("agencies/", row[1].as<std::string>()));
  agency.set_display_name(row[2].as<std::string>());
  Agency::State state = Agency::STATE_UNSPECIFIED;
  Agency::State_Parse(row[3].as<std::string>(), &state);
  agency.set_state(state);
  *agency.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[4].as<int64_t>());
  *agency.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[5].as<int64_t>());
  return agency;
}

std::optional<Agency> FirstAgency(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return AgencyFromRow(rows[0]);
}

// ---- Keys

// A key is revoked once revoked itself or once its agency is disabled (DisableAgency does
// both, but the agency's state is the rule the Authenticator applies too).
constexpr const char* kRevoked =
    "(k.revoke_time IS NOT NULL OR COALESCE(a.state = 'DISABLED', false))";
constexpr const char* kWorks =
    "(k.revoke_time IS NULL AND COALESCE(a.state <> 'DISABLED', true) AND "
    "(k.expire_time IS NULL OR k.expire_time > now()))";
constexpr const char* kKeyTables =
    " FROM access.api_keys k LEFT JOIN access.agencies a ON a.id = k.agency_id";

std::string KeyColumns() {
  return absl::StrCat("k.seq, k.id, k.display_name, k.role, COALESCE(k.agency_id, ''), ",
                      "k.creator, ", Micros("k.create_time"), ", ", Micros("k.last_use_time"), ", ",
                      Micros("k.expire_time"), ", ", Micros("k.revoke_time"), ", ", kRevoked,
                      ", k.rate_per_second, k.rate_burst, ", kWorks);
}

void SetTime(const pqxx::field& field, google::protobuf::Timestamp* time) {
  *time = TimeUtil::MicrosecondsToTimestamp(field.as<int64_t>());
}

ApiKey KeyFromRow(const pqxx::row& row) {
  ApiKey key;
  key.set_name(absl::StrCat("apiKeys/", row[1].as<std::string>()));
  key.set_display_name(row[2].as<std::string>());
  access::v1::Role role = access::v1::ROLE_UNSPECIFIED;
  access::v1::Role_Parse(row[3].as<std::string>(), &role);
  key.set_role(role);
  if (const std::string agency = row[4].as<std::string>(); !agency.empty()) {
    key.set_agency(absl::StrCat("agencies/", agency));
  }
  key.set_creator(row[5].as<std::string>());
  SetTime(row[6], key.mutable_create_time());
  if (!row[7].is_null()) SetTime(row[7], key.mutable_last_use_time());
  if (!row[8].is_null()) SetTime(row[8], key.mutable_expire_time());
  if (!row[9].is_null()) SetTime(row[9], key.mutable_revoke_time());
  key.set_revoked(row[10].as<bool>());
  if (!row[11].is_null()) {
    key.mutable_rate_limit()->set_requests_per_second(row[11].as<double>());
    key.mutable_rate_limit()->set_burst(row[12].as<int>());
  }
  return key;
}

// A time as the two exact parameters `TimeParameter` reads back: whole seconds since the
// epoch and microseconds (0-999999), rounded up to the next microsecond.
struct SplitTime {
  int64_t seconds = 0;
  int64_t micros = 0;
};

SplitTime CeilToMicros(absl::Time time) {
  const absl::Time floor = absl::FromUnixMicros(absl::ToUnixMicros(time));
  int64_t micros = absl::ToUnixMicros(time) + (floor < time ? 1 : 0);
  // Floor division, so that times before 1970 split the same way.
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    seconds -= 1;
  }
  return {seconds, rest};
}

// SQL for a time passed as SplitTime in parameters $s and $m: both exact, unlike a float of
// microseconds.
std::string TimeParameter(int seconds_parameter, int micros_parameter) {
  return absl::StrCat("(to_timestamp($", seconds_parameter, "::float8) + $", micros_parameter,
                      "::bigint * interval '1 microsecond')");
}

}  // namespace

bool InsertAgency(pqxx::work& tx, const std::string& id, const std::string& display_name) {
  // Lists stop at the readable horizon, so that a walk never passes a row committing late.
  db::JoinOrderedWriters(tx, "access.agencies");
  // Any conflict is the display name's: the id is a fresh UUID.
  pqxx::result inserted = tx.exec_params(
      "INSERT INTO access.agencies (id, display_name, state) VALUES ($1, $2, 'ACTIVE') "
      "ON CONFLICT DO NOTHING RETURNING 1",
      id, display_name);
  return !inserted.empty();
}

std::optional<Agency> FindAgency(pqxx::work& tx, const std::string& id, RowLock lock) {
  return FirstAgency(
      tx.exec_params(absl::StrCat("SELECT ", AgencyColumns(), " FROM access.agencies WHERE id = $1",
                                  LockClause(lock)),
                     id));
}

std::optional<Agency> FindAgencyByDisplayName(pqxx::work& tx, const std::string& display_name) {
  return FirstAgency(
      tx.exec_params(absl::StrCat("SELECT ", AgencyColumns(),
                                  " FROM access.agencies WHERE lower(display_name) = lower($1)"),
                     display_name));
}

std::vector<Listed<Agency>> ListAgencies(pqxx::work& tx, int64_t after, int limit) {
  std::vector<Listed<Agency>> agencies;
  for (const pqxx::row& row :
       tx.exec_params(absl::StrCat("SELECT ", AgencyColumns(),
                                   " FROM access.agencies WHERE seq > $1 AND seq <= $3 "
                                   "ORDER BY seq LIMIT $2"),
                      after, limit, db::ListHorizon(tx, "access.agencies", "seq"))) {
    agencies.push_back({row[0].as<int64_t>(), AgencyFromRow(row)});
  }
  return agencies;
}

int64_t DisableAgency(pqxx::work& tx, const std::string& id) {
  // The agency row is updated first: a CreateApiKey holding it FOR SHARE finishes before,
  // and its key is revoked below; one that comes after sees the agency DISABLED.
  pqxx::result disabled = tx.exec_params(
      "UPDATE access.agencies SET state = 'DISABLED', update_time = now() "
      "WHERE id = $1 AND state = 'ACTIVE' RETURNING 1",
      id);
  if (disabled.empty()) return 0;
  pqxx::result revoked = tx.exec_params(
      "UPDATE access.api_keys SET revoke_time = now() "
      "WHERE agency_id = $1 AND revoke_time IS NULL",
      id);
  return static_cast<int64_t>(revoked.affected_rows());
}

void InsertApiKey(pqxx::work& tx, const std::string& id, const std::string& key_hash,
                  const NewKey& key) {
  db::JoinOrderedWriters(tx, "access.api_keys");  // lists stop at the horizon
  const bool has_expiry = key.expire_time.has_value();
  const SplitTime expiry = has_expiry ? CeilToMicros(*key.expire_time) : SplitTime{};
  const bool has_limit = key.rate_limit.has_value();
  tx.exec_params(
      absl::StrCat("INSERT INTO access.api_keys (id, key_hash, display_name, role, agency_id, "
                   "creator, expire_time, rate_per_second, rate_burst) VALUES ($1, $2, $3, $4, "
                   "NULLIF($5, ''), $6, CASE WHEN $7::boolean THEN ",
                   TimeParameter(8, 9),
                   " END, CASE WHEN $10::boolean THEN $11::float8 END, "
                   "CASE WHEN $10::boolean THEN $12::integer END)"),
      id, key_hash, key.display_name, access::v1::Role_Name(key.role), key.agency_id, key.creator,
      has_expiry, expiry.seconds, expiry.micros, has_limit,
      has_limit ? key.rate_limit->requests_per_second() : 0.0,
      has_limit ? key.rate_limit->burst() : 0);
}

std::optional<ApiKey> FindApiKey(pqxx::work& tx, const std::string& id, RowLock lock) {
  pqxx::result rows = tx.exec_params(
      absl::StrCat("SELECT ", KeyColumns(), kKeyTables, " WHERE k.id = $1", LockClause(lock, "k")),
      id);
  if (rows.empty()) return std::nullopt;
  return KeyFromRow(rows[0]);
}

std::optional<HashedKey> FindApiKeyByHash(pqxx::work& tx, const std::string& key_hash) {
  pqxx::result rows = tx.exec_params(
      absl::StrCat("SELECT ", KeyColumns(), kKeyTables, " WHERE k.key_hash = $1"), key_hash);
  if (rows.empty()) return std::nullopt;
  return HashedKey{KeyFromRow(rows[0]), rows[0][13].as<bool>()};
}

std::vector<Listed<ApiKey>> ListApiKeys(pqxx::work& tx, const ApiKeyFilter& filter, int64_t after,
                                        int limit) {
  const std::string role =
      filter.role == access::v1::ROLE_UNSPECIFIED ? "" : access::v1::Role_Name(filter.role);
  const std::string revoked = !filter.revoked.has_value() ? "" : *filter.revoked ? "t" : "f";
  std::vector<Listed<ApiKey>> keys;
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT ", KeyColumns(), kKeyTables,
                        " WHERE ($1 = '' OR k.role = $1) AND ($2 = '' OR k.agency_id = $2)"
                        " AND ($3 = '' OR ",
                        kRevoked,
                        " = ($3 = 't')) AND k.seq > $4 AND k.seq <= $6 ORDER BY k.seq LIMIT $5"),
           role, filter.agency_id, revoked, after, limit,
           db::ListHorizon(tx, "access.api_keys", "seq"))) {
    keys.push_back({row[0].as<int64_t>(), KeyFromRow(row)});
  }
  return keys;
}

bool RevokeApiKey(pqxx::work& tx, const std::string& id) {
  pqxx::result revoked = tx.exec_params(
      "UPDATE access.api_keys SET revoke_time = now() WHERE id = $1 AND revoke_time IS NULL "
      "RETURNING 1",
      id);
  return !revoked.empty();
}

int64_t CountWorkingKeys(pqxx::work& tx, access::v1::Role role) {
  return tx
      .exec_params1(absl::StrCat("SELECT count(*)", kKeyTables, " WHERE k.role = $1 AND ", kWorks),
                    access::v1::Role_Name(role))[0]
      .as<int64_t>();
}

std::vector<Listed<AuditRecord>> ListAuditRecords(pqxx::work& tx, const AuditFilter& filter,
                                                  int64_t before, int limit) {
  const SplitTime from = filter.from.has_value() ? CeilToMicros(*filter.from) : SplitTime{};
  const SplitTime until = filter.until.has_value() ? CeilToMicros(*filter.until) : SplitTime{};
  std::vector<Listed<AuditRecord>> records;
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT seq, id, principal, role, agency, on_behalf_of, method, resource, "
                        "request_id, ",
                        Micros("create_time"),
                        ", outcome FROM access.audit_records"
                        " WHERE ($1 = '' OR principal = $1) AND ($2 = '' OR resource = $2)"
                        " AND ($3 = '' OR method = $3) AND ($4 = '' OR on_behalf_of = $4)"
                        " AND ($5 = '' OR outcome = $5)"
                        " AND (NOT $6::boolean OR create_time >= ",
                        TimeParameter(7, 8), ") AND (NOT $9::boolean OR create_time < ",
                        TimeParameter(10, 11),
                        ") AND ($12::bigint = 0 OR seq < $12) ORDER BY seq DESC LIMIT $13"),
           filter.principal, filter.resource, filter.method, filter.on_behalf_of, filter.outcome,
           filter.from.has_value(), from.seconds, from.micros, filter.until.has_value(),
           until.seconds, until.micros, before, limit)) {
    AuditRecord record;
    record.set_name(absl::StrCat("auditRecords/", row[1].as<std::string>()));
    record.set_principal(row[2].as<std::string>());
    access::v1::Role role = access::v1::ROLE_UNSPECIFIED;
    access::v1::Role_Parse(row[3].as<std::string>(), &role);
    record.set_role(role);
    record.set_agency(row[4].as<std::string>());
    record.set_on_behalf_of(row[5].as<std::string>());
    record.set_method(row[6].as<std::string>());
    record.set_resource(row[7].as<std::string>());
    record.set_request_id(row[8].as<std::string>());
    SetTime(row[9], record.mutable_create_time());
    record.set_outcome(row[10].as<std::string>());
    records.push_back({row[0].as<int64_t>(), std::move(record)});
  }
  return records;
}

std::string InsertNewApiKey(pqxx::work& tx, const std::string& id, const NewKey& key) {
  std::string secret = NewApiKey();
  InsertApiKey(tx, id, ApiKeyHash(secret), key);
  return secret;
}

}  // namespace meridian::key_store
