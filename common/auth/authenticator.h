// Turns the key a call presents into the Caller behind it, against access.api_keys, with a
// short cache so that a call costs no database round trip in the common case.
//
// A cached answer is used for at most `cache_ttl` (2 s by default): a revoked or expired key
// stops working on every replica within that time, and a key created on one replica works on
// the others at once (an unknown key is looked up again, at most once per `cache_ttl`).
//
//   Authenticator authenticator(pool);
//   absl::StatusOr<Caller> caller = authenticator.Authenticate(bearer_key, deadline);
//   // UNAUTHENTICATED "missing or invalid API key" for a missing, malformed, unknown, expired
//   // or revoked key alike; UNAVAILABLE when the database cannot answer.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/auth/caller.h"
#include "common/db/pool.h"

namespace meridian {

// The one message every authentication failure carries, whatever the cause.
inline constexpr absl::string_view kUnauthenticatedMessage =
    "missing or invalid API key: send `authorization: Bearer <key>` with a valid key";

// What the server knows of a key once authenticated: its principal and its limits.
struct KeyGrant {
  Caller caller;
  // The key's own rate limit, when it has one (else its role's default applies).
  std::optional<access::v1::RateLimit> rate_limit;
};

class Authenticator final {
 public:
  using Clock = std::function<absl::Time()>;
  struct Options {
    // How long an answer from the database is trusted.
    absl::Duration cache_ttl = absl::Seconds(2);
    // last_use_time is written at most this often per key.
    absl::Duration last_use_resolution = absl::Minutes(1);
    // Above this many cached keys the cache starts again (bounds memory against a flood of
    // random keys).
    size_t max_cached_keys = 100000;
  };

  explicit Authenticator(db::ConnectionPool& pool) : Authenticator(pool, Options()) {}
  Authenticator(db::ConnectionPool& pool, Options options, Clock clock = absl::Now);

  // The grant for `key` (the token after "Bearer "; empty when none was sent).
  absl::StatusOr<KeyGrant> Authenticate(absl::string_view key, absl::Time deadline);

 private:
  struct StoredKey {
    KeyGrant grant;
    std::optional<absl::Time> expire_time;
    bool revoked = false;
    std::optional<absl::Time> last_use_time;
  };
  struct CacheEntry {
    // nullopt: no such key.
    std::optional<StoredKey> key;
    absl::Time fetched;
  };

  absl::StatusOr<std::optional<StoredKey>> Fetch(const std::string& hash, absl::Time deadline);

  db::ConnectionPool& pool_;
  const Options options_;
  const Clock clock_;
  std::mutex mutex_;
  // By key hash: the key itself is never kept.
  absl::flat_hash_map<std::string, CacheEntry> cache_;
};

}  // namespace meridian
