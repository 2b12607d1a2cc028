#include "common/auth/rate_limiter.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"
#include "common/errors/errors.h"
#include "google/rpc/error_details.pb.h"

namespace meridian {

access::v1::RateLimit DefaultRateLimit(access::v1::Role role) {
  access::v1::RateLimit limit;
  switch (role) {
    case access::v1::ADMIN:
      // Bulk loads and migrations run with an admin key.
      limit.set_requests_per_second(2000);
      limit.set_burst(4000);
      break;
    case access::v1::RECRUITER:
      limit.set_requests_per_second(200);
      limit.set_burst(400);
      break;
    case access::v1::PARTNER:
      limit.set_requests_per_second(20);
      limit.set_burst(40);
      break;
    case access::v1::TALENT_SERVICE:
    case access::v1::PLACEMENT_SERVICE:
      limit.set_requests_per_second(5000);
      limit.set_burst(10000);
      break;
    default:
      limit.set_requests_per_second(1);
      limit.set_burst(1);
      break;
  }
  return limit;
}

absl::Status RateLimiter::Admit(absl::string_view principal, const access::v1::RateLimit& limit,
                                absl::Time now) {
  const double share = 1.0 / std::max(1, options_.replicas);
  const double rate = std::max(limit.requests_per_second() * share, 1e-6);
  const double burst = std::max(1.0, std::floor(limit.burst() * share));

  double wait_seconds = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto [it, inserted] = buckets_.try_emplace(principal, Bucket{burst, now});
    Bucket& bucket = it->second;
    if (!inserted) {
      const double elapsed = std::max(0.0, absl::ToDoubleSeconds(now - bucket.updated));
      bucket.tokens = std::min(burst, bucket.tokens + elapsed * rate);
      bucket.updated = std::max(bucket.updated, now);
    }
    if (bucket.tokens >= 1.0) {
      bucket.tokens -= 1.0;
      return absl::OkStatus();
    }
    wait_seconds = (1.0 - bucket.tokens) / rate;
  }

  absl::Status status = absl::ResourceExhaustedError(absl::StrFormat(
      "rate limit of %g requests a second (bursts of %d) exceeded for this API key; retry in "
      "%d ms",
      limit.requests_per_second(), limit.burst(),
      static_cast<int64_t>(std::ceil(wait_seconds * 1000))));
  google::rpc::RetryInfo retry;
  const absl::Duration delay = absl::Seconds(wait_seconds);
  // IDivDuration writes the remainder through its last argument: it must not be null.
  absl::Duration below_a_second;
  retry.mutable_retry_delay()->set_seconds(
      absl::IDivDuration(delay, absl::Seconds(1), &below_a_second));
  retry.mutable_retry_delay()->set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(below_a_second)));
  status.SetPayload(TypeUrlOf(retry), absl::Cord(retry.SerializeAsString()));
  google::rpc::QuotaFailure quota;
  google::rpc::QuotaFailure::Violation* violation = quota.add_violations();
  violation->set_subject(std::string(principal));
  violation->set_description(absl::StrFormat("%g requests a second, bursts of %d",
                                             limit.requests_per_second(), limit.burst()));
  status.SetPayload(TypeUrlOf(quota), absl::Cord(quota.SerializeAsString()));
  return WithReason(status, common::v1::RATE_LIMITED, {{"principal", std::string(principal)}});
}

}  // namespace meridian
