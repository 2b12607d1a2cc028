// Tests for common/auth/rate_limiter.h: per-key token buckets with an injected clock (no
// sleeping, nothing timed), the details a refused call carries, the per-replica share, and
// the roles' limits: built in, or configured with --rate_limits (ParseRoleRateLimits).
#include "common/auth/rate_limiter.h"

#include <optional>
#include <string>
#include <vector>

#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace meridian {
namespace {

using ::testing::HasSubstr;

constexpr access::v1::Role kEveryRole[] = {access::v1::ADMIN, access::v1::RECRUITER,
                                           access::v1::PARTNER, access::v1::TALENT_SERVICE,
                                           access::v1::PLACEMENT_SERVICE};

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
  for (access::v1::Role role : kEveryRole) {
    const access::v1::RateLimit limit = DefaultRateLimit(role);
    EXPECT_GE(limit.requests_per_second(), 1) << access::v1::Role_Name(role);
    EXPECT_GE(limit.burst(), limit.requests_per_second()) << access::v1::Role_Name(role);
  }
  // A partner has less than the agency's own people.
  EXPECT_LT(DefaultRateLimit(access::v1::PARTNER).requests_per_second(),
            DefaultRateLimit(access::v1::RECRUITER).requests_per_second());
}

// The built-in table, as the README's "Limits" states it: what every role gets without
// --rate_limits.
TEST(DefaultRateLimit, IsTheDocumentedTable) {
  const std::vector<std::pair<access::v1::Role, std::pair<double, int>>> expected = {
      {access::v1::ADMIN, {2000, 4000}},
      {access::v1::RECRUITER, {200, 400}},
      {access::v1::PARTNER, {20, 40}},
      {access::v1::TALENT_SERVICE, {5000, 10000}},
      {access::v1::PLACEMENT_SERVICE, {5000, 10000}},
  };
  for (const auto& [role, limit] : expected) {
    EXPECT_EQ(DefaultRateLimit(role).requests_per_second(), limit.first)
        << access::v1::Role_Name(role);
    EXPECT_EQ(DefaultRateLimit(role).burst(), limit.second) << access::v1::Role_Name(role);
  }
}

TEST(RateLimiterLimitFor, WithoutRoleLimitsIsTheBuiltInDefault) {
  RateLimiter limiter({.replicas = 1});
  for (access::v1::Role role : kEveryRole) {
    const access::v1::RateLimit limit = limiter.LimitFor(role);
    EXPECT_EQ(limit.requests_per_second(), DefaultRateLimit(role).requests_per_second())
        << access::v1::Role_Name(role);
    EXPECT_EQ(limit.burst(), DefaultRateLimit(role).burst()) << access::v1::Role_Name(role);
  }
}

TEST(RateLimiterLimitFor, AConfiguredRoleLimitAppliesAndAKeysOwnLimitStillWins) {
  RateLimiter limiter({.replicas = 1, .role_limits = {{access::v1::PARTNER, Limit(1, 3)}}});

  // A PARTNER key without a limit of its own gets the configured 1/3, not the default 20/40.
  const access::v1::RateLimit partner = limiter.LimitFor(access::v1::PARTNER);
  EXPECT_EQ(partner.requests_per_second(), 1);
  EXPECT_EQ(partner.burst(), 3);
  EXPECT_EQ(AdmittedInARow(limiter, "apiKeys/partner", partner, kStart), 3);

  // A PARTNER key with its own limit gets that one.
  const access::v1::RateLimit own =
      limiter.LimitFor(access::v1::PARTNER, std::optional<access::v1::RateLimit>(Limit(10, 7)));
  EXPECT_EQ(own.requests_per_second(), 10);
  EXPECT_EQ(own.burst(), 7);
  EXPECT_EQ(AdmittedInARow(limiter, "apiKeys/own", own, kStart), 7);

  // A role not configured keeps its default.
  const access::v1::RateLimit recruiter = limiter.LimitFor(access::v1::RECRUITER);
  EXPECT_EQ(recruiter.requests_per_second(), 200);
  EXPECT_EQ(recruiter.burst(), 400);
}

