// The connection pool against a real PostgreSQL: one transaction per call, deadlines bound
// the SQL, failures come back as generic statuses, a restarted server is reconnected, and
// work cancelled by a shutdown or a departed caller never commits.
#include "common/db/pool.h"

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/postgres_cluster.h"
#include "tests/support/test_database.h"

namespace meridian::db {
namespace {

using testing::PostgresCluster;
using testing::TestDatabase;
using testing::WaitForLockWaiter;

absl::Time Soon() { return absl::Now() + absl::Seconds(10); }

int64_t CountRows(ConnectionPool& pool) {
  absl::StatusOr<int64_t> count =
      pool.InTransaction<int64_t>(Soon(), [](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        return tx.exec1("SELECT count(*) FROM items")[0].as<int64_t>();
      });
  EXPECT_TRUE(count.ok()) << count.status();
  return count.value_or(-1);
}

class PoolTest : public ::testing::Test {
 protected:
  PoolTest() : pool_({.url = database_.url(), .size = 2}) {
    EXPECT_TRUE(pool_
                    .InTransaction(Soon(),
                                   [](pqxx::work& tx) {
                                     tx.exec("CREATE TABLE items (id int PRIMARY KEY)");
                                     return absl::OkStatus();
                                   })
                    .ok());
  }

