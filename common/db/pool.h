// A PostgreSQL connection pool with one-transaction-per-call semantics.
//
// A libpqxx connection is not thread-safe, so each call borrows one connection for the
// length of one transaction. Connections broken by a server restart are dropped and
// replaced; a transaction that failed on a broken pooled connection before its commit was
// sent is retried once on a fresh one, so callers rarely see the restart at all. (libpqxx's
// own silent reconnect is switched off: it ignores the caller's deadline.)
//
//   ConnectionPool pool({.url = config.database_url, .size = 8});
//   absl::StatusOr<Client> client = pool.InTransaction<Client>(
//       deadline, [&](pqxx::work& tx) -> absl::StatusOr<Client> { ... });
//
// Every statement runs under statement_timeout = min(time left to the deadline once a
// connection is in hand, the pool's statement timeout). The timeout is per statement: a
// transaction of several statements is bounded by the deadline only statement by statement.
// Database failures come back as UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED (serialization failure,
// deadlock) or INTERNAL, with generic messages; the detail is logged, never returned.
//
// Shutdown: CancelInFlight() (called at the end of the shutdown grace) makes every later commit
// a rollback and cancels the statements running on borrowed connections, so a call whose caller
// was told it failed never commits afterwards. A transaction also rolls back when the thread's
// CommitGuard says its caller has gone (the RPC layer installs one per call):
//
//   CommitGuard guard([&] { return context->IsCancelled(); });
//   absl::Status status = pool.InTransaction(deadline, work);   // CANCELLED, not committed
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "pqxx/pqxx"

namespace meridian::db {

// True for the ABORTED status, with reason CONCURRENT_CONFLICT, of a transaction that lost a
// race (serialization failure, deadlock, or a unique index taken by a concurrent insert).
// Retrying the whole request is safe and usually succeeds.
bool IsConcurrentConflict(const absl::Status& status);

// Work a call adds to its own transactions: the RPC layer records a served request and its
// audit row in the same transaction as the change (common/auth/served_requests.h). Runs only
// for InTransaction<T>, whose work produces a value.
class CommitHook {
 public:
  virtual ~CommitHook() = default;
  // Runs inside `tx` just before it commits, with the value the work produced when that is a
  // protobuf message (else nullptr). A non-OK status rolls the transaction back and is
  // returned from InTransaction.
  virtual absl::Status BeforeCommit(pqxx::work& tx, const google::protobuf::Message* value) = 0;
  // Runs once that transaction has committed.
  virtual void AfterCommit() = 0;
};

// For its lifetime, transactions of the calling thread roll back instead of committing once
// `abandoned` returns true (checked just before the commit): the caller of the RPC this thread
// serves has gone (cancelled, past its deadline), so it was told the call failed. Nests: the
// innermost guard applies. Keeps the pool free of gRPC types.
class CommitGuard final {
 public:
  // `hook`, when given, runs around the commits of the thread's transactions (see
  // CommitHook); it must outlive the guard.
  explicit CommitGuard(std::function<bool()> abandoned, CommitHook* hook = nullptr);
  ~CommitGuard();
  CommitGuard(const CommitGuard&) = delete;
  CommitGuard& operator=(const CommitGuard&) = delete;

  // True when the calling thread's innermost guard says its caller has gone.
  static bool CurrentAbandoned();
  // The innermost guard's hook, or nullptr.
  static CommitHook* CurrentHook();

 private:
  std::function<bool()> abandoned_;
  CommitHook* hook_;
  CommitGuard* previous_;
};

class ConnectionPool final {
  // The status InRolledBackTransaction's work returns to have its transaction rolled back
  // after it succeeded; never returned to callers.
  static absl::Status RollBackRequested();
  static bool IsRollBackRequested(const absl::Status& status);

 public:
  struct Options {
    std::string url;
    int size = 8;
    absl::Duration statement_timeout = absl::Seconds(10);
    absl::Duration connect_timeout = absl::Seconds(5);
  };

  explicit ConnectionPool(Options options);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  using Work = std::function<absl::Status(pqxx::work&)>;

  // Runs `work` in one transaction and commits it when `work` returns OK; any other status
  // rolls the transaction back and is returned as it is.
  absl::Status InTransaction(absl::Time deadline, const Work& work);

