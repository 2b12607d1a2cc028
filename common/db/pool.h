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
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "pqxx/pqxx"

namespace meridian::db {

// ErrorInfo reason of the ABORTED status for a transaction that lost a race (serialization
// failure, deadlock, or a unique index taken by a concurrent insert). Retrying the whole
// request is safe and usually succeeds.
inline constexpr absl::string_view kConcurrentConflictReason = "CONCURRENT_CONFLICT";

// True for that status.
bool IsConcurrentConflict(const absl::Status& status);

class ConnectionPool final {
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
    absl::Status status = InTransaction(deadline, [&](pqxx::work& tx) -> absl::Status {
      result = work(tx);
      return result->status();
    });
    if (!status.ok()) return status;
    return std::move(*result);
  }

  // OK when the database answers a trivial query before the deadline.
  absl::Status Ping(absl::Time deadline);

  // Closes idle connections and refuses new work; borrowed ones close when returned.
  void Close();

  // A connection string with the pool's connect timeout added (libpq URL or key=value).
  static std::string WithConnectTimeout(const std::string& url, absl::Duration timeout);

 private:
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Acquire(absl::Time deadline, bool* reused);
  void Release(std::unique_ptr<pqxx::connection> connection, bool healthy);
  void DropIdleConnections();
  absl::Status RunOnce(absl::Time deadline, const Work& work, bool* retry);

  const Options options_;
  const std::string connection_string_;
  std::mutex mutex_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int open_ = 0;  // Connections that exist, idle or borrowed.
  bool closed_ = false;
};

}  // namespace meridian::db
