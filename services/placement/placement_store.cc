#include "services/placement/placement_store.h"

#include <algorithm>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/db/json_body.h"
#include "common/events/event_log.h"
#include "google/protobuf/util/time_util.h"

namespace meridian::placement {
namespace {

using google::protobuf::util::TimeUtil;

std::string DateText(const google::type::Date& date) {
  return absl::StrCat(date.year(), "-", date.month(), "-", date.day());
}

// The trial_end column's text: "" (NULL) without a trial.
std::string TrialEndText(const v1::Placement& placement) {
  return placement.has_trial_end() ? DateText(placement.trial_end()) : "";
}

// The trial_outcome column's text: "" (NULL) before the first outcome.
std::string TrialOutcomeText(const v1::Placement& placement) {
  const v1::TrialOutcome::Outcome outcome = placement.trial().outcome();
  return outcome == v1::TrialOutcome::OUTCOME_UNSPECIFIED ? ""
                                                          : v1::TrialOutcome::Outcome_Name(outcome);
}

int64_t Micros(absl::Time time) { return absl::ToUnixMicros(time); }

constexpr const char* kPlacementColumns =
    "seq, id, client_id, role_id, candidate_id, state, body::text, version, "
    "(extract(epoch FROM create_time) * 1000000)::bigint, "
    "(extract(epoch FROM update_time) * 1000000)::bigint, "
    "COALESCE((extract(epoch FROM end_time) * 1000000)::bigint, 0)";

StoredPlacement PlacementFromRow(const pqxx::row& row) {
  StoredPlacement stored;
  stored.seq = row[0].as<int64_t>();
  stored.id = row[1].as<std::string>();
  stored.client_id = row[2].as<std::string>();
  stored.role_id = row[3].as<std::string>();
  stored.candidate_id = row[4].as<std::string>();
  stored.placement = db::FromJsonBody<v1::Placement>(row[6].as<std::string>());
  v1::Placement& p = stored.placement;
  p.set_name(absl::StrCat("placements/", stored.id));
  p.set_client(absl::StrCat("clients/", stored.client_id));
  p.set_role(absl::StrCat("clients/", stored.client_id, "/roles/", stored.role_id));
  p.set_candidate(absl::StrCat("candidates/", stored.candidate_id));
  p.set_state(row[5].as<std::string>() == "ENDED" ? v1::Placement::ENDED : v1::Placement::ACTIVE);
  p.set_etag(absl::StrCat(row[7].as<int64_t>()));
  *p.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
  *p.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[9].as<int64_t>());
  if (row[10].as<int64_t>() != 0) {
    *p.mutable_end_time() = TimeUtil::MicrosecondsToTimestamp(row[10].as<int64_t>());
  }
  return stored;
}

std::string PlacementBody(v1::Placement placement) {
  for (int field : {v1::Placement::kNameFieldNumber, v1::Placement::kClientFieldNumber,
                    v1::Placement::kRoleFieldNumber, v1::Placement::kCandidateFieldNumber,
                    v1::Placement::kStateFieldNumber, v1::Placement::kHealthFieldNumber,
                    v1::Placement::kEndTimeFieldNumber, v1::Placement::kCreateTimeFieldNumber,
                    v1::Placement::kUpdateTimeFieldNumber, v1::Placement::kEtagFieldNumber}) {
    placement.GetReflection()->ClearField(&placement,
                                          placement.GetDescriptor()->FindFieldByNumber(field));
  }
  return db::ToJsonBody(placement);
}

constexpr const char* kCheckInColumns =
    "id, placement_id, ordinal, body::text, version, "
    "(extract(epoch FROM due_time) * 1000000)::bigint, "
    "COALESCE((extract(epoch FROM completed_time) * 1000000)::bigint, 0), "
    "(extract(epoch FROM create_time) * 1000000)::bigint, "
    "(extract(epoch FROM update_time) * 1000000)::bigint, "
    "(SELECT p.time_zone FROM placement.placements p WHERE p.id = placement_id), "
    // Who and what, as the placement shows them (so an erasure there is one here too).
    "(SELECT p.body ->> 'candidate_display_name' FROM placement.placements p "
    "WHERE p.id = placement_id), "
    "(SELECT p.body ->> 'role_title' FROM placement.placements p WHERE p.id = placement_id), "
    "(SELECT p.body ->> 'client_display_name' FROM placement.placements p "
    "WHERE p.id = placement_id)";

// "Mon 8 Mar 2027 10:00 in New York (America/New_York)".
std::string LocalTimeText(absl::Time time, const std::string& zone_name) {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(zone_name, &zone)) return "";
  const absl::TimeZone::CivilInfo info = zone.At(time);
  std::string city = zone_name.substr(zone_name.rfind('/') + 1);
  std::replace(city.begin(), city.end(), '_', ' ');
  return absl::StrCat(absl::FormatTime("%a ", time, zone), info.cs.day(),
                      absl::FormatTime(" %b %Y %H:%M", time, zone), " in ", city, " (", zone_name,
                      ")");
}

