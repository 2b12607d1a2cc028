// Tests for common/auth/rate_limiter.h: per-key token buckets with an injected clock (no
// sleeping, nothing timed), the details a refused call carries, and the per-replica share.
#include "common/auth/rate_limiter.h"

#include <optional>

#include "common/errors/errors.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace meridian {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

access::v1::RateLimit Limit(double per_second, int burst) {
  access::v1::RateLimit limit;
  limit.set_requests_per_second(per_second);
  limit.set_burst(burst);
  return limit;
}

// How many calls in a row are admitted at `now` (stops at 1000).
int AdmittedInARow(RateLimiter& limiter, absl::string_view principal,
                   const access::v1::RateLimit& limit, absl::Time now) {
  int admitted = 0;
  while (admitted < 1000 && limiter.Admit(principal, limit, now).ok()) ++admitted;
  return admitted;
}

template <typename T>
std::optional<T> Detail(const absl::Status& status) {
  const auto payload = status.GetPayload(TypeUrlOf(T()));
  if (!payload.has_value()) return std::nullopt;
  T detail;
  if (!detail.ParseFromString(std::string(*payload))) return std::nullopt;
  return detail;
}

TEST(RateLimiter, AdmitsABurstThenRefuses) {
  RateLimiter limiter({.replicas = 1});
  EXPECT_EQ(AdmittedInARow(limiter, "apiKeys/a", Limit(10, 5), kStart), 5);
  EXPECT_EQ(limiter.Admit("apiKeys/a", Limit(10, 5), kStart).code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(RateLimiter, RefillsAtTheRateUpToTheBurst) {
  RateLimiter limiter({.replicas = 1});
  const access::v1::RateLimit limit = Limit(10, 5);
  ASSERT_EQ(AdmittedInARow(limiter, "apiKeys/a", limit, kStart), 5);
  ASSERT_EQ(AdmittedInARow(limiter, "apiKeys/b", limit, kStart), 5);
  // 10 a second: one token every 100 ms (each bucket is looked at once before it is due, so
  // that no sum of small refills stands in for the one checked).
  EXPECT_FALSE(limiter.Admit("apiKeys/b", limit, kStart + absl::Milliseconds(99)).ok());
  EXPECT_EQ(AdmittedInARow(limiter, "apiKeys/a", limit, kStart + absl::Milliseconds(100)), 1);
  EXPECT_EQ(AdmittedInARow(limiter, "apiKeys/a", limit, kStart + absl::Milliseconds(400)), 3);
  // A long quiet spell fills the bucket to the burst, not beyond.
  EXPECT_EQ(AdmittedInARow(limiter, "apiKeys/a", limit, kStart + absl::Hours(1)), 5);
}

TEST(RateLimiter, AClockGoingBackwardsAddsNothing) {
  RateLimiter limiter({.replicas = 1});
  const access::v1::RateLimit limit = Limit(10, 2);
  ASSERT_EQ(AdmittedInARow(limiter, "apiKeys/a", limit, kStart), 2);
  EXPECT_EQ(AdmittedInARow(limiter, "apiKeys/a", limit, kStart - absl::Hours(1)), 0);
  EXPECT_EQ(AdmittedInARow(limiter, "apiKeys/a", limit, kStart + absl::Milliseconds(100)), 1);
}

TEST(RateLimiter, EachKeyHasItsOwnBucket) {
  RateLimiter limiter({.replicas = 1});
  ASSERT_EQ(AdmittedInARow(limiter, "apiKeys/a", Limit(1, 3), kStart), 3);
  EXPECT_EQ(AdmittedInARow(limiter, "apiKeys/b", Limit(1, 3), kStart), 3);
}

TEST(RateLimiter, ARefusalSaysHowLongToWaitAndWhichLimit) {
  RateLimiter limiter({.replicas = 1});
  const access::v1::RateLimit limit = Limit(4, 2);
  ASSERT_EQ(AdmittedInARow(limiter, "apiKeys/a", limit, kStart), 2);
  const absl::Status refused = limiter.Admit("apiKeys/a", limit, kStart);
  ASSERT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(HasReason(refused, common::v1::RATE_LIMITED));

  // An empty bucket at 4 a second has its next token in 250 ms.
  std::optional<google::rpc::RetryInfo> retry = Detail<google::rpc::RetryInfo>(refused);
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().seconds(), 0);
  EXPECT_EQ(retry->retry_delay().nanos(), 250'000'000);

  std::optional<google::rpc::QuotaFailure> quota = Detail<google::rpc::QuotaFailure>(refused);
  ASSERT_TRUE(quota.has_value());
  ASSERT_EQ(quota->violations_size(), 1);
  EXPECT_EQ(quota->violations(0).subject(), "apiKeys/a");
  EXPECT_EQ(quota->violations(0).description(), "4 requests a second, bursts of 2");

  // Half way there, the wait is half as long.
  const absl::Status later = limiter.Admit("apiKeys/a", limit, kStart + absl::Milliseconds(125));
  std::optional<google::rpc::RetryInfo> shorter = Detail<google::rpc::RetryInfo>(later);
  ASSERT_TRUE(shorter.has_value());
  EXPECT_EQ(shorter->retry_delay().nanos(), 125'000'000);
}

TEST(RateLimiter, AWaitOfSecondsIsSplitIntoSecondsAndNanos) {
  RateLimiter limiter({.replicas = 1});
  const access::v1::RateLimit limit = Limit(0.4, 1);  // one call every 2.5 s
  ASSERT_EQ(AdmittedInARow(limiter, "apiKeys/a", limit, kStart), 1);
  std::optional<google::rpc::RetryInfo> retry =
      Detail<google::rpc::RetryInfo>(limiter.Admit("apiKeys/a", limit, kStart));
  ASSERT_TRUE(retry.has_value());
  EXPECT_EQ(retry->retry_delay().seconds(), 2);
  EXPECT_NEAR(retry->retry_delay().nanos(), 500'000'000, 1000);
}

// Each of N replicas allows 1/N of the limit, so the replicas together allow the limit.
TEST(RateLimiter, ReplicasShareTheLimit) {
  const access::v1::RateLimit limit = Limit(10, 10);
  RateLimiter first({.replicas = 2});
  RateLimiter second({.replicas = 2});
  EXPECT_EQ(AdmittedInARow(first, "apiKeys/a", limit, kStart), 5);
  EXPECT_EQ(AdmittedInARow(second, "apiKeys/a", limit, kStart), 5);
  // 5 a second each: a token every 200 ms.
  EXPECT_EQ(AdmittedInARow(second, "apiKeys/a", limit, kStart + absl::Milliseconds(199)), 0);
  EXPECT_EQ(AdmittedInARow(first, "apiKeys/a", limit, kStart + absl::Milliseconds(200)), 1);
  // The refusal names the whole limit, not the share.
  std::optional<google::rpc::QuotaFailure> quota = Detail<google::rpc::QuotaFailure>(
      first.Admit("apiKeys/a", limit, kStart + absl::Milliseconds(200)));
  ASSERT_TRUE(quota.has_value());
  EXPECT_EQ(quota->violations(0).description(), "10 requests a second, bursts of 10");
}

TEST(RateLimiter, AShareIsAtLeastOneCall) {
  RateLimiter limiter({.replicas = 8});
  EXPECT_EQ(AdmittedInARow(limiter, "apiKeys/a", Limit(2, 2), kStart), 1);
}

TEST(DefaultRateLimit, GivesEveryRoleALimit) {
  for (access::v1::Role role : {access::v1::ADMIN, access::v1::RECRUITER, access::v1::PARTNER,
                                access::v1::TALENT_SERVICE, access::v1::PLACEMENT_SERVICE}) {
    const access::v1::RateLimit limit = DefaultRateLimit(role);
    EXPECT_GE(limit.requests_per_second(), 1) << access::v1::Role_Name(role);
    EXPECT_GE(limit.burst(), limit.requests_per_second()) << access::v1::Role_Name(role);
  }
  // A partner has less than the agency's own people.
  EXPECT_LT(DefaultRateLimit(access::v1::PARTNER).requests_per_second(),
            DefaultRateLimit(access::v1::RECRUITER).requests_per_second());
}

}  // namespace
}  // namespace meridian
