// The event feed's table (common/migrations/sql/0008_events.sql): writers append an event in
// the transaction of the change it describes; readers page through it by position; retention
// purges it; an erasure removes the person from earlier events. Every function runs inside
// the caller's transaction and uses parameters only.
//
//   // In the transaction that creates the candidate, after the change:
//   events::v1::Event event;
//   *event.mutable_candidate() = created;
//   AppendEvent(tx, {.type = "candidate.created", .resource = created.name(),
//                    .owner = created.owner(), .candidate_id = id},
//               call.caller, event);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "meridian/events/v1/events.pb.h"
#include "pqxx/pqxx"

namespace meridian {

// What an event is about, beside its value.
struct EventHeader {
  // "candidate.created", "submission.stage_changed", ...
  std::string type = {};
  // The resource's name.
  std::string resource = {};
  // The agency owning the candidate concerned ("agencies/{agency}"), for a PARTNER's reads.
  std::string owner = {};
  // Submission.submitted_by, for a submission's events.
  std::string submitted_by = {};
  // The id of the candidate concerned (a candidate's or a submission's events), so that an
  // erasure can reach the event.
  std::string candidate_id = {};
};

// Appends one event to the feed: `value` carries the resource (its resource_value); the id,
// actor and on_behalf_of are set here, position and time by the database. Call it after the
// change's own writes: a resource's events then take positions in the order its changes commit
// (the row lock orders them).
void AppendEvent(pqxx::work& tx, const EventHeader& header, const Caller& caller,
                 events::v1::Event value);

// The same for many events at once, in one statement and in the order given (thousands in a
// transaction are one round trip). `headers` and `values` are parallel.
void AppendEvents(pqxx::work& tx, const std::vector<EventHeader>& headers, const Caller& caller,
                  std::vector<events::v1::Event> values);

// Which events a read selects; empty lists select everything.
struct EventSelection {
  // Exact types ("candidate.created").
  std::vector<std::string> types = {};
  // Type prefixes ("candidate." for `candidate.*`).
  std::vector<std::string> type_prefixes = {};
  // Resource names.
  std::vector<std::string> resources = {};
  // A PARTNER's agency: only events about its candidates (candidate.*) and its submissions
  // (submission.*). Empty: no tenancy.
  std::string tenant = {};
};

struct EventPage {
  // Oldest first, at most the limit.
  std::vector<events::v1::Event> events;
  // Where the next read starts: the last event returned, or, on a short page, the readable
  // horizon (nothing at or below it can still appear), so that a selective reader does not
  // scan the same rows again. `after` itself when transactions in flight held the read back.
  int64_t next_after = 0;
};

// The events after position `after` that `selection` picks, oldest first, up to the readable
// horizon (common/db/ordered_reads.h): a page never passes an event that commits later.
EventPage ReadEvents(pqxx::work& tx, int64_t after, int limit, const EventSelection& selection);
// The same up to a horizon the caller read earlier (ReadableEventPosition, in any earlier
// transaction: a position once readable stays so), without waiting for it again.
EventPage ReadEventsThrough(pqxx::work& tx, int64_t after, int64_t readable, int limit,
                            const EventSelection& selection);

// The position of event `id` when it is kept and, for a `tenant` (a PARTNER's agency), one
// that agency may see.
std::optional<int64_t> FindEventPosition(pqxx::work& tx, const std::string& id,
                                         const std::string& tenant);

// The feed's readable horizon: every event at or below it is final (0 when empty); nullopt while
// transactions that may still add events below the newest position are running (they are
// waited for a moment first). Where a reader can start or resume.
std::optional<int64_t> ReadableEventPosition(pqxx::work& tx);

// The newest position in the feed (0 when empty), as this transaction sees it: what a caller
// could have been shown. Events below it may still commit; read through ReadEvents.
int64_t LatestEventPosition(pqxx::work& tx);

// Positions at or below this are purged (0 when nothing was): a reader asking for a position
// below it has missed events.
int64_t PurgedThrough(pqxx::work& tx);

// Deletes the events older than `before`; returns how many.
int64_t PurgeEvents(pqxx::work& tx, absl::Time before);

// Replaces every earlier event's copy of the candidate with `erased` (name and state only), and
// removes what names or describes them from the events of their submissions (notes, override
// and rejection reasons, the display name), placements (end note, trial notes, the display
// name), check-ins (notes, next steps, the display name), interviews (title, place, cancel
// reason) and scorecards (notes); their new-match alerts show the erased candidate too.
void EraseCandidateFromEvents(pqxx::work& tx, const std::string& candidate_id,
                              const talent::v1::Candidate& erased);

}  // namespace meridian
