#include "common/auth/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/errors/errors.h"
#include "google/protobuf/descriptor.h"
#include "google/rpc/error_details.pb.h"

namespace meridian {
namespace {

constexpr absl::string_view kEntryRule =
    "each entry must be ROLE=requests_per_second/burst, entries separated by commas";
constexpr absl::string_view kRateRule =
    "requests_per_second must be a number above 0 and at most 1,000,000";
constexpr absl::string_view kBurstRule = "burst must be a whole number from 1 to 1,000,000";

// Written so that NaN fails too.
bool RateInRange(double rate) { return rate > 0 && rate <= kMaxRoleRatePerSecond; }
bool BurstInRange(int64_t burst) { return burst >= 1 && burst <= kMaxRoleBurst; }

// The roles a limit may be set for, in the enum's order: every value but ROLE_UNSPECIFIED.
std::vector<access::v1::Role> SettableRoles() {
  std::vector<access::v1::Role> roles;
  const google::protobuf::EnumDescriptor* descriptor = access::v1::Role_descriptor();
  for (int i = 0; i < descriptor->value_count(); ++i) {
    const auto role = static_cast<access::v1::Role>(descriptor->value(i)->number());
    if (role != access::v1::ROLE_UNSPECIFIED) roles.push_back(role);
  }
  return roles;
}

std::string RoleList() {
  return absl::StrJoin(SettableRoles(), ", ", [](std::string* out, access::v1::Role role) {
    out->append(access::v1::Role_Name(role));
  });
}

bool IsSettableRole(access::v1::Role role) {
  return role != access::v1::ROLE_UNSPECIFIED && access::v1::Role_IsValid(role);
}

}  // namespace

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

absl::StatusOr<RoleRateLimits> ParseRoleRateLimits(absl::string_view text) {
  RoleRateLimits limits;
  if (absl::StripAsciiWhitespace(text).empty()) return limits;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(text, ',')) {
    ++number;
    const absl::string_view entry = absl::StripAsciiWhitespace(raw);
    if (entry.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("entry ", number, " is empty (a comma too many?): ", kEntryRule));
    }
    const std::vector<absl::string_view> sides = absl::StrSplit(entry, '=');
    std::vector<absl::string_view> numbers;
    if (sides.size() == 2) numbers = absl::StrSplit(sides[1], '/');
    if (numbers.size() != 2) {
      return absl::InvalidArgumentError(absl::StrCat("\"", entry, "\": ", kEntryRule));
    }
    const absl::string_view name = absl::StripAsciiWhitespace(sides[0]);
    access::v1::Role role = access::v1::ROLE_UNSPECIFIED;
    if (!access::v1::Role_Parse(std::string(name), &role) || !IsSettableRole(role)) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", entry, "\": unknown role \"", name, "\"; roles are ", RoleList()));
    }
    if (limits.contains(role)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"", entry, "\": role ", name, " is named twice; each role may be named once"));
    }
    double rate = 0;
    if (!absl::SimpleAtod(absl::StripAsciiWhitespace(numbers[0]), &rate) || !RateInRange(rate)) {
      return absl::InvalidArgumentError(absl::StrCat("\"", entry, "\": ", kRateRule));
    }
    int64_t burst = 0;
    if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(numbers[1]), &burst) || !BurstInRange(burst)) {
      return absl::InvalidArgumentError(absl::StrCat("\"", entry, "\": ", kBurstRule));
    }
    access::v1::RateLimit& limit = limits[role];
    limit.set_requests_per_second(rate);
    limit.set_burst(static_cast<int32_t>(burst));
  }
  return limits;
}

absl::Status ValidateRoleRateLimits(const RoleRateLimits& limits) {
  for (const auto& [role, limit] : limits) {
    if (!IsSettableRole(role)) {
      return absl::InvalidArgumentError(
          absl::StrCat("role ", static_cast<int>(role), " is not a role; roles are ", RoleList()));
    }
    if (!RateInRange(limit.requests_per_second())) {
      return absl::InvalidArgumentError(absl::StrCat(access::v1::Role_Name(role), ": ", kRateRule));
    }
    if (!BurstInRange(limit.burst())) {
      return absl::InvalidArgumentError(
          absl::StrCat(access::v1::Role_Name(role), ": ", kBurstRule));
    }
  }
  return absl::OkStatus();
}

std::string FormatRoleRateLimits(const RoleRateLimits& limits) {
  std::vector<std::string> entries;
  for (access::v1::Role role : SettableRoles()) {
    auto it = limits.find(role);
    if (it == limits.end()) continue;
    entries.push_back(absl::StrFormat("%s=%g/%d", access::v1::Role_Name(role),
                                      it->second.requests_per_second(), it->second.burst()));
  }
  return absl::StrJoin(entries, ",");
}

access::v1::RateLimit RateLimiter::LimitFor(access::v1::Role role,
                                            const std::optional<access::v1::RateLimit>& own) const {
  if (own.has_value()) return *own;
  auto it = options_.role_limits.find(role);
  return it != options_.role_limits.end() ? it->second : DefaultRateLimit(role);
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
