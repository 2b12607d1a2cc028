// The readable horizon against a real PostgreSQL: writers no longer wait for each other, and a
// reader never reads past a position whose transaction may still commit, whatever order the
// writers commit in; it waits for the table's writers in flight (no other transaction), and
// says so when they outlast its wait.
#include "common/db/ordered_reads.h"

#include <atomic>
#include <limits>
#include <optional>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_database.h"
#include "tests/support/wait.h"

namespace meridian::db {
namespace {

using ::testing::ElementsAre;

// How long a read that must succeed may wait: transactions of tests running beside this one, on
// other databases of the same server, count as in flight too (the snapshot is the server's).
constexpr absl::Duration kPatience = absl::Seconds(60);

class OrderedReadsTest : public ::testing::Test {
 protected:
  OrderedReadsTest() {
    pqxx::connection connection(database_.url());
    pqxx::work tx(connection);
    tx.exec(
        "CREATE TABLE feed (position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "note text NOT NULL)");
    tx.commit();
  }
  ~OrderedReadsTest() override { SetReadableWait(absl::Milliseconds(200)); }

  // Joins the writers and inserts a row in `tx`; its position.
  static int64_t Insert(pqxx::work& tx, const std::string& note) {
    JoinOrderedWriters(tx, "feed");
    return tx.exec_params1("INSERT INTO feed (note) VALUES ($1) RETURNING position", note)[0]
        .as<int64_t>();
  }

  // Commits a row from a connection of its own; its position.
  int64_t InsertCommitted(const std::string& note) {
    pqxx::connection connection(database_.url());
    pqxx::work tx(connection);
    const int64_t position = Insert(tx, note);
    tx.commit();
    return position;
  }

  // The horizon, then the notes at or below it, as one reader would read them.
  struct Read {
    std::optional<int64_t> through;
    std::vector<std::string> notes;
  };
  Read ReadFeed(absl::Duration wait) {
    pqxx::connection connection(database_.url());
    pqxx::work tx(connection);
    Read read;
    read.through = ReadableThrough(tx, "feed", "position", wait);
    if (read.through) {
      for (const pqxx::row& row : tx.exec_params(
               "SELECT note FROM feed WHERE position <= $1 ORDER BY position", *read.through)) {
        read.notes.push_back(row[0].as<std::string>());
      }
    }
    return read;
  }

