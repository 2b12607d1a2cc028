// SQL for webhook subscriptions and their delivery log (common/migrations/sql/
// 0010_webhooks.sql). Every function runs inside the caller's transaction with parameters
// only; times come from the caller's clock, so tests can move it.
//
//   std::optional<StoredSubscription> due = LeaseDueSubscription(tx, now, absl::Minutes(1));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/events/webhook_sender.h"
#include "meridian/events/v1/events.pb.h"
#include "pqxx/pqxx"

namespace meridian {

struct StoredSubscription {
  int64_t seq = 0;
  std::string id = {};
  std::string owner = {};
  // The agency whose events it receives; empty: every event.
  std::string tenant = {};
  std::string creator = {};
  std::string target_url = {};
  std::vector<std::string> event_types = {};
  events::v1::WebhookSubscription::State state = events::v1::WebhookSubscription::ACTIVE;
  std::string salt = {};
  int64_t delivered_position = 0;
  std::optional<absl::Time> failing_since = std::nullopt;
  int attempts = 0;
  std::string last_error = {};
  int64_t version = 1;
  absl::Time create_time = absl::UnixEpoch();
  absl::Time update_time = absl::UnixEpoch();
  // Set by LeaseDueSubscription: the feed's readable horizon it leased against (every event
  // at or below it is final), so that the delivery reads on without waiting for it again.
  int64_t readable_through = 0;

  // As the API shows it (no secret).
  events::v1::WebhookSubscription ToProto() const;
};

void InsertSubscription(pqxx::work& tx, const StoredSubscription& subscription, absl::Time now);
std::optional<StoredSubscription> FindSubscription(pqxx::work& tx, const std::string& id,
                                                   bool for_update);
// After `after_seq`, oldest first; only `owner`'s when not empty.
std::vector<StoredSubscription> ListSubscriptions(pqxx::work& tx, const std::string& owner,
                                                  int64_t after_seq, int limit);
// Writes target_url, event_types and state. Making it ACTIVE again clears its failures and
// makes it due now.
void UpdateSubscription(pqxx::work& tx, const StoredSubscription& subscription, absl::Time now);
void DeleteSubscription(pqxx::work& tx, const std::string& id);

// Claims the ACTIVE subscription due longest (a retry whose time has come, or one behind the
// feed or with a redelivery queued) for `lease`, skipping those another worker holds. Its
// readable_through is the horizon the claim was made against.
std::optional<StoredSubscription> LeaseDueSubscription(pqxx::work& tx, absl::Time now,
                                                       absl::Duration lease);
// Why the subscription may no longer deliver, if so: the key that made it is revoked, expired
// or gone, or (a partner's) its agency is disabled. Read from the access schema.
std::optional<std::string> WhyNoLongerAllowed(pqxx::work& tx,
                                              const StoredSubscription& subscription,
                                              absl::Time now);

// Gives a lease back without changing anything else.
void ReleaseSubscription(pqxx::work& tx, const std::string& id);

// The next position RedeliverEvent queued for it, taken off the queue.
std::optional<int64_t> TakeRedelivery(pqxx::work& tx, const std::string& id);
void QueueRedelivery(pqxx::work& tx, const std::string& id, int64_t position);

// One attempt, for the delivery log.
void RecordDeliveryAttempt(pqxx::work& tx, const std::string& id, const events::v1::Event& event,
                           const WebhookResponse& response, bool redelivery, absl::Time now);
// The cursor moves to `position` (delivered, or nothing there for it); failures are cleared
// and the lease given back.
void AdvanceCursor(pqxx::work& tx, const std::string& id, int64_t position, absl::Time now);
// A failed attempt: retry at `next_attempt`, or DISABLED when `disable`.
void RecordFailure(pqxx::work& tx, const std::string& id, const std::string& error, absl::Time now,
                   absl::Time next_attempt, bool disable);

// The delivery log, newest first, before seq `before` (0: from the newest).
std::vector<std::pair<int64_t, events::v1::WebhookDelivery>> ListDeliveries(pqxx::work& tx,
                                                                            const std::string& id,
                                                                            int64_t before,
                                                                            int limit);

}  // namespace meridian
