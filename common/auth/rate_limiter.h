// Per-key token buckets: each key may make `requests_per_second` calls on average, with
// bursts of up to `burst`, and past that gets RESOURCE_EXHAUSTED with the delay to wait
// (google.rpc.RetryInfo) and the limit it hit (google.rpc.QuotaFailure).
//
// The buckets live in each replica's memory, so no call pays a database round trip. A
// deployment of N replicas says so with `replicas`: each replica then allows 1/N of the limit
// (at least one call of burst). Across replicas the limit holds within that share: a client
// whose calls are spread evenly (client-side round robin) gets the limit; a client pinned to
// one replica (one gRPC connection) gets 1/N of it. See the README's "Limits".
//
// A key that sets no limit of its own has its role's: the built-in DefaultRateLimit, or the
// deployment's own from --rate_limits (ParseRoleRateLimits).
//
//   absl::StatusOr<RoleRateLimits> roles = ParseRoleRateLimits("PARTNER=50/100");
//   RateLimiter limiter({.replicas = 1, .role_limits = *roles});
//   absl::Status admitted = limiter.Admit(
//       "apiKeys/abc", limiter.LimitFor(access::v1::PARTNER, key_limit), absl::Now());
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "meridian/access/v1/access.pb.h"

namespace meridian {

// The built-in limit of a key of `role` that sets none of its own.
access::v1::RateLimit DefaultRateLimit(access::v1::Role role);

// A deployment's limits for roles, each replacing the role's DefaultRateLimit; a role not in
// the map keeps its default.
using RoleRateLimits = absl::flat_hash_map<access::v1::Role, access::v1::RateLimit>;

// The largest requests_per_second and burst a role may be given.
inline constexpr double kMaxRoleRatePerSecond = 1'000'000;
inline constexpr int kMaxRoleBurst = 1'000'000;

// Parses --rate_limits: comma-separated `ROLE=requests_per_second/burst` entries, e.g.
// "PARTNER=50/100,RECRUITER=300/600", roles named as in access.proto's Role enum. The rate
// is a number above 0 and at most 1,000,000 (fractions too: 0.5 is a call every 2 s); the
// burst a whole number from 1 to 1,000,000, which may be below the rate (it then smooths the
// calls: no more than `burst` at once), as a key's own limit may. Spaces around the parts
// are ignored; empty text sets nothing. INVALID_ARGUMENT naming the entry and the rule it
// breaks: an unknown role, a role named twice, an empty entry, a malformed entry, a number out
// of range or not a number.
absl::StatusOr<RoleRateLimits> ParseRoleRateLimits(absl::string_view text);

// The rules of ParseRoleRateLimits for a table built in code: OK, or INVALID_ARGUMENT naming
// the role and the rule.
absl::Status ValidateRoleRateLimits(const RoleRateLimits& limits);

// `limits` as --rate_limits takes them, roles in the enum's order ("RECRUITER=300/600,
// PARTNER=50/100"): for the start-up log.
std::string FormatRoleRateLimits(const RoleRateLimits& limits);

class RateLimiter final {
 public:
  struct Options {
    // Replicas sharing each key's limit (>= 1).
    int replicas = 1;
    // Limits that replace the built-in defaults of their roles (--rate_limits); valid as
    // ValidateRoleRateLimits says.
    RoleRateLimits role_limits = {};
  };

  explicit RateLimiter(Options options) : options_(std::move(options)) {}

  // The limit a key of `role` is held to: its own (`own`) when it sets one, else its role's
  // from Options::role_limits, else DefaultRateLimit(role).
  access::v1::RateLimit LimitFor(
      access::v1::Role role, const std::optional<access::v1::RateLimit>& own = std::nullopt) const;

  // Takes one token from `principal`'s bucket: OK, or RESOURCE_EXHAUSTED with RetryInfo and
  // QuotaFailure details.
  absl::Status Admit(absl::string_view principal, const access::v1::RateLimit& limit,
                     absl::Time now);

 private:
  struct Bucket {
    double tokens = 0;
    absl::Time updated;
  };

  const Options options_;
  std::mutex mutex_;
  absl::flat_hash_map<std::string, Bucket> buckets_;
};

}  // namespace meridian
