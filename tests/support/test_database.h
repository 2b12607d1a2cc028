// A fresh, empty PostgreSQL database per test, on the server `./meridian test` started
// (MERIDIAN_TEST_DATABASE_URL). Dropped again when the object goes away.
//
//   TestDatabase database;
//   ASSERT_TRUE(meridian::db::ApplyMigrations(database.url(), AllMigrations()).ok());
#pragma once

#include <string>

#include "absl/time/time.h"

namespace meridian::testing {

class TestDatabase final {
 public:
  // Creates the database on the test server; throws when there is none.
  TestDatabase();
  // Creates it on the server at `server_url` instead.
  explicit TestDatabase(std::string server_url);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // Connection URL of the new database.
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

  // MERIDIAN_TEST_DATABASE_URL, or throws with a message that says how to run the tests.
  static std::string ServerUrl();

 private:
  std::string server_url_;
  std::string name_;
  std::string url_;
};

// `url` with its database name replaced by `database`.
std::string WithDatabaseName(const std::string& url, const std::string& database);

// True once a session of `database` waits for a lock (a statement a test holds up with a lock
// of its own has reached it), within `timeout`.
bool WaitForLockWaiter(const TestDatabase& database, absl::Duration timeout = absl::Seconds(30));

// True once a session of `database` waits for transactions in flight to end before it reads up
// to a readable horizon (common/db/ordered_reads.h), within `timeout`. Raise
// db::SetReadableWait first, so that the reader does not give up meanwhile.
bool WaitForHorizonWaiter(const TestDatabase& database, absl::Duration timeout = absl::Seconds(30));

// db::SetReadableWait for the scope of a test, back to the default after it.
class ScopedReadableWait final {
 public:
  explicit ScopedReadableWait(absl::Duration wait);
  ~ScopedReadableWait();
  ScopedReadableWait(const ScopedReadableWait&) = delete;
  ScopedReadableWait& operator=(const ScopedReadableWait&) = delete;

 private:
  absl::Duration before_;
};

}  // namespace meridian::testing