TEST(ParseRoleRateLimits, ReadsEachNamedRoleAndNoOther) {
  absl::StatusOr<RoleRateLimits> limits = ParseRoleRateLimits("PARTNER=50/100,RECRUITER=300/600");
  ASSERT_TRUE(limits.ok()) << limits.status();
  ASSERT_EQ(limits->size(), 2u);
  EXPECT_EQ(limits->at(access::v1::PARTNER).requests_per_second(), 50);
  EXPECT_EQ(limits->at(access::v1::PARTNER).burst(), 100);
  EXPECT_EQ(limits->at(access::v1::RECRUITER).requests_per_second(), 300);
  EXPECT_EQ(limits->at(access::v1::RECRUITER).burst(), 600);
  EXPECT_FALSE(limits->contains(access::v1::ADMIN));
}

TEST(ParseRoleRateLimits, EmptyTextSetsNothing) {
  for (const char* text : {"", "  "}) {
    absl::StatusOr<RoleRateLimits> limits = ParseRoleRateLimits(text);
    ASSERT_TRUE(limits.ok()) << limits.status();
    EXPECT_TRUE(limits->empty());
  }
}

TEST(ParseRoleRateLimits, AcceptsEveryRoleSpacesFractionsExponentsAndTheBounds) {
  absl::StatusOr<RoleRateLimits> limits = ParseRoleRateLimits(
      " ADMIN = 0.5 / 1 , RECRUITER=1000000/1000000,PARTNER=1e2/250,\tTALENT_SERVICE=0.001/1,"
      "PLACEMENT_SERVICE=7000/14000 ");
  ASSERT_TRUE(limits.ok()) << limits.status();
  ASSERT_EQ(limits->size(), 5u);
  EXPECT_EQ(limits->at(access::v1::ADMIN).requests_per_second(), 0.5);
  EXPECT_EQ(limits->at(access::v1::ADMIN).burst(), 1);
  EXPECT_EQ(limits->at(access::v1::RECRUITER).requests_per_second(), 1'000'000);
  EXPECT_EQ(limits->at(access::v1::RECRUITER).burst(), 1'000'000);
  EXPECT_EQ(limits->at(access::v1::PARTNER).requests_per_second(), 100);
  EXPECT_EQ(limits->at(access::v1::TALENT_SERVICE).requests_per_second(), 0.001);
  EXPECT_EQ(limits->at(access::v1::PLACEMENT_SERVICE).burst(), 14000);
}

// A burst below the rate is a bucket that smooths the calls; a key's own limit may be one too.
TEST(ParseRoleRateLimits, AcceptsABurstBelowTheRate) {
  absl::StatusOr<RoleRateLimits> limits = ParseRoleRateLimits("PARTNER=100/10");
  ASSERT_TRUE(limits.ok()) << limits.status();
  EXPECT_EQ(limits->at(access::v1::PARTNER).burst(), 10);
}

struct BadRoleRateLimits {
  const char* text;
  // What the message must hold: the rule (and, where there is one, the entry).
  std::vector<std::string> says;
};

