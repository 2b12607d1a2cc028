// The event feed's business logic, free of gRPC: ListEvents pages through the feed from a
// resumable token, and FollowEvents (StreamEvents) sends every event after a position and
// then each new one as it commits, until the caller goes away. A PARTNER sees only the events
// about its agency's candidates and submissions, with the resources shown as its reads show
// them (common/tenancy/partner_view.h).
//
//   EventService events(pool, tail);
//   absl::StatusOr<events::v1::ListEventsResponse> page = events.ListEvents(request, call);
//   absl::Status ended = events.FollowEvents(stream_request, call,
//       [&](const events::v1::Event& e) { return writer.Write(e); },
//       [&] { return context.IsCancelled(); });
#pragma once

#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/call_context.h"
#include "common/db/pool.h"
#include "common/events/event_log.h"
#include "common/events/event_tail.h"
#include "meridian/events/v1/events.pb.h"

namespace meridian {

// What a PARTNER sees of an event: the resource as its reads show it, and no other key's name.
// Staff see it whole.
void ShowEventTo(const Caller& caller, events::v1::Event& event);

class EventService final {
 public:
  EventService(db::ConnectionPool& pool, EventTail& tail) : pool_(pool), tail_(tail) {}

  absl::StatusOr<events::v1::ListEventsResponse> ListEvents(
      const events::v1::ListEventsRequest& request, const CallContext& call);

  // Sends with `send` every event after the request's position that the caller may see, then
  // each new one, until `send` returns false or `stopped` returns true (both: OK), or the
  // database fails for longer than a read's deadline (UNAVAILABLE: reconnect with the last
  // position). A position older than the retention is OUT_OF_RANGE before anything is sent.
  absl::Status FollowEvents(const events::v1::StreamEventsRequest& request, const CallContext& call,
                            const std::function<bool(const events::v1::Event&)>& send,
                            const std::function<bool()>& stopped);

 private:
  // The selection and checked start position of a read from `after`, for `caller`.
  absl::StatusOr<int64_t> CheckPosition(int64_t after, absl::Time deadline);
  absl::StatusOr<EventPage> Read(int64_t after, int limit, const EventSelection& selection,
                                 const Caller& caller, absl::Time deadline);

  db::ConnectionPool& pool_;
  EventTail& tail_;
};

}  // namespace meridian
