#include "common/auth/authenticator.h"

#include <cstdint>

#include "common/auth/api_key.h"
#include "common/logging/log.h"

namespace meridian {
namespace {

absl::Status Unauthenticated() { return absl::UnauthenticatedError(kUnauthenticatedMessage); }

std::optional<absl::Time> OptionalTime(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return absl::FromUnixMicros(field.as<int64_t>());
}

}  // namespace

Authenticator::Authenticator(db::ConnectionPool& pool, Options options, Clock clock)
    : pool_(pool), options_(options), clock_(std::move(clock)) {}

absl::StatusOr<std::optional<Authenticator::StoredKey>> Authenticator::Fetch(
    const std::string& hash, absl::Time deadline) {
  std::optional<StoredKey> found;
  absl::Status status = pool_.InTransaction(deadline, [&](pqxx::work& tx) -> absl::Status {
    found.reset();
    pqxx::result rows = tx.exec_params(
        "SELECT k.id, k.key_hash, k.role, COALESCE(k.agency_id, ''), "
        "(extract(epoch FROM k.expire_time) * 1000000)::bigint, "
        "k.revoke_time IS NOT NULL OR COALESCE(a.state = 'DISABLED', false), "
        "(extract(epoch FROM k.last_use_time) * 1000000)::bigint, "
        "k.rate_per_second, k.rate_burst "
        "FROM access.api_keys k LEFT JOIN access.agencies a ON a.id = k.agency_id "
        "WHERE k.key_hash = $1",
        hash);
    if (rows.empty()) return absl::OkStatus();
    const pqxx::row& row = rows[0];
    // The index found the row by equality; compare again in constant time so that no
    // timing difference depends on how much of a guessed hash matched.
    if (!HashesEqual(row[1].as<std::string>(), hash)) return absl::OkStatus();
    StoredKey key;
    key.grant.caller.principal = "apiKeys/" + row[0].as<std::string>();
    access::v1::Role role = access::v1::ROLE_UNSPECIFIED;
    access::v1::Role_Parse(row[2].as<std::string>(), &role);
    key.grant.caller.role = role;
    const std::string agency = row[3].as<std::string>();
    if (!agency.empty()) key.grant.caller.agency = "agencies/" + agency;
    key.expire_time = OptionalTime(row[4]);
    key.revoked = row[5].as<bool>();
    key.last_use_time = OptionalTime(row[6]);
    if (!row[7].is_null()) {
      access::v1::RateLimit limit;
      limit.set_requests_per_second(row[7].as<double>());
      limit.set_burst(row[8].as<int>());
      key.grant.rate_limit = limit;
    }
    found = std::move(key);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return found;
}

absl::StatusOr<KeyGrant> Authenticator::Authenticate(absl::string_view key, absl::Time deadline) {
  if (!LooksLikeApiKey(key)) return Unauthenticated();
  const std::string hash = ApiKeyHash(key);
  const absl::Time now = clock_();

  std::optional<CacheEntry> cached;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && now - it->second.fetched < options_.cache_ttl) cached = it->second;
  }
  if (!cached.has_value()) {
    absl::StatusOr<std::optional<StoredKey>> fetched = Fetch(hash, deadline);
    if (!fetched.ok()) {
      // The caller's deadline ran out first (it may have arrived spent): that is what it is
      // told, not UNAVAILABLE, which would invite a retry of a call it has given up on.
      if (fetched.status().code() == absl::StatusCode::kDeadlineExceeded) {
        return absl::DeadlineExceededError("the deadline passed before the API key was checked");
      }
      // The database is away: the caller may retry; nothing about the key is said.
      return absl::UnavailableError("cannot check the API key now; retry later");
    }
    cached = CacheEntry{std::move(*fetched), now};
    bool write_last_use = cached->key.has_value() && !cached->key->revoked &&
                          (!cached->key->last_use_time.has_value() ||
                           now - *cached->key->last_use_time >= options_.last_use_resolution);
    if (write_last_use) {
      // Best effort: a failed write only leaves last_use_time older than it should be.
      const std::string id = cached->key->grant.caller.principal.substr(sizeof("apiKeys/") - 1);
      absl::Status written = pool_.InTransaction(deadline, [&](pqxx::work& tx) -> absl::Status {
        tx.exec_params(
            "UPDATE access.api_keys SET last_use_time = now() WHERE id = $1 AND "
            "(last_use_time IS NULL OR last_use_time < now() - make_interval(secs => $2))",
            id, absl::ToDoubleSeconds(options_.last_use_resolution));
        return absl::OkStatus();
      });
      if (written.ok()) cached->key->last_use_time = now;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (cache_.size() >= options_.max_cached_keys) cache_.clear();
    cache_[hash] = *cached;
  }
  if (!cached->key.has_value() || cached->key->revoked) return Unauthenticated();
  if (cached->key->expire_time.has_value() && now >= *cached->key->expire_time) {
    return Unauthenticated();
  }
  return cached->key->grant;
}

}  // namespace meridian
