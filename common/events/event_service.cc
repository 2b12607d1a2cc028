#include "common/events/event_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "common/events/event_filter.h"
#include "common/paging/paging.h"
#include "common/tenancy/partner_view.h"

namespace meridian {
namespace {

// How long one read of the feed may take inside a stream, and how many events it sends at
// most before looking again.
constexpr absl::Duration kStreamReadDeadline = absl::Seconds(10);
constexpr int kStreamBatch = 500;

absl::StatusOr<EventSelection> SelectionFor(absl::string_view filter, const Caller& caller) {
  absl::StatusOr<EventSelection> selection = ParseEventFilter(filter);
  if (!selection.ok()) return selection.status();
  // A partner's feed is its agency's, whatever the filter says.
  if (caller.is_partner()) selection->tenant = caller.agency;
  return selection;
}

}  // namespace

void ShowEventTo(const Caller& caller, events::v1::Event& event) {
  if (!caller.is_partner()) return;
  if (event.has_candidate()) ShowTo(caller, *event.mutable_candidate());
  if (event.has_submission()) ShowTo(caller, *event.mutable_submission());
  if (event.actor() != caller.principal) {
    event.clear_actor();
    event.clear_on_behalf_of();
  }
}

absl::StatusOr<int64_t> EventService::CheckPosition(int64_t after, absl::Time deadline) {
  return pool_.InTransaction<int64_t>(deadline, [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
    const int64_t purged = PurgedThrough(tx);
    // 0 means "from the oldest kept"; a later position that retention has passed is gone.
    if (after == 0) return purged;
    if (after < purged) {
      return WithReason(absl::OutOfRangeError(absl::StrCat(
                            "events up to position ", purged,
                            " were purged (retention); the oldest position now is ", purged + 1)),
                        common::v1::EVENTS_EXPIRED,
                        {{"oldest_position", absl::StrCat(purged + 1)}});
    }
    if (after > LatestEventPosition(tx)) {
      return InvalidArgument("after_position", "is beyond the newest event of the feed");
    }
    return after;
  });
}

absl::StatusOr<EventPage> EventService::Read(int64_t after, int limit,
                                             const EventSelection& selection, const Caller& caller,
                                             absl::Time deadline) {
  absl::StatusOr<EventPage> page =
      pool_.InTransaction<EventPage>(deadline, [&](pqxx::work& tx) -> absl::StatusOr<EventPage> {
        return ReadEvents(tx, after, limit, selection);
      });
  if (!page.ok()) return page.status();
  for (events::v1::Event& event : page->events) ShowEventTo(caller, event);
  return page;
}

absl::StatusOr<events::v1::ListEventsResponse> EventService::ListEvents(
    const events::v1::ListEventsRequest& request, const CallContext& call) {
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<EventSelection> selection = SelectionFor(request.filter(), call.caller);
  if (!selection.ok()) return selection.status();
  const std::string fingerprint = absl::StrCat("ListEvents|", CanonicalSelection(*selection));
  absl::StatusOr<int64_t> token = DecodePageToken(request.page_token(), fingerprint);
  if (!token.ok()) return token.status();
  absl::StatusOr<int64_t> after = CheckPosition(*token, call.deadline);
  if (!after.ok()) return after.status();
  absl::StatusOr<EventPage> page = Read(*after, *page_size, *selection, call.caller, call.deadline);
  if (!page.ok()) return page.status();
  events::v1::ListEventsResponse response;
  for (events::v1::Event& event : page->events) *response.add_events() = std::move(event);
  // Set on every page, an empty one too: the reader polls on from here.
  response.set_next_page_token(EncodePageToken(page->next_after, fingerprint));
  return response;
}

absl::Status EventService::FollowEvents(const events::v1::StreamEventsRequest& request,
                                        const CallContext& call,
                                        const std::function<bool(const events::v1::Event&)>& send,
                                        const std::function<bool()>& stopped) {
  if (request.after_position() < 0) {
    return InvalidArgument("after_position", "must be 0 (the oldest kept) or a position");
  }
  absl::StatusOr<EventSelection> selection = SelectionFor(request.filter(), call.caller);
  if (!selection.ok()) return selection.status();
  absl::StatusOr<int64_t> after = CheckPosition(request.after_position(), call.deadline);
  if (!after.ok()) return after.status();
  int64_t position = *after;
  while (!stopped()) {
    absl::StatusOr<EventPage> page =
        Read(position, kStreamBatch, *selection, call.caller, absl::Now() + kStreamReadDeadline);
    if (!page.ok()) return page.status();
    for (const events::v1::Event& event : page->events) {
      if (!send(event)) return absl::OkStatus();
    }
    const bool full = static_cast<int>(page->events.size()) == kStreamBatch;
    position = page->next_after;
    // Caught up: wait (up to a second, to notice the caller leaving) for a newer commit.
    if (!full) tail_.WaitForNewerThan(position, absl::Now() + absl::Seconds(1));
  }
  return absl::OkStatus();
}

}  // namespace meridian
