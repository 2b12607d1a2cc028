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
//   RateLimiter limiter({.replicas = 1});
//   absl::Status admitted = limiter.Admit("apiKeys/abc", limit, absl::Now());
#pragma once

#include <functional>
#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "meridian/access/v1/access.pb.h"

namespace meridian {

// The limit a key has when it sets none of its own.
access::v1::RateLimit DefaultRateLimit(access::v1::Role role);

class RateLimiter final {
 public:
  struct Options {
    // Replicas sharing each key's limit (>= 1).
    int replicas = 1;
  };

  explicit RateLimiter(Options options) : options_(options) {}

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