StoredCheckIn CheckInFromRow(const pqxx::row& row) {
  StoredCheckIn stored;
  stored.id = row[0].as<std::string>();
  stored.placement_id = row[1].as<std::string>();
  stored.ordinal = row[2].as<int>();
  stored.check_in = db::FromJsonBody<v1::CheckIn>(row[3].as<std::string>());
  v1::CheckIn& c = stored.check_in;
  c.set_name(absl::StrCat("placements/", stored.placement_id, "/checkIns/", stored.id));
  c.set_etag(absl::StrCat(row[4].as<int64_t>()));
  *c.mutable_due_time() = TimeUtil::MicrosecondsToTimestamp(row[5].as<int64_t>());
  if (row[6].as<int64_t>() != 0) {
    *c.mutable_complete_time() = TimeUtil::MicrosecondsToTimestamp(row[6].as<int64_t>());
  } else {
    c.clear_complete_time();
  }
  *c.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[7].as<int64_t>());
  *c.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
  if (!row[9].is_null()) {
    c.set_due_local_time(
        LocalTimeText(absl::FromUnixMicros(row[5].as<int64_t>()), row[9].as<std::string>()));
  }
  if (!row[10].is_null()) c.set_candidate_display_name(row[10].as<std::string>());
  if (!row[11].is_null()) c.set_role_title(row[11].as<std::string>());
  if (!row[12].is_null()) c.set_client_display_name(row[12].as<std::string>());
  return stored;
}

std::string CheckInBody(v1::CheckIn check_in) {
  check_in.clear_name();
  check_in.clear_due_time();
  check_in.clear_complete_time();
  check_in.clear_overdue();
  check_in.clear_create_time();
  check_in.clear_update_time();
  check_in.clear_etag();
  check_in.clear_due_local_time();
  // The placement's, read with the check-in.
  check_in.clear_candidate_display_name();
  check_in.clear_role_title();
  check_in.clear_client_display_name();
  return db::ToJsonBody(check_in);
}

int64_t ProtoMicros(const google::protobuf::Timestamp& time) {
  return TimeUtil::TimestampToMicroseconds(time);
}

}  // namespace

void InsertPlacement(pqxx::work& tx, const StoredPlacement& stored) {
  const v1::Placement& p = stored.placement;
  tx.exec_params(
      "INSERT INTO placement.placements (id, submission, client_id, role_id, candidate_id, state, "
      "time_zone, start_date, guarantee_end, body, trial_end) VALUES ($1, $2, $3, $4, $5, "
      "'ACTIVE', $6, $7::date, $8::date, $9::jsonb, NULLIF($10, '')::date)",
      stored.id, p.submission(), stored.client_id, stored.role_id, stored.candidate_id,
      p.time_zone(), DateText(p.start_date()), DateText(p.guarantee_end()), PlacementBody(p),
      TrialEndText(p));
}

std::optional<StoredPlacement> FindPlacement(pqxx::work& tx, const std::string& id,
                                             bool for_update) {
  pqxx::result rows = tx.exec_params(
      absl::StrCat("SELECT ", kPlacementColumns, " FROM placement.placements WHERE id = $1",
                   for_update ? " FOR UPDATE" : ""),
      id);
  if (rows.empty()) return std::nullopt;
  return PlacementFromRow(rows[0]);
}

std::optional<std::string> FindPlacementBySubmission(pqxx::work& tx,
                                                     const std::string& submission) {
  pqxx::result rows =
      tx.exec_params("SELECT id FROM placement.placements WHERE submission = $1", submission);
  if (rows.empty()) return std::nullopt;
  return absl::StrCat("placements/", rows[0][0].as<std::string>());
}

