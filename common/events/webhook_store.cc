#include "common/events/webhook_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/events/event_log.h"
#include "google/protobuf/util/time_util.h"
#include "nlohmann/json.hpp"

namespace meridian {
namespace {

using events::v1::WebhookSubscription;
using google::protobuf::util::TimeUtil;

double Seconds(absl::Time time) { return absl::ToDoubleSeconds(time - absl::UnixEpoch()); }
absl::Time FromMicros(int64_t micros) { return absl::FromUnixMicros(micros); }

constexpr const char* kColumns =
    "seq, id, owner, tenant, creator, target_url, event_types::text, state, salt, "
    "delivered_position, (extract(epoch FROM failing_since) * 1000000)::bigint, attempts, "
    "last_error, version, (extract(epoch FROM create_time) * 1000000)::bigint, "
    "(extract(epoch FROM update_time) * 1000000)::bigint";

StoredSubscription FromRow(const pqxx::row& row) {
  StoredSubscription s;
  s.seq = row[0].as<int64_t>();
  s.id = row[1].as<std::string>();
  s.owner = row[2].as<std::string>();
  s.tenant = row[3].as<std::string>();
  s.creator = row[4].as<std::string>();
  s.target_url = row[5].as<std::string>();
  const nlohmann::json types = nlohmann::json::parse(row[6].as<std::string>(), nullptr, false);
  if (types.is_array()) {
    for (const auto& type : types) {
      if (type.is_string()) s.event_types.push_back(type.get<std::string>());
    }
  }
  WebhookSubscription::State state;
  if (WebhookSubscription::State_Parse(row[7].as<std::string>(), &state)) s.state = state;
  s.salt = row[8].as<std::string>();
  s.delivered_position = row[9].as<int64_t>();
  if (!row[10].is_null()) s.failing_since = FromMicros(row[10].as<int64_t>());
  s.attempts = row[11].as<int>();
  s.last_error = row[12].as<std::string>();
  s.version = row[13].as<int64_t>();
  s.create_time = FromMicros(row[14].as<int64_t>());
  s.update_time = FromMicros(row[15].as<int64_t>());
  return s;
}

std::string TypesJson(const std::vector<std::string>& types) {
  return nlohmann::json(types).dump();
}

}  // namespace

WebhookSubscription StoredSubscription::ToProto() const {
  WebhookSubscription proto;
  proto.set_name(absl::StrCat("webhookSubscriptions/", id));
  proto.set_target_url(target_url);
  for (const std::string& type : event_types) proto.add_event_types(type);
  proto.set_state(state);
  proto.set_owner(owner);
  proto.set_delivered_position(delivered_position);
  proto.set_last_error(last_error);
  *proto.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(create_time));
  *proto.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(update_time));
  proto.set_etag(absl::StrCat(version));
  return proto;
}

void InsertSubscription(pqxx::work& tx, const StoredSubscription& s, absl::Time now) {
  tx.exec_params(
      "INSERT INTO events.webhook_subscriptions (id, owner, tenant, creator, target_url, "
      "event_types, state, salt, delivered_position, next_attempt_time, create_time, update_time) "
      "VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, to_timestamp($10::float8), "
      "to_timestamp($10::float8), to_timestamp($10::float8))",
      s.id, s.owner, s.tenant, s.creator, s.target_url, TypesJson(s.event_types),
      WebhookSubscription::State_Name(s.state), s.salt, s.delivered_position, Seconds(now));
}

std::optional<StoredSubscription> FindSubscription(pqxx::work& tx, const std::string& id,
                                                   bool for_update) {
  const pqxx::result rows = tx.exec_params(
      absl::StrCat("SELECT ", kColumns, " FROM events.webhook_subscriptions WHERE id = $1",
                   for_update ? " FOR UPDATE" : ""),
      id);
  if (rows.empty()) return std::nullopt;
  return FromRow(rows[0]);
}