  // The same, for work that produces a value.
  template <typename T>
  absl::StatusOr<T> InTransaction(absl::Time deadline,
                                  const std::function<absl::StatusOr<T>(pqxx::work&)>& work) {
    std::optional<absl::StatusOr<T>> result;
    CommitHook* hook = CommitGuard::CurrentHook();
    absl::Status status = InTransaction(deadline, [&](pqxx::work& tx) -> absl::Status {
      result = work(tx);
      if (!result->ok() || hook == nullptr) return result->status();
      if constexpr (std::is_base_of_v<google::protobuf::Message, T>) {
        return hook->BeforeCommit(tx, &**result);
      } else {
        return hook->BeforeCommit(tx, nullptr);
      }
    });
    if (!status.ok()) return status;
    if (hook != nullptr) hook->AfterCommit();
    return std::move(*result);
  }

  // Runs `work` in one transaction like InTransaction<T>, then rolls it back whatever it
  // produced: for a create's validate_only (AIP-163), which goes through every rule a real
  // create checks, the database's included, and leaves nothing behind. No CommitHook runs, so
  // no served request or audit record is written either.
  template <typename T>
  absl::StatusOr<T> InRolledBackTransaction(
      absl::Time deadline, const std::function<absl::StatusOr<T>(pqxx::work&)>& work) {
    std::optional<absl::StatusOr<T>> result;
    absl::Status status = InTransaction(deadline, [&](pqxx::work& tx) -> absl::Status {
      result = work(tx);
      if (!result->ok()) return result->status();
      return RollBackRequested();
    });
    if (!IsRollBackRequested(status)) return status;
    return std::move(*result);
  }

  // InTransaction<T> when `validate_only` is false, InRolledBackTransaction<T> when true.
  template <typename T>
  absl::StatusOr<T> InTransactionOrDryRun(
      bool validate_only, absl::Time deadline,
      const std::function<absl::StatusOr<T>(pqxx::work&)>& work) {
    return validate_only ? InRolledBackTransaction<T>(deadline, work)
                         : InTransaction<T>(deadline, work);
  }

  // OK when the database answers a trivial query before the deadline.
  absl::Status Ping(absl::Time deadline);

  // For the end of a shutdown's grace: from now on nothing commits (work that returns OK is
  // rolled back) and new work is refused, both as UNAVAILABLE; and the statements running on
  // borrowed connections are cancelled in PostgreSQL, so one waiting for a lock fails at once
  // instead of committing later. A cancel only stops the statement running at that moment, so
  // it is sent again every 100 ms to the connections still borrowed, until none is (true) or
  // `deadline` passes (false). Blocks first while a commit is being sent, so that each commit
  // happens before the call returns or not at all. Safe from any thread and more than once.
  bool CancelInFlight(absl::Time deadline);

  // True once CancelInFlight() was called.
  bool cancelling() const;

  // Closes idle connections and refuses new work; borrowed ones close when returned.
  void Close();

  // A connection string with the pool's connect timeout added (libpq URL or key=value).
  static std::string WithConnectTimeout(const std::string& url, absl::Duration timeout);

 private:
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Acquire(absl::Time deadline, bool* reused);
  void Release(std::unique_ptr<pqxx::connection> connection, bool healthy);
  void DropIdleConnections();
  absl::Status RunOnce(absl::Time deadline, const Work& work, bool* retry);
  // Commits unless the pool is cancelling or the caller has gone; the status to return.
  absl::Status Commit(pqxx::work& tx);
  // Asks PostgreSQL, over `canceller` (connected on first use), to cancel the statements of
  // the borrowed connections; false once none is borrowed.
  bool CancelBorrowed(std::unique_ptr<pqxx::connection>& canceller);

  const Options options_;
  const std::string connection_string_;
  mutable std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  // Borrowed connections and their server process ids, for CancelInFlight().
  std::unordered_map<const pqxx::connection*, int> borrowed_;
  int open_ = 0;  // Connections that exist, idle or borrowed.
  bool closed_ = false;
  // Held shared while a commit is sent and exclusively to set cancelling_: a commit is either
  // sent before CancelInFlight() returns or not at all.
  std::shared_mutex commit_gate_;
  bool cancelling_ = false;  // Written under commit_gate_ and mutex_ both.
};

}  // namespace meridian::db
