// What of a database error may be written to a log: PostgreSQL's messages carry the values
// involved (a unique violation's `DETAIL: Key (email_key)=(ana@example.com) already exists.`,
// `invalid input syntax for type date: "..."`), and logs must never hold an email, a phone or
// free text about a person. Kept: the first line with every quoted part that is not a plain
// SQL identifier masked, so the constraint, table or type stays readable.
//
//   catch (const pqxx::sql_error& e) {
//     log::Info("unique violation", {{"error", db::LoggableError(e.what())}});
//   }
//   // "duplicate key value violates unique constraint \"candidates_email\"" (no DETAIL)
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace meridian::db {

std::string LoggableError(absl::string_view what);

}  // namespace meridian::db
