// Database migrations: numbered SQL files under common/migrations/sql/, compiled into every
// service binary, applied in order, each in its own transaction, and recorded in
// meridian.schema_migrations.
//
// Every service applies the same list at start-up (unless --migrate=false), so the schema is
// one history for the one database the services share. A session-level advisory lock makes
// replicas that start together take turns: each file runs exactly once.
//
//   absl::StatusOr<int> applied = meridian::db::ApplyMigrations(url,
//   meridian::db::AllMigrations());
#pragma once

#include <span>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace meridian::db {

struct Migration {
  int version;             // The file's number: 0001_shared_reference.sql is 1.
  absl::string_view name;  // The file name without the number and extension.
  absl::string_view sql;   // The file's contents.
};

// Every migration of the project, ordered by version (generated at build time).
std::span<const Migration> AllMigrations();

// Applies the migrations not yet recorded and returns how many ran. A recorded migration
// whose SQL changed since is FAILED_PRECONDITION: applied files must never be edited.
absl::StatusOr<int> ApplyMigrations(const std::string& database_url,
                                    std::span<const Migration> migrations);

}  // namespace meridian::db