std::vector<StoredPlacement> ListPlacements(pqxx::work& tx, ListOrder order, int64_t after,
                                            const std::string& client_id, const std::string& state,
                                            int limit) {
  std::vector<StoredPlacement> placements;
  for (const pqxx::row& row :
       tx.exec_params(absl::StrCat("SELECT ", kPlacementColumns,
                                   " FROM placement.placements WHERE ($2 = '' OR client_id = $2)"
                                   " AND ($3 = '' OR state = $3) AND ",
                                   SeqPageSql(order, "seq", 1), " LIMIT $4"),
                      after, client_id, state, limit)) {
    placements.push_back(PlacementFromRow(row));
  }
  return placements;
}

void UpdatePlacement(pqxx::work& tx, const StoredPlacement& stored) {
  const v1::Placement& p = stored.placement;
  tx.exec_params(
      "UPDATE placement.placements SET state = $2, body = $3::jsonb, "
      "end_time = CASE WHEN $2 = 'ENDED' THEN COALESCE(end_time, now()) ELSE NULL END, "
      "trial_end = NULLIF($4, '')::date, trial_outcome = NULLIF($5, ''), "
      "version = version + 1, update_time = now() WHERE id = $1",
      stored.id, p.state() == v1::Placement::ENDED ? "ENDED" : "ACTIVE", PlacementBody(p),
      TrialEndText(p), TrialOutcomeText(p));
}

std::vector<std::string> PlacementsOfCandidate(pqxx::work& tx, const std::string& candidate_id) {
  std::vector<std::string> ids;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT id FROM placement.placements WHERE candidate_id = $1 ORDER BY seq FOR UPDATE",
           candidate_id)) {
    ids.push_back(row[0].as<std::string>());
  }
  return ids;
}

int CountActivePlacements(pqxx::work& tx, const std::string& role_id) {
  return tx
      .exec_params1(
          "SELECT count(*) FROM placement.placements WHERE role_id = $1 AND "
          "state = 'ACTIVE'",
          role_id)[0]
      .as<int>();
}

std::vector<std::string> CandidatesWhoLeftRole(pqxx::work& tx, const std::string& role_id) {
  std::vector<std::string> ids;
  for (const auto& row : tx.exec_params(
           "SELECT DISTINCT candidate_id FROM placement.placements WHERE role_id = $1 AND "
           "state = 'ENDED' ORDER BY candidate_id",
           role_id)) {
    ids.push_back(row[0].as<std::string>());
  }
  return ids;
}

void InsertCheckIn(pqxx::work& tx, const StoredCheckIn& stored) {
  tx.exec_params(
      "INSERT INTO placement.check_ins (id, placement_id, ordinal, due_time, body) VALUES "
      "($1, $2, $3, to_timestamp($4::float8 / 1000000), $5::jsonb)",
      stored.id, stored.placement_id, stored.ordinal, ProtoMicros(stored.check_in.due_time()),
      CheckInBody(stored.check_in));
}

std::optional<StoredCheckIn> FindCheckIn(pqxx::work& tx, const std::string& placement_id,
                                         const std::string& id, bool for_update) {
  pqxx::result rows =
      tx.exec_params(absl::StrCat("SELECT ", kCheckInColumns,
                                  " FROM placement.check_ins WHERE id = $1 AND placement_id = $2",
                                  for_update ? " FOR UPDATE" : ""),
                     id, placement_id);
  if (rows.empty()) return std::nullopt;
  return CheckInFromRow(rows[0]);
}

std::vector<StoredCheckIn> CheckInsOf(pqxx::work& tx, const std::string& placement_id) {
  std::vector<StoredCheckIn> check_ins;
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT ", kCheckInColumns,
                        " FROM placement.check_ins WHERE placement_id = $1 ORDER BY due_time, id"),
           placement_id)) {
    check_ins.push_back(CheckInFromRow(row));
  }
  return check_ins;
}

void UpdateCheckIn(pqxx::work& tx, const StoredCheckIn& stored) {
  const v1::CheckIn& c = stored.check_in;
  tx.exec_params(
      "UPDATE placement.check_ins SET due_time = to_timestamp($2::float8 / 1000000), "
      "completed_time = CASE WHEN $3::bigint = 0 THEN NULL ELSE to_timestamp($3::float8 / 1000000) "
      "END, "
      "body = $4::jsonb, version = version + 1, update_time = now(), "
      "overdue_reported = overdue_reported AND due_time = to_timestamp($2::float8 / 1000000) "
      "WHERE id = $1",
      stored.id, ProtoMicros(c.due_time()),
      c.has_complete_time() ? ProtoMicros(c.complete_time()) : int64_t{0}, CheckInBody(c));
}