  TestDatabase database_;
  ConnectionPool pool_;
};

TEST_F(PoolTest, CommitsWhenTheWorkSucceedsAndRollsBackWhenItFails) {
  ASSERT_TRUE(pool_
                  .InTransaction(Soon(),
                                 [](pqxx::work& tx) {
                                   tx.exec_params("INSERT INTO items VALUES ($1)", 1);
                                   return absl::OkStatus();
                                 })
                  .ok());
  absl::Status failed = pool_.InTransaction(Soon(), [](pqxx::work& tx) {
    tx.exec_params("INSERT INTO items VALUES ($1)", 2);
    return absl::FailedPreconditionError("changed my mind");
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CountRows(pool_), 1);
}

TEST_F(PoolTest, TheDeadlineBoundsTheStatement) {
  const absl::Time start = absl::Now();
  absl::Status slow =
      pool_.InTransaction(absl::Now() + absl::Milliseconds(300), [](pqxx::work& tx) {
        tx.exec("SELECT pg_sleep(30)");
        return absl::OkStatus();
      });
  EXPECT_EQ(slow.code(), absl::StatusCode::kDeadlineExceeded);
  // Not a timing assertion on the SQL: only that the 30 s sleep was cut short at all.
  EXPECT_LT(absl::Now() - start, absl::Seconds(25));
  // The connection went back to the pool in working order.
  EXPECT_EQ(CountRows(pool_), 0);

  absl::Status late = pool_.InTransaction(absl::Now() - absl::Seconds(1), [](pqxx::work&) {
    ADD_FAILURE() << "work ran after its deadline";
    return absl::OkStatus();
  });
  EXPECT_EQ(late.code(), absl::StatusCode::kDeadlineExceeded);
}

TEST_F(PoolTest, SqlErrorsReachTheCallerAsAGenericInternalError) {
  absl::Status status = pool_.InTransaction(Soon(), [](pqxx::work& tx) {
    tx.exec("SELECT * FROM no_such_table");
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(status.message(), "internal error");
}

TEST_F(PoolTest, MoreCallersThanConnectionsTakeTurns) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      absl::Status status = pool_.InTransaction(Soon(), [i](pqxx::work& tx) {
        tx.exec("SELECT pg_sleep(0.05)");
        tx.exec_params("INSERT INTO items VALUES ($1)", i);
        return absl::OkStatus();
      });
      if (status.ok()) ++ok;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(CountRows(pool_), 8);
  // Never more sessions than the pool size (plus none leaked).
  absl::StatusOr<int64_t> sessions =
      pool_.InTransaction<int64_t>(Soon(), [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        return tx
            .exec_params1("SELECT count(*) FROM pg_stat_activity WHERE datname = $1",
                          database_.name())[0]
            .as<int64_t>();
      });
  ASSERT_TRUE(sessions.ok());
  EXPECT_LE(*sessions, 2);
}

TEST(PoolWithoutServer, AnUnreachableDatabaseIsUnavailable) {
  ConnectionPool pool({.url = absl::StrCat("postgresql://postgres@127.0.0.1:",
                                           testing::PickFreePort(), "/postgres"),
                       .size = 1});
  absl::Status status = pool.Ping(Soon());
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(status.message(), "the database is unavailable; retry later");
}

TEST(PoolWithRestartingServer, ReconnectsAfterTheServerRestarts) {
  PostgresCluster cluster;
  ConnectionPool pool({.url = cluster.url(), .size = 2});
  ASSERT_TRUE(pool.Ping(Soon()).ok());
  cluster.Stop();
  EXPECT_EQ(pool.Ping(Soon()).code(), absl::StatusCode::kUnavailable);
  cluster.Start();
  // The dead pooled connections are replaced without the caller seeing them.
  EXPECT_TRUE(pool.Ping(Soon()).ok());
}

TEST(PoolWithRestartingServer, AStalePooledConnectionIsRetriedTransparently) {
  PostgresCluster cluster;
  ConnectionPool pool({.url = cluster.url(), .size = 1});
  ASSERT_TRUE(pool.Ping(Soon()).ok());
  // Restart while the connection sits idle in the pool.
  cluster.Stop();
  cluster.Start();
  EXPECT_TRUE(pool.Ping(Soon()).ok());
}

// Rows in `items`, over a connection of the test's own (a cancelling pool refuses work).
int64_t CountRowsDirectly(const TestDatabase& database) {
  pqxx::connection connection(database.url());
  pqxx::read_transaction tx(connection);
  return tx.exec1("SELECT count(*) FROM items")[0].as<int64_t>();
}

TEST_F(PoolTest, CancelInFlightStopsAStatementWaitingForALockAndNothingCommits) {
  // Another session holds a lock the insert waits for, far longer than the test.
  pqxx::connection locker(database_.url());
  pqxx::work lock(locker);
  lock.exec("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");

  absl::Status blocked;
  std::thread call([&] {
    blocked = pool_.InTransaction(absl::Now() + absl::Seconds(60), [](pqxx::work& tx) {
      tx.exec_params("INSERT INTO items VALUES ($1)", 1);
      return absl::OkStatus();
    });
  });
  ASSERT_TRUE(WaitForLockWaiter(database_));
  EXPECT_TRUE(pool_.CancelInFlight(absl::Now() + absl::Seconds(30)));
  EXPECT_TRUE(pool_.cancelling());
  call.join();
  EXPECT_EQ(blocked.code(), absl::StatusCode::kUnavailable);
  // Generic: no SQL or PostgreSQL text reaches the caller.
  EXPECT_EQ(blocked.message(), "the service is shutting down");

  lock.abort();
  EXPECT_EQ(CountRowsDirectly(database_), 0);
  // New work is refused.
  EXPECT_EQ(pool_.Ping(Soon()).code(), absl::StatusCode::kUnavailable);
}

TEST_F(PoolTest, WorkThatReturnsAfterCancelInFlightIsRolledBack) {
  std::promise<void> inserted;
  std::promise<void> cancelled;
  std::shared_future<void> cancelled_future = cancelled.get_future().share();
  absl::Status status;
  std::thread call([&] {
    status = pool_.InTransaction(Soon(), [&](pqxx::work& tx) {
      tx.exec_params("INSERT INTO items VALUES ($1)", 1);
      inserted.set_value();
      // Between statements, where a cancel request finds nothing to cancel.
      cancelled_future.wait();
      return absl::OkStatus();
    });
  });
  inserted.get_future().wait();
  // The work holds its connection until it returns: the deadline passes with it borrowed.
  EXPECT_FALSE(pool_.CancelInFlight(absl::Now() + absl::Milliseconds(200)));
  cancelled.set_value();
  call.join();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(CountRowsDirectly(database_), 0);
}

TEST_F(PoolTest, ACommitGuardWhoseCallerHasGoneRollsBack) {
  std::atomic<bool> gone{false};
  {
    CommitGuard guard([&] { return gone.load(); });
    ASSERT_TRUE(pool_
                    .InTransaction(Soon(),
                                   [](pqxx::work& tx) {
                                     tx.exec_params("INSERT INTO items VALUES ($1)", 1);
                                     return absl::OkStatus();
                                   })
                    .ok());
    absl::Status status = pool_.InTransaction(Soon(), [&](pqxx::work& tx) {
      tx.exec_params("INSERT INTO items VALUES ($1)", 2);
      gone = true;  // The caller cancels while the work runs.
      return absl::OkStatus();
    });
    EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
    EXPECT_EQ(status.message(), "the call was cancelled");
  }
  // Only the first insert committed; without the guard (out of scope) work commits again.
  EXPECT_EQ(CountRows(pool_), 1);
}

TEST(PoolClosed, RefusesWorkAfterClose) {
  TestDatabase database;
  ConnectionPool pool({.url = database.url(), .size = 1});
  pool.Close();
  EXPECT_EQ(pool.Ping(Soon()).code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace meridian::db
