#include "tests/support/test_database.h"

#include <cstdlib>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "common/db/ordered_reads.h"
#include "common/util/ids.h"
#include "pqxx/pqxx"
#include "tests/support/wait.h"

namespace meridian::testing {

std::string WithDatabaseName(const std::string& url, const std::string& database) {
  const size_t slash = url.rfind('/');
  const size_t query = url.find('?', slash);
  return absl::StrCat(url.substr(0, slash + 1), database,
                      query == std::string::npos ? "" : url.substr(query));
}

std::string TestDatabase::ServerUrl() {
  const char* url = std::getenv("MERIDIAN_TEST_DATABASE_URL");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "MERIDIAN_TEST_DATABASE_URL is not set: run the tests with ./meridian test, which "
        "starts a throwaway PostgreSQL");
  }
  return url;
}

TestDatabase::TestDatabase() : TestDatabase(ServerUrl()) {}

TestDatabase::TestDatabase(std::string server_url) : server_url_(std::move(server_url)) {
  std::string id = NewResourceId();
  std::erase(id, '-');
  name_ = absl::StrCat("meridian_test_", id);
  url_ = WithDatabaseName(server_url_, name_);
  pqxx::connection connection(server_url_);
  pqxx::nontransaction tx(connection);
  tx.exec(absl::StrCat("CREATE DATABASE ", tx.quote_name(name_)));
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection connection(server_url_);
    pqxx::nontransaction tx(connection);
    tx.exec(absl::StrCat("DROP DATABASE IF EXISTS ", tx.quote_name(name_), " WITH (FORCE)"));
  } catch (const std::exception&) {
    // The server may be gone (a test stopped it); the throwaway cluster is removed anyway.
  }
}

bool WaitForLockWaiter(const TestDatabase& database, absl::Duration timeout) {
  pqxx::connection connection(database.url());
  return WaitUntil(
      [&] {
        pqxx::nontransaction tx(connection);
        return tx.exec_params1(
                     "SELECT count(*) FROM pg_stat_activity "
                     "WHERE datname = $1 AND wait_event_type = 'Lock'",
                     database.name())[0]
                   .as<int>() > 0;
      },
      timeout);
}

ScopedReadableWait::ScopedReadableWait(absl::Duration wait) : before_(db::ReadableWait()) {
  db::SetReadableWait(wait);
}

ScopedReadableWait::~ScopedReadableWait() { db::SetReadableWait(before_); }

bool WaitForHorizonWaiter(const TestDatabase& database, absl::Duration timeout) {
  pqxx::connection connection(database.url());
  return WaitUntil(
      [&] {
        pqxx::nontransaction tx(connection);
        // The waiting reader's last statement is the check it repeats (ordered_reads.cc).
        return tx.exec_params1(
                     "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 "
                     "AND pid <> pg_backend_pid() AND state = 'idle in transaction' "
                     "AND query LIKE '%/* meridian: waiting for the writers in flight */%'",
                     database.name())[0]
                   .as<int>() > 0;
      },
      timeout);
}

}  // namespace meridian::testing
