#include "common/process/health_client.h"

#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace meridian {

std::optional<ServingStatus> HealthStatus(const std::string& address, const std::string& service,
                                          absl::Duration timeout) {
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  if (!health->Check(&context, request, &response).ok()) return std::nullopt;
  return response.status();
}

bool WaitForHealth(const std::string& address, const std::string& service, ServingStatus expected,
                   absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (HealthStatus(address, service, absl::Seconds(1)) == expected) return true;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return false;
}

}  // namespace meridian