std::vector<StoredSubscription> ListSubscriptions(pqxx::work& tx, const std::string& owner,
                                                  int64_t after_seq, int limit) {
  std::vector<StoredSubscription> list;
  for (const pqxx::row& row :
       tx.exec_params(absl::StrCat("SELECT ", kColumns,
                                   " FROM events.webhook_subscriptions WHERE seq > $1 "
                                   "AND ($2 = '' OR owner = $2) ORDER BY seq LIMIT $3"),
                      after_seq, owner, limit)) {
    list.push_back(FromRow(row));
  }
  return list;
}

void UpdateSubscription(pqxx::work& tx, const StoredSubscription& s, absl::Time now) {
  tx.exec_params(
      "UPDATE events.webhook_subscriptions SET target_url = $2, event_types = $3::jsonb, "
      "failing_since = CASE WHEN $4 = 'ACTIVE' AND state <> 'ACTIVE' THEN NULL "
      "  ELSE failing_since END, "
      "attempts = CASE WHEN $4 = 'ACTIVE' AND state <> 'ACTIVE' THEN 0 ELSE attempts END, "
      "last_error = CASE WHEN $4 = 'ACTIVE' AND state <> 'ACTIVE' THEN '' ELSE last_error END, "
      "next_attempt_time = CASE WHEN $4 = 'ACTIVE' AND state <> 'ACTIVE' "
      "  THEN to_timestamp($5::float8) ELSE next_attempt_time END, "
      "state = $4, version = version + 1, update_time = to_timestamp($5::float8) WHERE id = $1",
      s.id, s.target_url, TypesJson(s.event_types), WebhookSubscription::State_Name(s.state),
      Seconds(now));
}

void DeleteSubscription(pqxx::work& tx, const std::string& id) {
  tx.exec_params("DELETE FROM events.webhook_subscriptions WHERE id = $1", id);
}

std::optional<StoredSubscription> LeaseDueSubscription(pqxx::work& tx, absl::Time now,
                                                       absl::Duration lease) {
  // Events a delivery can read: up to the readable horizon (none new while it is held back).
  const int64_t readable = ReadableEventPosition(tx).value_or(0);
  const pqxx::result rows = tx.exec_params(
      absl::StrCat("UPDATE events.webhook_subscriptions SET lease_until = to_timestamp($2::float8) "
                   "WHERE id = (SELECT s.id FROM events.webhook_subscriptions s "
                   "  WHERE s.state = 'ACTIVE' AND s.next_attempt_time <= to_timestamp($1::float8) "
                   "  AND (s.lease_until IS NULL OR s.lease_until < to_timestamp($1::float8)) "
                   "  AND (s.delivered_position < $3 "
                   "       OR EXISTS (SELECT 1 FROM events.webhook_redeliveries r "
                   "                  WHERE r.subscription_id = s.id)) "
                   "  ORDER BY s.next_attempt_time LIMIT 1 FOR UPDATE SKIP LOCKED) "
                   "RETURNING ",
                   kColumns),
      Seconds(now), Seconds(now + lease), readable);
  if (rows.empty()) return std::nullopt;
  StoredSubscription leased = FromRow(rows[0]);
  leased.readable_through = readable;
  return leased;
}

std::optional<std::string> WhyNoLongerAllowed(pqxx::work& tx,
                                              const StoredSubscription& subscription,
                                              absl::Time now) {
  absl::string_view key_id = subscription.creator;
  absl::ConsumePrefix(&key_id, "apiKeys/");
  const pqxx::result rows = tx.exec_params(
      "SELECT k.revoke_time IS NOT NULL OR (k.expire_time IS NOT NULL AND "
      "k.expire_time <= to_timestamp($2::float8)), COALESCE(a.state, 'ACTIVE') "
      "FROM access.api_keys k LEFT JOIN access.agencies a ON a.id = k.agency_id WHERE k.id = $1",
      std::string(key_id), Seconds(now));
  // Disabling an agency also revokes its keys: the agency is the reason worth naming.
  if (!rows.empty() && !subscription.tenant.empty() && rows[0][1].as<std::string>() != "ACTIVE") {
    return "stopped: its agency is disabled";
  }
  if (rows.empty() || rows[0][0].as<bool>()) {
    return "stopped: the API key that created it was revoked or has expired";
  }
  return std::nullopt;
}

