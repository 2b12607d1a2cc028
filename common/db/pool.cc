#include "common/db/pool.h"

#include <algorithm>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/db/loggable_error.h"
#include "common/errors/errors.h"
#include "common/logging/log.h"
#include "common/metrics/metrics.h"

namespace meridian::db {
namespace {

// Marks the status of a transaction rolled back on purpose (InRolledBackTransaction).
constexpr absl::string_view kRollBackPayload = "meridian.db/rolled-back-on-purpose";

// SQLSTATE classes and codes that mean "the server went away or is going away".
bool IsConnectionLoss(const std::string& sqlstate) {
  return absl::StartsWith(sqlstate, "08") || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

absl::Status ConcurrentConflict() {
  return WithReason(absl::AbortedError("the request conflicted with a concurrent one; retry it"),
                    common::v1::CONCURRENT_CONFLICT);
}

absl::Status Unavailable() {
  return absl::UnavailableError("the database is unavailable; retry later");
}

absl::Status ShuttingDown() { return absl::UnavailableError("the service is shutting down"); }

// The innermost CommitGuard of this thread.
thread_local CommitGuard* current_guard = nullptr;

}  // namespace

CommitGuard::CommitGuard(std::function<bool()> abandoned, CommitHook* hook)
    : abandoned_(std::move(abandoned)), hook_(hook), previous_(current_guard) {
  current_guard = this;
}

CommitGuard::~CommitGuard() { current_guard = previous_; }

CommitHook* CommitGuard::CurrentHook() {
  return current_guard == nullptr ? nullptr : current_guard->hook_;
}

bool CommitGuard::CurrentAbandoned() {
  return current_guard != nullptr && current_guard->abandoned_ && current_guard->abandoned_();
}

bool IsConcurrentConflict(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kAborted) return false;
  return HasReason(status, common::v1::CONCURRENT_CONFLICT);
}

ConnectionPool::ConnectionPool(Options options)
    : options_(std::move(options)),
      connection_string_(WithConnectTimeout(options_.url, options_.connect_timeout)) {}

ConnectionPool::~ConnectionPool() { Close(); }

std::string ConnectionPool::WithConnectTimeout(const std::string& url, absl::Duration timeout) {
  const int64_t seconds = std::max<int64_t>(1, absl::ToInt64Seconds(timeout));
  if (absl::StartsWith(url, "postgres://") || absl::StartsWith(url, "postgresql://")) {
    return absl::StrCat(url, absl::StrContains(url, "?") ? "&" : "?", "connect_timeout=", seconds);
  }
  return absl::StrCat(url, " connect_timeout=", seconds);
}

absl::StatusOr<std::unique_ptr<pqxx::connection>> ConnectionPool::Acquire(absl::Time deadline,
                                                                          bool* reused) {
  const absl::Time asked = absl::Now();
  // What the wait cost, whatever the outcome.
  struct Measure {
    absl::Time asked;
    ~Measure() { Metrics().db_connection_wait.Observe(absl::ToDoubleSeconds(absl::Now() - asked)); }
  } measure{asked};
  {
    std::unique_lock lock(mutex_);
    while (true) {
      if (closed_ || cancelling_) return ShuttingDown();
      if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        borrowed_[connection.get()] = connection->backendpid();
        Metrics().db_connections_in_use.Increment();
        *reused = true;
        return connection;
      }
      if (open_ < options_.size) {
        ++open_;
        break;  // Connect outside the lock.
      }
      if (released_.wait_until(lock, absl::ToChronoTime(deadline)) == std::cv_status::timeout) {
        return absl::DeadlineExceededError("no database connection was free before the deadline");
      }
    }
  }
  *reused = false;
  try {
    auto connection = std::make_unique<pqxx::connection>(connection_string_);
    // libpqxx 6 would otherwise reconnect silently inside BEGIN, blocking up to the connect
    // timeout whatever the caller's deadline; the pool's own single retry is enough.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    connection->inhibit_reactivation(true);
#pragma GCC diagnostic pop
    {
      std::lock_guard lock(mutex_);
      if (!cancelling_) {
        borrowed_[connection.get()] = connection->backendpid();
        Metrics().db_connections_in_use.Increment();
        return connection;
      }
      --open_;
    }
    released_.notify_one();
    return ShuttingDown();
  } catch (const std::exception& e) {
    {
      std::lock_guard lock(mutex_);
      --open_;
    }
    released_.notify_one();
    log::Warning("database connection failed", {{"error", LoggableError(e.what())}});
    return Unavailable();
  }
}

