// Delivers the event feed to webhook subscriptions: a few threads, each claiming one due
// subscription at a time (a lease in PostgreSQL, so replicas share the work and never send to
// one subscription at once), POSTing the next event it selects, signed, and moving its cursor
// only on a 2xx. A failure is retried with exponential back-off and jitter; after the retry
// window the subscription is DISABLED. A restart loses nothing: the cursor and the retry state
// are in the database, so at most the delivery in flight at a crash is sent again (receivers
// drop it by its Meridian-Event-Id: delivery is at least once). A subscription whose maker's
// key is revoked or expired, or whose agency is disabled, is DISABLED instead of delivering.
//
//   WebhookWorker worker(pool, sender, options);
//   worker.Start();      // threads; or RunOnce() from a test
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "common/db/pool.h"
#include "common/events/webhook_sender.h"
#include "common/events/webhook_service.h"
#include "common/events/webhook_store.h"

namespace meridian {

class WebhookWorker final {
 public:
  WebhookWorker(db::ConnectionPool& pool, WebhookSender& sender, const WebhookOptions& options)
      : pool_(pool), sender_(sender), options_(options) {}
  ~WebhookWorker();
  WebhookWorker(const WebhookWorker&) = delete;
  WebhookWorker& operator=(const WebhookWorker&) = delete;

  // Starts options.delivery_threads threads (none without a signing key).
  void Start();
  // The threads take no new subscription and return once the delivery each has in hand is
  // recorded (its lease released); waits for them. Safe to call again or from two threads at
  // once (the destructor calls it too).
  void Stop();

  // Claims one due subscription and makes one attempt for it (a queued redelivery first, else
  // its next event). False when nothing was due.
  bool RunOnce();

 private:
  void Loop();
  // Releases the lease of a subscription this worker claimed but could not go on with.
  void GiveBack(const StoredSubscription& subscription);
  // The body of the POST and its headers, signed with the subscription's secret.
  void Deliver(const StoredSubscription& subscription, const events::v1::Event& event,
               bool redelivery);
  absl::Duration Backoff(int attempts);

  db::ConnectionPool& pool_;
  WebhookSender& sender_;
  const WebhookOptions options_;
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
  std::once_flag joined_;
};

}  // namespace meridian
