// The intake store's insert ordering against a real PostgreSQL: a row's list position is
// its commit order, so paging never misses a row that committed late.
#include "services/intake/intake_store.h"

#include <thread>

#include "common/migrations/migrations.h"
#include "common/util/ids.h"
#include "gtest/gtest.h"
#include "tests/services/intake/intake_test_helpers.h"
#include "tests/support/test_database.h"
#include "tests/support/wait.h"

namespace meridian::intake {
namespace {

using testing::TestDatabase;
using testing::WaitUntil;

TEST(IntakeStore, AnInsertWaitsForAnEarlierUncommittedOneSoListOrderIsCommitOrder) {
  TestDatabase database;
  ASSERT_TRUE(db::ApplyMigrations(database.url(), db::AllMigrations()).ok());

  pqxx::connection first_connection(database.url());
  pqxx::work first(first_connection);
  const std::string first_id = NewResourceId();
  InsertClient(first, first_id, testing::ValidClient("Slow to commit"));

  const std::string second_id = NewResourceId();
  std::thread second([&] {
    pqxx::connection connection(database.url());
    pqxx::work tx(connection);
    InsertClient(tx, second_id, testing::ValidClient("Quick"));
    tx.commit();
  });

  // Wait until the second insert is queued behind the first one's lock.
  pqxx::connection observer(database.url());
  EXPECT_TRUE(WaitUntil(
      [&] {
        pqxx::nontransaction look(observer);
        return look.exec1(
                       "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND "
                       "NOT granted")[0]
                   .as<int>() == 1;
      },
      absl::Seconds(6)))
      << "the second insert did not wait for the first";
  {
    // Nothing is visible yet, so no page can end past the first row.
    pqxx::work reader(observer);
    EXPECT_TRUE(ListClients(reader, ListOrder::kOldestFirst, 0, 10).empty());
  }
  first.commit();
  second.join();

  pqxx::work reader(observer);
  std::vector<Listed<v1::Client>> listed = ListClients(reader, ListOrder::kOldestFirst, 0, 10);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].resource.display_name(), "Slow to commit");
  EXPECT_EQ(listed[1].resource.display_name(), "Quick");
  EXPECT_LT(listed[0].seq, listed[1].seq);
}

}  // namespace
}  // namespace meridian::intake
