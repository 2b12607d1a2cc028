#include "common/events/webhook_worker.h"

#include <algorithm>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/events/event_filter.h"
#include "common/events/event_log.h"
#include "common/events/event_service.h"
#include "common/events/webhook_signing.h"
#include "common/logging/log.h"
#include "common/metrics/metrics.h"
#include "google/protobuf/util/json_util.h"

namespace meridian {
namespace {

// How long a claim lasts: longer than one attempt, so that no other worker sends meanwhile.
absl::Duration LeaseFor(absl::Duration timeout) { return timeout + absl::Seconds(30); }
constexpr absl::Duration kDatabaseDeadline = absl::Seconds(10);

// Who the subscription reads the feed as: its agency for a PARTNER's, else staff.
Caller ReaderOf(const StoredSubscription& subscription) {
  Caller caller;
  caller.principal = subscription.creator;
  if (!subscription.tenant.empty()) {
    caller.role = access::v1::PARTNER;
    caller.agency = subscription.tenant;
  } else {
    caller.role = access::v1::RECRUITER;
  }
  return caller;
}

}  // namespace

WebhookWorker::~WebhookWorker() { Stop(); }

void WebhookWorker::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  // A second caller waits here until the first has joined the threads.
  std::call_once(joined_, [this] {
    for (std::thread& thread : threads_) thread.join();
  });
}

void WebhookWorker::Start() {
  if (options_.signing_key.empty()) return;
  for (int i = 0; i < std::max(1, options_.delivery_threads); ++i) {
    threads_.emplace_back([this] { Loop(); });
  }
}

void WebhookWorker::Loop() {
  while (true) {
    bool worked = false;
    try {
      worked = RunOnce();
    } catch (const std::exception& e) {
      log::Error("webhook delivery failed unexpectedly", {{"error", std::string(e.what())}});
    }
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    if (!worked) {
      stop_.wait_for(lock, absl::ToChronoMilliseconds(options_.poll_interval),
                     [&] { return stopping_; });
      if (stopping_) return;
    }
  }
}

absl::Duration WebhookWorker::Backoff(int attempts) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  absl::Duration wait = options_.first_retry;
  for (int i = 1; i < attempts && wait < options_.longest_retry; ++i) wait *= 2;
  wait = std::min(wait, options_.longest_retry);
  // Half to all of it, so that endpoints back from an outage are not hit all at once.
  return wait * std::uniform_real_distribution<double>(0.5, 1.0)(random);
}

bool WebhookWorker::RunOnce() {
  if (options_.signing_key.empty()) return false;
  const absl::Time now = options_.clock();
  absl::StatusOr<std::optional<StoredSubscription>> leased =
      pool_.InTransaction<std::optional<StoredSubscription>>(
          absl::Now() + kDatabaseDeadline,
          [&](pqxx::work& tx) -> absl::StatusOr<std::optional<StoredSubscription>> {
            return LeaseDueSubscription(tx, now, LeaseFor(options_.delivery_timeout));
          });
  if (!leased.ok() || !leased->has_value()) return false;
  const StoredSubscription& subscription = **leased;

  // A subscription delivers only while its maker may still read the feed.
  absl::StatusOr<std::optional<std::string>> refused =
      pool_.InTransaction<std::optional<std::string>>(
          absl::Now() + kDatabaseDeadline,
          [&](pqxx::work& tx) -> absl::StatusOr<std::optional<std::string>> {
            std::optional<std::string> why = WhyNoLongerAllowed(tx, subscription, now);
            if (why) RecordFailure(tx, subscription.id, *why, now, now, /*disable=*/true);
            return why;
          });
  if (!refused.ok()) {
    GiveBack(subscription);
    return false;
  }
  if (refused->has_value()) return true;

  absl::StatusOr<EventSelection> selection =
      SelectionOfTypes(subscription.event_types, "event_types");
  if (!selection.ok()) selection = EventSelection();
  selection->tenant = subscription.tenant;

  // A queued redelivery first: one attempt, outside the cursor.
  struct Next {
    std::optional<events::v1::Event> event;
    bool redelivery = false;
    int64_t skip_to = 0;
  };
  absl::StatusOr<Next> next = pool_.InTransaction<Next>(
      absl::Now() + kDatabaseDeadline, [&](pqxx::work& tx) -> absl::StatusOr<Next> {
        Next found;
        if (std::optional<int64_t> position = TakeRedelivery(tx, subscription.id)) {
          EventPage page = ReadEvents(tx, *position - 1, 1, {.tenant = subscription.tenant});
          if (!page.events.empty() && page.events[0].position() == *position) {
            found.event = std::move(page.events[0]);
            found.redelivery = true;
            return found;
          }
        }
        // Up to the horizon the lease was taken against: no second wait for it.
        EventPage page = ReadEventsThrough(tx, subscription.delivered_position,
                                           subscription.readable_through, 1, *selection);
        if (!page.events.empty()) {
          found.event = std::move(page.events[0]);
        } else {
          found.skip_to = page.next_after;
        }
        return found;
      });
  if (!next.ok()) {
    GiveBack(subscription);
    return false;
  }
  if (!next->event) {
    // Nothing it selects up to the newest event: the cursor moves past them.
    (void)pool_.InTransaction(absl::Now() + kDatabaseDeadline, [&](pqxx::work& tx) {
      AdvanceCursor(tx, subscription.id, next->skip_to, now);
      return absl::OkStatus();
    });
    return true;
  }
  Deliver(subscription, *next->event, next->redelivery);
  return true;
}