  testing::TestDatabase database_;
};

TEST_F(OrderedReadsTest, AnEmptyFeedIsReadableThroughZero) {
  EXPECT_EQ(ReadFeed(kPatience).through, 0);
}

TEST_F(OrderedReadsTest, CommittedRowsAreReadableAtOnce) {
  InsertCommitted("a");
  InsertCommitted("b");
  const Read read = ReadFeed(kPatience);
  EXPECT_EQ(read.through, 2);
  EXPECT_THAT(read.notes, ElementsAre("a", "b"));
}

TEST_F(OrderedReadsTest, WritersDoNotWaitForEachOtherToCommit) {
  pqxx::connection slow_connection(database_.url());
  pqxx::work slow(slow_connection);
  EXPECT_EQ(Insert(slow, "slow"), 1);
  // With the old commit-order lock this insert queued behind `slow` until it committed.
  std::atomic<bool> done{false};
  std::thread quick([&] {
    InsertCommitted("quick");
    done = true;
  });
  EXPECT_TRUE(testing::WaitUntil([&] { return done.load(); }, absl::Seconds(30)))
      << "the second writer waited for the first";
  slow.commit();
  quick.join();
}

TEST_F(OrderedReadsTest, AReaderStopsBelowAPositionWhoseTransactionIsStillRunning) {
  pqxx::connection slow_connection(database_.url());
  pqxx::work slow(slow_connection);
  ASSERT_EQ(Insert(slow, "slow"), 1);
  ASSERT_EQ(InsertCommitted("quick"), 2);

  // Position 2 is visible, 1 is not yet: a reader that read 2 and moved on would lose 1.
  const Read held = ReadFeed(absl::Milliseconds(20));
  EXPECT_EQ(held.through, std::nullopt);

  slow.commit();
  const Read read = ReadFeed(kPatience);
  EXPECT_EQ(read.through, 2);
  EXPECT_THAT(read.notes, ElementsAre("slow", "quick"));
}

TEST_F(OrderedReadsTest, AReaderWaitsForTheTransactionsInFlightThenReadsTheirRows) {
  SetReadableWait(absl::Seconds(60));
  pqxx::connection slow_connection(database_.url());
  pqxx::work slow(slow_connection);
  ASSERT_EQ(Insert(slow, "slow"), 1);
  ASSERT_EQ(InsertCommitted("quick"), 2);

  Read read;
  std::thread reader([&] { read = ReadFeed(ReadableWait()); });
  ASSERT_TRUE(testing::WaitForHorizonWaiter(database_));
  slow.commit();
  reader.join();
  EXPECT_EQ(read.through, 2);
  EXPECT_THAT(read.notes, ElementsAre("slow", "quick"));
}

TEST_F(OrderedReadsTest, APositionRolledBackIsPassed) {
  {
    pqxx::connection connection(database_.url());
    pqxx::work tx(connection);
    Insert(tx, "rolled back");
    tx.abort();
  }
  InsertCommitted("kept");
  const Read read = ReadFeed(kPatience);
  EXPECT_EQ(read.through, 2);
  EXPECT_THAT(read.notes, ElementsAre("kept"));
}

TEST_F(OrderedReadsTest, AWriterIsNotHeldBackByItsOwnTransaction) {
  pqxx::connection connection(database_.url());
  pqxx::work tx(connection);
  InsertCommitted("before");
  Insert(tx, "mine");
  EXPECT_EQ(ReadableThrough(tx, "feed", "position", kPatience), 2);
}

TEST_F(OrderedReadsTest, ALongTransactionThatDoesNotWriteTheTableDoesNotHoldItsReadersBack) {
  pqxx::connection other_connection(database_.url());
  pqxx::work other(other_connection);
  other.exec("CREATE TABLE other (id int)");
  other.exec("INSERT INTO other VALUES (1)");
  JoinOrderedWriters(other, "other");
  InsertCommitted("meanwhile");

  const Read read = ReadFeed(kPatience);
  EXPECT_EQ(read.through, 1);
  EXPECT_THAT(read.notes, ElementsAre("meanwhile"));
}

TEST_F(OrderedReadsTest, ASlowWriterHoldsItsTableBackAndListsShowWhatIsVisible) {
  // The design's cost: a writer of the table left open holds its readers back until it ends.
  pqxx::connection slow_connection(database_.url());
  pqxx::work slow(slow_connection);
  ASSERT_EQ(Insert(slow, "slow"), 1);
  ASSERT_EQ(InsertCommitted("after it"), 2);

  EXPECT_EQ(ReadFeed(absl::Milliseconds(20)).through, std::nullopt);
  SetReadableWait(absl::Milliseconds(20));
  {
    pqxx::connection connection(database_.url());
    pqxx::work tx(connection);
    // No bound: a list shows what is visible, the caller's own new rows included.
    EXPECT_EQ(ListHorizon(tx, "feed", "position"), std::numeric_limits<int64_t>::max());
  }
  slow.commit();
  EXPECT_EQ(ReadFeed(kPatience).through, 2);
}

TEST(WritersLockKey, IsStableAndTellsTablesApart) {
  // Writers in one process and readers in another must agree on it (FNV-1a of
  // "meridian writers feed", computed apart from this code).
  EXPECT_EQ(WritersLockKey("events.events"), WritersLockKey("events.events"));
  EXPECT_NE(WritersLockKey("events.events"), WritersLockKey("talent.candidate_changes"));
  EXPECT_EQ(WritersLockKey("feed"), static_cast<int64_t>(0xeba6fb6f9bfa48eaULL));
}

}  // namespace
}  // namespace meridian::db