void ConnectionPool::Release(std::unique_ptr<pqxx::connection> connection, bool healthy) {
  {
    std::lock_guard lock(mutex_);
    if (borrowed_.erase(connection.get()) > 0) Metrics().db_connections_in_use.Decrement();
    if (healthy && !closed_ && connection->is_open()) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;
    }
  }
  released_.notify_all();  // Acquire and CancelInFlight both wait on it.
  // A connection not returned to idle_ is destroyed here, outside the lock.
}

void ConnectionPool::DropIdleConnections() {
  std::vector<std::unique_ptr<pqxx::connection>> dropped;
  {
    std::lock_guard lock(mutex_);
    dropped.swap(idle_);
    open_ -= static_cast<int>(dropped.size());
  }
  released_.notify_all();
}

void ConnectionPool::Close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  DropIdleConnections();
}

absl::Status ConnectionPool::RollBackRequested() {
  absl::Status status = absl::AbortedError("rolled back on purpose (validate_only)");
  status.SetPayload(kRollBackPayload, absl::Cord("1"));
  return status;
}

bool ConnectionPool::IsRollBackRequested(const absl::Status& status) {
  return status.code() == absl::StatusCode::kAborted &&
         status.GetPayload(kRollBackPayload).has_value();
}

absl::Status ConnectionPool::InTransaction(absl::Time deadline, const Work& work) {
  bool retry = false;
  absl::Status status = RunOnce(deadline, work, &retry);
  if (retry) {
    // The server dropped a pooled connection (typically a restart): every idle connection
    // is as dead as this one, so start again from fresh ones.
    DropIdleConnections();
    retry = false;
    status = RunOnce(deadline, work, &retry);
  }
  return status;
}

absl::Status ConnectionPool::RunOnce(absl::Time deadline, const Work& work, bool* retry) {
  if (deadline <= absl::Now()) {
    return absl::DeadlineExceededError("the deadline passed before the database was reached");
  }
  bool reused = false;
  absl::StatusOr<std::unique_ptr<pqxx::connection>> acquired = Acquire(deadline, &reused);
  if (!acquired.ok()) return acquired.status();
  std::unique_ptr<pqxx::connection> connection = std::move(*acquired);
  // Measured after the wait for a connection, which used part of the caller's time.
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) {
    Release(std::move(connection), true);
    return absl::DeadlineExceededError("no database connection was free before the deadline");
  }

  bool healthy = true;
  absl::Status status;
  // "commit" or "rollback" when the work decided; any exception below makes it "error".
  const char* outcome = "error";
  const absl::Time began = absl::Now();
  try {
    pqxx::work tx(*connection);
    const int64_t timeout_ms =
        std::max<int64_t>(1, absl::ToInt64Milliseconds(std::min(left, options_.statement_timeout)));
    tx.exec_params("SELECT set_config('statement_timeout', $1, true)", absl::StrCat(timeout_ms));
    status = work(tx);
    if (status.ok()) status = Commit(tx);
    outcome = status.ok() ? "commit" : "rollback";
  } catch (const pqxx::in_doubt_error& e) {
    // The commit was sent but its outcome is unknown: never retry blindly.
    healthy = false;
    log::Error("database commit outcome unknown", {{"error", LoggableError(e.what())}});
    status = Unavailable();
  } catch (const pqxx::broken_connection& e) {
    healthy = false;
    *retry = reused;
    log::Warning("database connection lost",
                 {{"error", LoggableError(e.what())}, {"will_retry", *retry}});
    status = Unavailable();
  } catch (const pqxx::transaction_rollback& e) {
    log::Info("transaction rolled back by the database", {{"error", LoggableError(e.what())}});
    status = ConcurrentConflict();
  } catch (const pqxx::sql_error& e) {
    const std::string& sqlstate = e.sqlstate();
    if (sqlstate == "23505") {
      // A unique index refused a row a concurrent transaction inserted first: a lost race.
      log::Info("unique violation from a concurrent write", {{"error", LoggableError(e.what())}});
      status = ConcurrentConflict();
    } else if (sqlstate == "57014") {
      status = absl::DeadlineExceededError("the database did not answer before the deadline");
    } else if (IsConnectionLoss(sqlstate)) {
      healthy = false;
      *retry = reused;
      log::Warning("database connection lost",
                   {{"error", LoggableError(e.what())}, {"sqlstate", sqlstate}});
      status = Unavailable();
    } else {
      log::Error("database error", {{"error", LoggableError(e.what())}, {"sqlstate", sqlstate}});
      status = absl::InternalError("internal error");
    }
  } catch (const std::exception& e) {
    healthy = connection->is_open();
    log::Error("unexpected error in a database transaction", {{"error", LoggableError(e.what())}});
    status = absl::InternalError("internal error");
  }
  RecordTransaction(outcome, absl::Now() - began);
  if (!status.ok() && cancelling()) {
    // Whatever failed (typically the statement CancelInFlight cancelled), the reason the
    // caller gets is the shutdown.
    status = ShuttingDown();
  }
  Release(std::move(connection), healthy);
  return status;
}