void WebhookWorker::GiveBack(const StoredSubscription& subscription) {
  // Best effort: when the database is what failed, the lease expires instead.
  (void)pool_.InTransaction(absl::Now() + kDatabaseDeadline, [&](pqxx::work& tx) {
    ReleaseSubscription(tx, subscription.id);
    return absl::OkStatus();
  });
}

void WebhookWorker::Deliver(const StoredSubscription& subscription, const events::v1::Event& event,
                            bool redelivery) {
  events::v1::Event shown = event;
  ShowEventTo(ReaderOf(subscription), shown);
  std::string body;
  if (!google::protobuf::util::MessageToJsonString(shown, &body).ok()) body = "{}";
  const absl::Time now = options_.clock();
  const std::string timestamp = absl::StrCat(absl::ToUnixSeconds(now));
  const std::string secret =
      WebhookSecret(options_.signing_key, subscription.id, subscription.salt);
  const std::map<std::string, std::string> headers = {
      {"Meridian-Event-Id", event.name()},
      {"Meridian-Event-Type", event.type()},
      {"Meridian-Timestamp", timestamp},
      {"Meridian-Subscription", absl::StrCat("webhookSubscriptions/", subscription.id)},
      {"Meridian-Signature", SignDelivery(secret, timestamp, body)},
  };
  const WebhookResponse response = sender_.Post(subscription.target_url, headers, body);
  Metrics()
      .webhook_deliveries.Add({{"outcome", response.delivered() ? "delivered" : "failed"}})
      .Increment();
  const absl::Time after = options_.clock();
  (void)pool_.InTransaction(absl::Now() + kDatabaseDeadline, [&](pqxx::work& tx) {
    RecordDeliveryAttempt(tx, subscription.id, event, response, redelivery, after);
    if (redelivery) {
      ReleaseSubscription(tx, subscription.id);
    } else if (response.delivered()) {
      AdvanceCursor(tx, subscription.id, event.position(), after);
    } else {
      const absl::Time failing_since = subscription.failing_since.value_or(after);
      const bool disable = after - failing_since >= options_.retry_window;
      RecordFailure(tx, subscription.id, response.error, after,
                    after + Backoff(subscription.attempts + 1), disable);
      if (disable) {
        log::Warning("webhook subscription disabled after its retry window",
                     {{"subscription", absl::StrCat("webhookSubscriptions/", subscription.id)},
                      {"error", response.error}});
      }
    }
    return absl::OkStatus();
  });
}

}  // namespace meridian