int LastOrdinal(pqxx::work& tx, const std::string& placement_id) {
  return tx
      .exec_params1(
          "SELECT COALESCE(max(ordinal), -1) FROM placement.check_ins WHERE "
          "placement_id = $1",
          placement_id)[0]
      .as<int>();
}

std::vector<StoredCheckIn> ListAgenda(pqxx::work& tx, const AgendaQuery& query) {
  std::vector<StoredCheckIn> check_ins;
  const int64_t due_before = query.due_before ? Micros(*query.due_before) : 0;
  const int completed = !query.completed ? -1 : (*query.completed ? 1 : 0);
  const int64_t after_due = query.after_due ? Micros(*query.after_due) : 0;
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT ", kCheckInColumns,
                        " FROM placement.check_ins c WHERE"
                        " ($1 = '' AND EXISTS (SELECT 1 FROM placement.placements p WHERE"
                        "   p.id = c.placement_id AND p.state = 'ACTIVE') OR c.placement_id = $1)"
                        // $7 and $8 say whether a bound is given: 0 µs (the epoch) is a
                        // time like any other.
                        " AND (NOT $7 OR c.due_time < to_timestamp($2::float8 / 1000000))"
                        " AND ($3 = -1 OR ($3 = 1) = (c.completed_time IS NOT NULL))"
                        " AND (NOT $8 OR (c.due_time, c.id) > (to_timestamp($4::float8 / "
                        "1000000), $5))"
                        " ORDER BY c.due_time, c.id LIMIT $6"),
           query.placement_id, due_before, completed, after_due, query.after_id, query.limit,
           query.due_before.has_value(), query.after_due.has_value())) {
    check_ins.push_back(CheckInFromRow(row));
  }
  return check_ins;
}

void InsertTask(pqxx::work& tx, const std::string& id, const std::string& placement_id,
                const std::string& kind) {
  tx.exec_params("INSERT INTO placement.tasks (id, placement_id, kind) VALUES ($1, $2, $3)", id,
                 placement_id, kind);
}

std::optional<Task> LeaseDueTask(pqxx::work& tx, absl::Duration lease) {
  pqxx::result rows = tx.exec_params(
      "UPDATE placement.tasks SET attempts = attempts + 1, update_time = now(), "
      "next_attempt_time = now() + make_interval(secs => $1::float8) WHERE id = ("
      "  SELECT id FROM placement.tasks WHERE state = 'PENDING' AND next_attempt_time <= now()"
      "  ORDER BY next_attempt_time FOR UPDATE SKIP LOCKED LIMIT 1) "
      "RETURNING id, placement_id, kind, attempts, steps::text",
      absl::ToDoubleSeconds(lease));
  if (rows.empty()) return std::nullopt;
  return Task{rows[0][0].as<std::string>(), rows[0][1].as<std::string>(),
              rows[0][2].as<std::string>(), rows[0][3].as<int>(), rows[0][4].as<std::string>()};
}

void RecordTaskProgress(pqxx::work& tx, const std::string& id, const std::string& steps_json,
                        const std::string& state, const std::string& last_error,
                        absl::Duration retry_in) {
  tx.exec_params(
      "UPDATE placement.tasks SET steps = $2::jsonb, state = $3, last_error = $4, "
      "next_attempt_time = now() + make_interval(secs => $5::float8), update_time = now() "
      "WHERE id = $1",
      id, steps_json, state, last_error, absl::ToDoubleSeconds(retry_in));
}

std::string FeedPosition(pqxx::work& tx, const std::string& feed) {
  pqxx::result rows = tx.exec_params(
      "SELECT page_token FROM placement.feed_positions WHERE feed = $1 FOR UPDATE", feed);
  return rows.empty() ? "" : rows[0][0].as<std::string>();
}

void SaveFeedPosition(pqxx::work& tx, const std::string& feed, const std::string& page_token) {
  tx.exec_params(
      "INSERT INTO placement.feed_positions (feed, page_token) VALUES ($1, $2) "
      "ON CONFLICT (feed) DO UPDATE SET page_token = EXCLUDED.page_token, update_time = now()",
      feed, page_token);
}

void RecordPlacementEvent(pqxx::work& tx, const std::string& type, const StoredPlacement& stored,
                          const v1::Placement& placement, const Caller& caller) {
  events::v1::Event event;
  *event.mutable_placement() = placement;
  AppendEvent(tx, {.type = type, .resource = placement.name(), .candidate_id = stored.candidate_id},
              caller, std::move(event));
}

