// SQL for the placement schema (common/migrations/sql/0004_placement.sql, with 0009's risk
// memory and 0014's trial columns). Every function
// runs inside the caller's transaction and uses parameters only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/api/list_order.h"
#include "common/auth/caller.h"
#include "meridian/placement/v1/placement.pb.h"
#include "pqxx/pqxx"

namespace meridian::placement {

// A placement row: the message (as stored; state ACTIVE or ENDED, health unset) and its keys.
struct StoredPlacement {
  int64_t seq = 0;
  std::string id;
  std::string client_id;
  std::string role_id;
  std::string candidate_id;
  v1::Placement placement;
};

struct StoredCheckIn {
  std::string id;
  std::string placement_id;
  int ordinal = 0;
  v1::CheckIn check_in;
};

void InsertPlacement(pqxx::work& tx, const StoredPlacement& placement);
std::optional<StoredPlacement> FindPlacement(pqxx::work& tx, const std::string& id,
                                             bool for_update);
// The placement made from a submission, if any.
std::optional<std::string> FindPlacementBySubmission(pqxx::work& tx, const std::string& submission);
// Placements past position `after` in `order` (0 = from the start), filtered by client id and
// stored state (ACTIVE or ENDED) when not empty.
std::vector<StoredPlacement> ListPlacements(pqxx::work& tx, ListOrder order, int64_t after,
                                            const std::string& client_id, const std::string& state,
                                            int limit);
void UpdatePlacement(pqxx::work& tx, const StoredPlacement& placement);
// The ids of every placement of a candidate (locked for update), oldest first.
std::vector<std::string> PlacementsOfCandidate(pqxx::work& tx, const std::string& candidate_id);
int CountActivePlacements(pqxx::work& tx, const std::string& role_id);
// The ids of the candidates whose placement on the role has ended, each once, in id order.
std::vector<std::string> CandidatesWhoLeftRole(pqxx::work& tx, const std::string& role_id);

void InsertCheckIn(pqxx::work& tx, const StoredCheckIn& check_in);
std::optional<StoredCheckIn> FindCheckIn(pqxx::work& tx, const std::string& placement_id,
                                         const std::string& id, bool for_update);
// Every check-in of a placement, by due time.
std::vector<StoredCheckIn> CheckInsOf(pqxx::work& tx, const std::string& placement_id);
// A new due time also clears the check-in's overdue report (see OverdueUnreported).
void UpdateCheckIn(pqxx::work& tx, const StoredCheckIn& check_in);
// The highest ordinal scheduled so far for the placement (-1 when none).
int LastOrdinal(pqxx::work& tx, const std::string& placement_id);

// The agenda: check-ins ordered by (due time, id) after the cursor, of one placement or (with
// an empty placement id) of every placement not ended; filters as in ListCheckIns.
struct AgendaQuery {
  std::string placement_id;
  std::optional<absl::Time> due_before;
  std::optional<bool> completed;
  std::optional<absl::Time> after_due;
  std::string after_id;
  int limit = 50;
};
std::vector<StoredCheckIn> ListAgenda(pqxx::work& tx, const AgendaQuery& query);

// Tasks: durable follow-up work.
struct Task {
  std::string id;
  std::string placement_id;
  std::string kind;  // FILL_ROLE or END_PLACEMENT
  int attempts = 0;
  std::string steps_json;
};
void InsertTask(pqxx::work& tx, const std::string& id, const std::string& placement_id,
                const std::string& kind);
// Leases the next due task: pushes its next attempt out by `lease` so no other worker takes
// it meanwhile, and counts the attempt. nullopt when none is due.
std::optional<Task> LeaseDueTask(pqxx::work& tx, absl::Duration lease);
void RecordTaskProgress(pqxx::work& tx, const std::string& id, const std::string& steps_json,
                        const std::string& state, const std::string& last_error,
                        absl::Duration retry_in);

// Where the service stands in a feed it follows (placement.feed_positions): the page token
// to read on from, "" before the first read.
std::string FeedPosition(pqxx::work& tx, const std::string& feed);
void SaveFeedPosition(pqxx::work& tx, const std::string& feed, const std::string& page_token);

// The event feed (common/events/event_log.h): a placement's events (placement.created, .ended,
// .trial_recorded, .at_risk, .back_to_active, .replacement_done, .replacement_failed) and a
// check-in's (check_in.recorded, .rescheduled, .overdue), each with the resource after the change.
void RecordPlacementEvent(pqxx::work& tx, const std::string& type, const StoredPlacement& stored,
                          const v1::Placement& placement, const Caller& caller);
void RecordCheckInEvent(pqxx::work& tx, const std::string& type, const StoredPlacement& placement,
                        const v1::CheckIn& check_in, const Caller& caller);

// The periodic pass's memory (common/migrations/sql/0009_placement_transitions.sql).
// ACTIVE placements' ids.
std::vector<std::string> ActivePlacementIds(pqxx::work& tx);
// Whether the placement's last risk event said AT_RISK, the row locked; nullopt when another
// replica's pass holds it or the placement is not ACTIVE.
std::optional<bool> LockReportedRisk(pqxx::work& tx, const std::string& id);
void SetReportedRisk(pqxx::work& tx, const std::string& id, bool at_risk);
// Open check-ins of ACTIVE placements due before `now` whose overdue event is not sent yet,
// locked (skipping those another replica holds), at most `limit`.
std::vector<StoredCheckIn> OverdueUnreported(pqxx::work& tx, absl::Time now, int limit);
void MarkOverdueReported(pqxx::work& tx, const std::string& check_in_id);

// What the placement gauges show (common/metrics/metrics.h), as of `now`.
struct PlacementStats {
  int active = 0;
  int at_risk = 0;
  int ended = 0;
  int check_ins_open = 0;
  int check_ins_overdue = 0;
  int tasks_pending = 0;
  absl::Duration oldest_task_age = absl::ZeroDuration();
};
PlacementStats ReadPlacementStats(pqxx::work& tx, absl::Time now);

}  // namespace meridian::placement