void ReleaseSubscription(pqxx::work& tx, const std::string& id) {
  tx.exec_params("UPDATE events.webhook_subscriptions SET lease_until = NULL WHERE id = $1", id);
}

std::optional<int64_t> TakeRedelivery(pqxx::work& tx, const std::string& id) {
  const pqxx::result rows = tx.exec_params(
      "DELETE FROM events.webhook_redeliveries WHERE seq = (SELECT seq FROM "
      "events.webhook_redeliveries WHERE subscription_id = $1 ORDER BY seq LIMIT 1 "
      "FOR UPDATE SKIP LOCKED) RETURNING position",
      id);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<int64_t>();
}

void QueueRedelivery(pqxx::work& tx, const std::string& id, int64_t position) {
  tx.exec_params(
      "INSERT INTO events.webhook_redeliveries (subscription_id, position) VALUES ($1, $2)", id,
      position);
}

void RecordDeliveryAttempt(pqxx::work& tx, const std::string& id, const events::v1::Event& event,
                           const WebhookResponse& response, bool redelivery, absl::Time now) {
  tx.exec_params(
      "INSERT INTO events.webhook_deliveries (subscription_id, event_id, event_type, position, "
      "status_code, error, latency_ms, delivered, redelivery, create_time) VALUES ($1, $2, $3, "
      "$4, $5, $6, $7, $8, $9, to_timestamp($10::float8))",
      id, event.name(), event.type(), event.position(), response.status_code, response.error,
      absl::ToDoubleMilliseconds(response.latency), response.delivered(), redelivery, Seconds(now));
}

void AdvanceCursor(pqxx::work& tx, const std::string& id, int64_t position, absl::Time now) {
  tx.exec_params(
      "UPDATE events.webhook_subscriptions SET delivered_position = GREATEST(delivered_position, "
      "$2), failing_since = NULL, attempts = 0, last_error = '', lease_until = NULL, "
      "next_attempt_time = to_timestamp($3::float8) WHERE id = $1",
      id, position, Seconds(now));
}

void RecordFailure(pqxx::work& tx, const std::string& id, const std::string& error, absl::Time now,
                   absl::Time next_attempt, bool disable) {
  tx.exec_params(
      "UPDATE events.webhook_subscriptions SET "
      "failing_since = COALESCE(failing_since, to_timestamp($3::float8)), "
      "attempts = attempts + 1, last_error = $2, lease_until = NULL, "
      "next_attempt_time = to_timestamp($4::float8), "
      "state = CASE WHEN $5 THEN 'DISABLED' ELSE state END, "
      "version = version + CASE WHEN $5 THEN 1 ELSE 0 END WHERE id = $1",
      id, error, Seconds(now), Seconds(next_attempt), disable);
}

std::vector<std::pair<int64_t, events::v1::WebhookDelivery>> ListDeliveries(pqxx::work& tx,
                                                                            const std::string& id,
                                                                            int64_t before,
                                                                            int limit) {
  std::vector<std::pair<int64_t, events::v1::WebhookDelivery>> list;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT seq, event_id, event_type, position, status_code, error, latency_ms, "
           "delivered, redelivery, (extract(epoch FROM create_time) * 1000000)::bigint "
           "FROM events.webhook_deliveries WHERE subscription_id = $1 AND ($2 = 0 OR seq < $2) "
           "ORDER BY seq DESC LIMIT $3",
           id, before, limit)) {
    events::v1::WebhookDelivery delivery;
    delivery.set_event(row[1].as<std::string>());
    delivery.set_event_type(row[2].as<std::string>());
    delivery.set_position(row[3].as<int64_t>());
    delivery.set_status_code(row[4].as<int>());
    delivery.set_error(row[5].as<std::string>());
    delivery.set_latency_ms(row[6].as<double>());
    delivery.set_delivered(row[7].as<bool>());
    delivery.set_redelivery(row[8].as<bool>());
    *delivery.mutable_time() = TimeUtil::MicrosecondsToTimestamp(row[9].as<int64_t>());
    list.emplace_back(row[0].as<int64_t>(), std::move(delivery));
  }
  return list;
}

}  // namespace meridian
