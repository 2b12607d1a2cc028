#include "common/events/event_log.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/db/json_body.h"
#include "common/db/ordered_reads.h"
#include "common/db/text_array.h"
#include "common/util/ids.h"
#include "google/protobuf/util/time_util.h"

namespace meridian {
namespace {

using google::protobuf::util::TimeUtil;

// LIKE patterns for the prefixes, with LIKE's own wildcards in them escaped.
std::vector<std::string> PrefixPatterns(const std::vector<std::string>& prefixes) {
  std::vector<std::string> patterns;
  for (const std::string& prefix : prefixes) {
    patterns.push_back(absl::StrCat(
        absl::StrReplaceAll(prefix, {{"\\", "\\\\"}, {"%", "\\%"}, {"_", "\\_"}}), "%"));
  }
  return patterns;
}

}  // namespace

void AppendEvent(pqxx::work& tx, const EventHeader& header, const Caller& caller,
                 events::v1::Event value) {
  value.clear_name();
  value.clear_position();
  value.clear_time();
  value.set_type(header.type);
  value.set_resource(header.resource);
  value.set_actor(caller.principal);
  value.set_on_behalf_of(caller.on_behalf_of);
  db::JoinOrderedWriters(tx, "events.events");
  tx.exec_params(
      "INSERT INTO events.events (id, type, resource, owner, submitted_by, candidate_id, body) "
      "VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, ''), NULLIF($6, ''), $7::jsonb)",
      NewResourceId(), header.type, header.resource, header.owner, header.submitted_by,
      header.candidate_id, db::ToJsonBody(value));
}

void AppendEvents(pqxx::work& tx, const std::vector<EventHeader>& headers, const Caller& caller,
                  std::vector<events::v1::Event> values) {
  if (headers.empty()) return;
  std::vector<std::string> ids, types, resources, owners, submitters, candidates, bodies;
  for (size_t i = 0; i < headers.size(); ++i) {
    events::v1::Event& value = values[i];
    value.clear_name();
    value.clear_position();
    value.clear_time();
    value.set_type(headers[i].type);
    value.set_resource(headers[i].resource);
    value.set_actor(caller.principal);
    value.set_on_behalf_of(caller.on_behalf_of);
    ids.push_back(NewResourceId());
    types.push_back(headers[i].type);
    resources.push_back(headers[i].resource);
    owners.push_back(headers[i].owner);
    submitters.push_back(headers[i].submitted_by);
    candidates.push_back(headers[i].candidate_id);
    bodies.push_back(db::ToJsonBody(value));
  }
  db::JoinOrderedWriters(tx, "events.events");
  tx.exec_params(
      "INSERT INTO events.events (id, type, resource, owner, submitted_by, candidate_id, body) "
      "SELECT e.id, e.type, e.resource, NULLIF(e.owner, ''), NULLIF(e.submitted_by, ''), "
      "NULLIF(e.candidate_id, ''), e.body::jsonb "
      "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], "
      "$7::text[]) WITH ORDINALITY AS e(id, type, resource, owner, submitted_by, candidate_id, "
      "body, n) ORDER BY e.n",
      db::TextArray(ids), db::TextArray(types), db::TextArray(resources), db::TextArray(owners),
      db::TextArray(submitters), db::TextArray(candidates), db::TextArray(bodies));
}

EventPage ReadEvents(pqxx::work& tx, int64_t after, int limit, const EventSelection& selection) {
  // Only up to the readable horizon (common/db/ordered_reads.h): every event at or below it is
  // final, so the page and its next_after never pass an event that commits later.
  const std::optional<int64_t> readable = ReadableEventPosition(tx);
  if (!readable) return EventPage{.events = {}, .next_after = after};
  return ReadEventsThrough(tx, after, *readable, limit, selection);
}

EventPage ReadEventsThrough(pqxx::work& tx, int64_t after, int64_t readable, int limit,
                            const EventSelection& selection) {
  EventPage page;
  page.next_after = after;
  if (readable <= after) return page;
  const std::vector<std::string> patterns = PrefixPatterns(selection.type_prefixes);
  const bool any_type = selection.types.empty() && patterns.empty();
  const pqxx::result rows = tx.exec_params(
      "SELECT position, id, (extract(epoch FROM create_time) * 1000000)::bigint, body::text "
      "FROM events.events WHERE position > $1 "
      "AND ($2 OR type = ANY($3::text[]) OR type LIKE ANY($4::text[])) "
      "AND (cardinality($5::text[]) = 0 OR resource = ANY($5::text[])) "
      "AND ($6 = '' OR (type LIKE 'candidate.%' AND owner = $6) "
      "             OR (type LIKE 'submission.%' AND submitted_by = $6)) "
      "AND position <= $8 ORDER BY position LIMIT $7",
      after, any_type, db::TextArray(selection.types), db::TextArray(patterns),
      db::TextArray(selection.resources), selection.tenant, limit, readable);
  for (const pqxx::row& row : rows) {
    events::v1::Event event = db::FromJsonBody<events::v1::Event>(row[3].as<std::string>());
    event.set_position(row[0].as<int64_t>());
    event.set_name(absl::StrCat("events/", row[1].as<std::string>()));
    *event.mutable_time() = TimeUtil::MicrosecondsToTimestamp(row[2].as<int64_t>());
    page.next_after = event.position();
    page.events.push_back(std::move(event));
  }
  if (static_cast<int>(page.events.size()) < limit) {
    page.next_after = std::max(page.next_after, readable);
  }
  return page;
}

std::optional<int64_t> FindEventPosition(pqxx::work& tx, const std::string& id,
                                         const std::string& tenant) {
  const pqxx::result rows = tx.exec_params(
      "SELECT position FROM events.events WHERE id = $1 "
      "AND ($2 = '' OR (type LIKE 'candidate.%' AND owner = $2) "
      "             OR (type LIKE 'submission.%' AND submitted_by = $2))",
      id, tenant);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<int64_t>();
}

std::optional<int64_t> ReadableEventPosition(pqxx::work& tx) {
  return db::ReadableThrough(tx, "events.events", "position");
}

int64_t LatestEventPosition(pqxx::work& tx) {
  return tx.exec1("SELECT COALESCE(max(position), 0) FROM events.events")[0].as<int64_t>();
}

int64_t PurgedThrough(pqxx::work& tx) {
  return tx.exec1("SELECT purged_through FROM events.horizon")[0].as<int64_t>();
}

int64_t PurgeEvents(pqxx::work& tx, absl::Time before) {
  // By position, up to the newest event older than `before`: what is kept stays contiguous even
  // when a long transaction committed an older time stamp after a newer one.
  const pqxx::row row = tx.exec_params1(
      "WITH cut AS (SELECT COALESCE(max(position), 0) AS through FROM events.events "
      "             WHERE create_time < to_timestamp($1::float8)), "
      "gone AS (DELETE FROM events.events WHERE position <= (SELECT through FROM cut) "
      "         RETURNING 1), "
      "moved AS (UPDATE events.horizon SET purged_through = GREATEST(purged_through, "
      "          (SELECT through FROM cut)) RETURNING 1) "
      "SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM moved)",
      absl::ToDoubleSeconds(before - absl::UnixEpoch()));
  return row[0].as<int64_t>();
}

void EraseCandidateFromEvents(pqxx::work& tx, const std::string& candidate_id,
                              const talent::v1::Candidate& erased) {
  tx.exec_params(
      "UPDATE events.events SET body = jsonb_set(body, '{candidate}', $2::jsonb) "
      "WHERE candidate_id = $1 AND body ? 'candidate'",
      candidate_id, db::ToJsonBody(erased));
  tx.exec_params(
      "UPDATE events.events SET body = jsonb_set(body #- '{submission,rejection_reason}' "
      "#- '{submission,candidate_display_name}', "
      "'{submission,history}', COALESCE((SELECT jsonb_agg(change - 'note' - 'override_reason') "
      "FROM "
      "jsonb_array_elements(body -> 'submission' -> 'history') AS change), '[]'::jsonb)) "
      "WHERE candidate_id = $1 AND body ? 'submission'",
      candidate_id);
  // A new-match alert repeats the candidate's profile: it shows them erased, as above.
  tx.exec_params(
      "UPDATE events.events SET body = jsonb_set(body, '{role_match,match,candidate}', "
      "$2::jsonb) WHERE candidate_id = $1 AND body ? 'role_match'",
      candidate_id, db::ToJsonBody(erased));
  // Placements and check-ins keep their dates, states and ratings; their free text goes.
  tx.exec_params(
      "UPDATE events.events SET body = body #- '{placement,end_note}' "
      "#- '{placement,trial,notes}' #- '{placement,candidate_display_name}' "
      "WHERE candidate_id = $1 AND body ? 'placement'",
      candidate_id);
  tx.exec_params(
      "UPDATE events.events SET body = body #- '{check_in,notes}' #- '{check_in,next_steps}' "
      "#- '{check_in,candidate_display_name}' WHERE candidate_id = $1 AND body ? 'check_in'",
      candidate_id);
  // Interviews keep kinds, times, states and who interviewed; scorecards their ratings.
  tx.exec_params(
      "UPDATE events.events SET body = body #- '{interview,title}' #- '{interview,location}' "
      "#- '{interview,cancel_reason}' WHERE candidate_id = $1 AND body ? 'interview'",
      candidate_id);
  tx.exec_params(
      "UPDATE events.events SET body = body #- '{scorecard,notes}' "
      "WHERE candidate_id = $1 AND body ? 'scorecard'",
      candidate_id);
}

}  // namespace meridian
