#include "common/migrations/migrations.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/db/pool.h"
#include "common/logging/log.h"
#include "common/util/sha256.h"
#include "pqxx/pqxx"

namespace meridian::db {
namespace {

// pg_advisory_lock key shared by every Meridian process ("meridian" in ASCII).
constexpr int64_t kMigrationLockKey = 0x6d6572696469616e;
// How long a replica waits for another one's migrations before giving up (and restarting).
constexpr absl::Duration kLockWait = absl::Minutes(5);

}  // namespace

absl::StatusOr<int> ApplyMigrations(const std::string& database_url,
                                    std::span<const Migration> migrations) {
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].version <= migrations[i - 1].version) {
      return absl::FailedPreconditionError(
          absl::StrCat("migration versions must increase: ", migrations[i].version));
    }
  }
  try {
    pqxx::connection connection(
        ConnectionPool::WithConnectTimeout(database_url, absl::Seconds(10)));
    {
      // Bounded, so a replica never waits forever behind one that hangs while migrating.
      pqxx::nontransaction lock(connection);
      lock.exec_params("SELECT set_config('lock_timeout', $1, false)",
                       absl::StrCat(absl::ToInt64Milliseconds(kLockWait)));
      lock.exec_params("SELECT pg_advisory_lock($1)", kMigrationLockKey);
      lock.exec("SELECT set_config('lock_timeout', '0', false)");
    }
    // Created under the lock, so concurrent first starts do not race on it.
    {
      pqxx::work tx(connection);
      tx.exec(
          "CREATE SCHEMA IF NOT EXISTS meridian;"
          "CREATE TABLE IF NOT EXISTS meridian.schema_migrations ("
          "  version integer PRIMARY KEY,"
          "  name text NOT NULL,"
          "  checksum text NOT NULL,"
          "  applied_at timestamptz NOT NULL DEFAULT now())");
      tx.commit();
    }
    std::map<int, std::string> applied;
    {
      pqxx::read_transaction tx(connection);
      for (const auto& row : tx.exec("SELECT version, checksum FROM meridian.schema_migrations")) {
        applied[row[0].as<int>()] = row[1].as<std::string>();
      }
    }
    int count = 0;
    for (const Migration& migration : migrations) {
      const std::string checksum = Sha256Hex(migration.sql);
      if (auto it = applied.find(migration.version); it != applied.end()) {
        if (it->second != checksum) {
          return absl::FailedPreconditionError(
              absl::StrCat("migration ", migration.version, " (", migration.name,
                           ") changed after it was applied; add a new migration instead"));
        }
        continue;
      }
      pqxx::work tx(connection);
      tx.exec(std::string(migration.sql));
      tx.exec_params(
          "INSERT INTO meridian.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
          migration.version, std::string(migration.name), checksum);
      tx.commit();
      ++count;
      log::Info("migration applied", {{"version", migration.version}, {"name", migration.name}});
    }
    // Closing the connection releases the advisory lock.
    return count;
  } catch (const std::exception& e) {
    log::Error("migrations failed", {{"error", e.what()}});
    return absl::UnavailableError(absl::StrCat("applying migrations failed: ", e.what()));
  }
}

}  // namespace meridian::db