absl::Status ConnectionPool::Commit(pqxx::work& tx) {
  if (CommitGuard::CurrentAbandoned()) {
    log::Info("transaction rolled back: the caller has gone");
    return absl::CancelledError("the call was cancelled");
  }
  std::shared_lock gate(commit_gate_);
  if (cancelling_) {
    log::Info("transaction rolled back: the service is shutting down");
    return ShuttingDown();
  }
  tx.commit();
  return absl::OkStatus();
}

bool ConnectionPool::cancelling() const {
  std::lock_guard lock(mutex_);
  return cancelling_;
}

bool ConnectionPool::CancelInFlight(absl::Time deadline) {
  {
    std::unique_lock gate(commit_gate_);
    std::lock_guard lock(mutex_);
    cancelling_ = true;
  }
  std::unique_ptr<pqxx::connection> canceller;
  while (CancelBorrowed(canceller)) {
    std::unique_lock lock(mutex_);
    const absl::Time next = std::min(deadline, absl::Now() + absl::Milliseconds(100));
    released_.wait_until(lock, absl::ToChronoTime(next), [this] { return borrowed_.empty(); });
    if (borrowed_.empty()) return true;
    if (absl::Now() >= deadline) {
      log::Warning("database work still running after it was cancelled",
                   {{"connections", static_cast<int64_t>(borrowed_.size())}});
      return false;
    }
  }
  return true;
}

bool ConnectionPool::CancelBorrowed(std::unique_ptr<pqxx::connection>& canceller) {
  std::string pids;
  {
    std::lock_guard lock(mutex_);
    if (borrowed_.empty()) return false;
    for (const auto& [connection, pid] : borrowed_) {
      absl::StrAppend(&pids, pids.empty() ? "" : ",", pid);
    }
  }
  // Over a connection of its own (never one a caller's thread uses): pg_cancel_backend does
  // what libpq's PQcancel does, and only stops the statement running at that moment.
  try {
    if (canceller == nullptr) canceller = std::make_unique<pqxx::connection>(connection_string_);
    pqxx::nontransaction tx(*canceller);
    tx.exec_params("SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid",
                   absl::StrCat("{", pids, "}"));
  } catch (const std::exception& e) {
    canceller.reset();
    log::Warning("cancelling database work failed", {{"error", LoggableError(e.what())}});
  }
  return true;
}

absl::Status ConnectionPool::Ping(absl::Time deadline) {
  return InTransaction(deadline, [](pqxx::work& tx) {
    tx.exec("SELECT 1");
    return absl::OkStatus();
  });
}

}  // namespace meridian::db
