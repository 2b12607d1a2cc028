// Asking a running server about its health (grpc.health.v1.Health/Check), for the tests and the
// benchmark that start one (Subprocess) and wait until it serves.
//
//   if (!WaitForHealth(address, "meridian.intake.v1.IntakeService")) FAIL() << ReadFile(log);
//   std::optional<ServingStatus> status = HealthStatus(address, "", absl::Seconds(1));
#pragma once

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "grpc/health/v1/health.pb.h"

namespace meridian {

using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

// The serving status of `service` ("" for the whole server) at `address`, asked on a new
// channel within `timeout`; nullopt when the call failed.
std::optional<ServingStatus> HealthStatus(const std::string& address, const std::string& service,
                                          absl::Duration timeout);

// True once `service` at `address` reports `expected`, asking every 100 ms for up to `timeout`.
// A new channel per attempt, so that reconnect back-off after attempts that raced the start-up
// costs nothing.
bool WaitForHealth(const std::string& address, const std::string& service,
                   ServingStatus expected = grpc::health::v1::HealthCheckResponse::SERVING,
                   absl::Duration timeout = absl::Seconds(30));

}  // namespace meridian