TEST(ParseRoleRateLimits, RefusesEachBadValueNamingTheRule) {
  const std::string entry_rule =
      "each entry must be ROLE=requests_per_second/burst, entries separated by commas";
  const std::string rate_rule =
      "requests_per_second must be a number above 0 and at most 1,000,000";
  const std::string burst_rule = "burst must be a whole number from 1 to 1,000,000";
  const std::string roles =
      "roles are ADMIN, RECRUITER, PARTNER, TALENT_SERVICE, PLACEMENT_SERVICE";
  const std::vector<BadRoleRateLimits> cases = {
      // Unknown roles: a misspelling, another case, the enum's zero, none at all.
      {"PARTNERS=1/2", {"\"PARTNERS=1/2\"", "unknown role \"PARTNERS\"", roles}},
      {"partner=1/2", {"unknown role \"partner\"", roles}},
      {"ROLE_UNSPECIFIED=1/2", {"unknown role \"ROLE_UNSPECIFIED\"", roles}},
      {"=1/2", {"unknown role \"\"", roles}},
      // A role named twice, even with the same limit.
      {"PARTNER=1/2,RECRUITER=3/4,PARTNER=1/2",
       {"\"PARTNER=1/2\"", "role PARTNER is named twice; each role may be named once"}},
      // The rate: not above 0, above 1,000,000, not a number, missing.
      {"PARTNER=0/10", {"\"PARTNER=0/10\"", rate_rule}},
      {"PARTNER=-5/10", {rate_rule}},
      {"PARTNER=1000000.5/1000000", {rate_rule}},
      {"PARTNER=nan/10", {rate_rule}},
      {"PARTNER=inf/10", {rate_rule}},
      {"PARTNER=fast/10", {rate_rule}},
      {"PARTNER=10x/10", {rate_rule}},
      {"PARTNER=/10", {rate_rule}},
      // The burst: below 1, above 1,000,000, not whole, not a number, missing.
      {"PARTNER=10/0", {"\"PARTNER=10/0\"", burst_rule}},
      {"PARTNER=10/-1", {burst_rule}},
      {"PARTNER=10/1000001", {burst_rule}},
      {"PARTNER=10/99999999999999999999", {burst_rule}},
      {"PARTNER=10/2.5", {burst_rule}},
      {"PARTNER=10/1e3", {burst_rule}},
      {"PARTNER=10/lots", {burst_rule}},
      {"PARTNER=10/", {burst_rule}},
      // Malformed entries.
      {"PARTNER", {"\"PARTNER\"", entry_rule}},
      {"PARTNER=10", {"\"PARTNER=10\"", entry_rule}},
      {"PARTNER=10/20/30", {entry_rule}},
      {"PARTNER=10=20/30", {entry_rule}},
      {"PARTNER:10/20", {entry_rule}},
      {"PARTNER=10/20;RECRUITER=1/2", {entry_rule}},
      // Empty entries.
      {"PARTNER=10/20,", {"entry 2 is empty", entry_rule}},
      {",PARTNER=10/20", {"entry 1 is empty", entry_rule}},
      {"PARTNER=10/20, ,RECRUITER=1/2", {"entry 2 is empty", entry_rule}},
      {" , ", {"entry 1 is empty", entry_rule}},
  };
  for (const BadRoleRateLimits& bad : cases) {
    SCOPED_TRACE(bad.text);
    absl::StatusOr<RoleRateLimits> limits = ParseRoleRateLimits(bad.text);
    ASSERT_EQ(limits.status().code(), absl::StatusCode::kInvalidArgument);
    for (const std::string& part : bad.says) {
      EXPECT_THAT(limits.status().message(), HasSubstr(part));
    }
  }
}

TEST(ValidateRoleRateLimits, AcceptsWhatTheParserAccepts) {
  EXPECT_TRUE(ValidateRoleRateLimits({}).ok());
  absl::StatusOr<RoleRateLimits> limits =
      ParseRoleRateLimits("ADMIN=0.5/1,PARTNER=1000000/1000000");
  ASSERT_TRUE(limits.ok()) << limits.status();
  EXPECT_TRUE(ValidateRoleRateLimits(*limits).ok());
}

TEST(ValidateRoleRateLimits, RefusesATableBuiltInCodeThatBreaksTheRules) {
  const std::vector<std::pair<RoleRateLimits, std::string>> cases = {
      {{{access::v1::ROLE_UNSPECIFIED, Limit(1, 1)}}, "role 0 is not a role; roles are ADMIN"},
      {{{static_cast<access::v1::Role>(42), Limit(1, 1)}}, "role 42 is not a role"},
      {{{access::v1::PARTNER, Limit(0, 1)}},
       "PARTNER: requests_per_second must be a number above 0 and at most 1,000,000"},
      {{{access::v1::PARTNER, Limit(2e6, 1)}}, "PARTNER: requests_per_second must be"},
      {{{access::v1::RECRUITER, Limit(1, 0)}},
       "RECRUITER: burst must be a whole number from 1 to 1,000,000"},
      {{{access::v1::RECRUITER, Limit(1, 1'000'001)}}, "RECRUITER: burst must be"},
  };
  for (const auto& [limits, says] : cases) {
    SCOPED_TRACE(says);
    const absl::Status status = ValidateRoleRateLimits(limits);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr(says));
  }
}

TEST(FormatRoleRateLimits, WritesWhatTheParserReadsInTheEnumsOrder) {
  EXPECT_EQ(FormatRoleRateLimits({}), "");
  absl::StatusOr<RoleRateLimits> limits = ParseRoleRateLimits("PARTNER=0.5/1, RECRUITER=300/600");
  ASSERT_TRUE(limits.ok()) << limits.status();
  const std::string text = FormatRoleRateLimits(*limits);
  EXPECT_EQ(text, "RECRUITER=300/600,PARTNER=0.5/1");
  absl::StatusOr<RoleRateLimits> again = ParseRoleRateLimits(text);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(FormatRoleRateLimits(*again), text);
}

}  // namespace
}  // namespace meridian
