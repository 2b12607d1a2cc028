// The keys a deployment makes for itself at start-up, when there is no key yet to call the
// AccessService with: the first ADMIN key, and the keys the services call each other with.
//
//   // intake_server --bootstrap_admin_key_file=.meridian/admin.key
//   absl::Status made = BootstrapAdminKey(pool, ".meridian/admin.key");
//   // placement_server, before it calls talent and intake:
//   absl::StatusOr<std::string> key =
//       EnsureServiceKey(pool, ".meridian/placement.key", access::v1::PLACEMENT_SERVICE);
//   // ./meridian call, or any client:
//   absl::StatusOr<std::string> admin = ReadKeyFile(".meridian/admin.key");
//
// A key file holds the key and a newline, with mode 0600 in a folder made 0700 when it has to
// be created. It is written to a temporary file in the same folder and renamed over the path,
// so a reader never sees half a key, and the file is written before the key's transaction
// commits, so a key that could not be written is never left working with nobody holding it.
// A path that is a symbolic link is refused: the process would write a secret wherever it
// points. The key itself is never logged or put in an error; the file's path is.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/db/pool.h"
#include "meridian/access/v1/access.pb.h"

namespace meridian {

// The display name of the ADMIN key BootstrapAdminKey makes.
inline constexpr absl::string_view kBootstrapAdminDisplayName = "bootstrap admin";

// When no ADMIN key works (none was made, or every one is revoked or expired), makes one and
// writes it to `path`, logging where it is. When an ADMIN key works, does nothing and logs
// that. Processes starting at once make one key between them.
absl::Status BootstrapAdminKey(db::ConnectionPool& pool, const std::string& path);

// The key in `path` when it is a working key of `role` (TALENT_SERVICE or
// PLACEMENT_SERVICE); otherwise (no file, an unknown, revoked, expired or other role's key)
// a new key of `role`, written to `path`. A file readable by group or others is refused, not
// replaced.
absl::StatusOr<std::string> EnsureServiceKey(db::ConnectionPool& pool, const std::string& path,
                                             access::v1::Role role);

// The key in the file at `path` (symbolic links followed, so a mounted secret works), without
// surrounding whitespace. NOT_FOUND when there is no file; FAILED_PRECONDITION when it is
// readable by group or others (saying how to fix it), empty, or not a regular file.
absl::StatusOr<std::string> ReadKeyFile(const std::string& path);

// Writes `key` to `path` as described above (exposed for tests and tools).
absl::Status WriteKeyFile(const std::string& path, absl::string_view key);

}  // namespace meridian
