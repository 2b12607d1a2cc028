// The intake store's list order against a real PostgreSQL: a page never ends past a row whose
// insert is still in flight, so paging never misses a row that committed late.
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

TEST(IntakeStore, AListPageWaitsForAnEarlierInsertInFlightSoAWalkNeverPassesIt) {
  TestDatabase database;
  ASSERT_TRUE(db::ApplyMigrations(database.url(), db::AllMigrations()).ok());
  const testing::ScopedReadableWait patient(absl::Seconds(60));

  pqxx::connection first_connection(database.url());
  pqxx::work first(first_connection);
  InsertClient(first, NewResourceId(), testing::ValidClient("Slow to commit"));
  {
    // The second insert does not wait for the first (writers commit side by side).
    pqxx::connection connection(database.url());
    pqxx::work tx(connection);
    InsertClient(tx, NewResourceId(), testing::ValidClient("Quick"));
    tx.commit();
  }

  // "Quick" is visible and "Slow to commit" is not yet: a page that showed "Quick" alone would
  // end past the slow row's place, and the walk would never see it. The page waits instead.
  std::vector<Listed<v1::Client>> listed;
  std::thread reader([&] {
    pqxx::connection connection(database.url());
    pqxx::work tx(connection);
    listed = ListClients(tx, ListOrder::kOldestFirst, 0, 10);
  });
  ASSERT_TRUE(testing::WaitForHorizonWaiter(database));
  first.commit();
  reader.join();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].resource.display_name(), "Slow to commit");
  EXPECT_EQ(listed[1].resource.display_name(), "Quick");
  EXPECT_LT(listed[0].seq, listed[1].seq);
}

}  // namespace
}  // namespace meridian::intake