void RecordCheckInEvent(pqxx::work& tx, const std::string& type, const StoredPlacement& placement,
                        const v1::CheckIn& check_in, const Caller& caller) {
  events::v1::Event event;
  *event.mutable_check_in() = check_in;
  AppendEvent(tx,
              {.type = type, .resource = check_in.name(), .candidate_id = placement.candidate_id},
              caller, std::move(event));
}

std::vector<std::string> ActivePlacementIds(pqxx::work& tx) {
  std::vector<std::string> ids;
  for (const pqxx::row& row :
       tx.exec("SELECT id FROM placement.placements WHERE state = 'ACTIVE' ORDER BY seq")) {
    ids.push_back(row[0].as<std::string>());
  }
  return ids;
}

std::optional<bool> LockReportedRisk(pqxx::work& tx, const std::string& id) {
  const pqxx::result rows = tx.exec_params(
      "SELECT reported_at_risk FROM placement.placements WHERE id = $1 AND state = 'ACTIVE' "
      "FOR UPDATE SKIP LOCKED",
      id);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<bool>();
}

void SetReportedRisk(pqxx::work& tx, const std::string& id, bool at_risk) {
  tx.exec_params("UPDATE placement.placements SET reported_at_risk = $2 WHERE id = $1", id,
                 at_risk);
}

std::vector<StoredCheckIn> OverdueUnreported(pqxx::work& tx, absl::Time now, int limit) {
  std::vector<StoredCheckIn> overdue;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT c.placement_id, c.id FROM placement.check_ins c "
           "JOIN placement.placements p ON p.id = c.placement_id "
           "WHERE c.completed_time IS NULL AND NOT c.overdue_reported AND p.state = 'ACTIVE' "
           "AND c.due_time < to_timestamp($1::float8) ORDER BY c.due_time LIMIT $2 "
           "FOR UPDATE OF c SKIP LOCKED",
           absl::ToDoubleSeconds(now - absl::UnixEpoch()), limit)) {
    if (std::optional<StoredCheckIn> check_in =
            FindCheckIn(tx, row[0].as<std::string>(), row[1].as<std::string>(), false)) {
      overdue.push_back(std::move(*check_in));
    }
  }
  return overdue;
}

void MarkOverdueReported(pqxx::work& tx, const std::string& check_in_id) {
  tx.exec_params("UPDATE placement.check_ins SET overdue_reported = true WHERE id = $1",
                 check_in_id);
}

PlacementStats ReadPlacementStats(pqxx::work& tx, absl::Time now) {
  const double at = absl::ToDoubleSeconds(now - absl::UnixEpoch());
  const pqxx::row row = tx.exec_params1(
      "SELECT "
      "(SELECT count(*) FROM placement.placements WHERE state = 'ACTIVE' AND NOT reported_at_risk),"
      "(SELECT count(*) FROM placement.placements WHERE state = 'ACTIVE' AND reported_at_risk),"
      "(SELECT count(*) FROM placement.placements WHERE state = 'ENDED'),"
      "(SELECT count(*) FROM placement.check_ins c JOIN placement.placements p "
      "   ON p.id = c.placement_id WHERE p.state = 'ACTIVE' AND c.completed_time IS NULL),"
      "(SELECT count(*) FROM placement.check_ins c JOIN placement.placements p "
      "   ON p.id = c.placement_id WHERE p.state = 'ACTIVE' AND c.completed_time IS NULL "
      "   AND c.due_time < to_timestamp($1::float8)),"
      "(SELECT count(*) FROM placement.tasks WHERE state = 'PENDING'),"
      "(SELECT COALESCE(extract(epoch FROM to_timestamp($1::float8) - min(create_time)), 0) "
      "   FROM placement.tasks WHERE state = 'PENDING')::float8",
      at);
  PlacementStats stats;
  stats.active = row[0].as<int>();
  stats.at_risk = row[1].as<int>();
  stats.ended = row[2].as<int>();
  stats.check_ins_open = row[3].as<int>();
  stats.check_ins_overdue = row[4].as<int>();
  stats.tasks_pending = row[5].as<int>();
  stats.oldest_task_age = absl::Seconds(std::max(0.0, row[6].as<double>()));
  return stats;
}

}  // namespace meridian::placement
