// meridian_health_probe ADDRESS [SERVICE]: asks the gRPC health service at ADDRESS about
// SERVICE (default "", the whole server), prints the answer and exits 0 only for SERVING.
// For script tests (meridian_up_test.sh): meridian_call knows only Meridian's own protos.
#include <chrono>
#include <cstdio>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: meridian_health_probe ADDRESS [SERVICE]\n");
    return 2;
  }
  auto health = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::health::v1::HealthCheckRequest request;
  if (argc == 3) request.set_service(argv[2]);
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = health->Check(&context, request, &response);
  if (!status.ok()) {
    std::printf("UNREACHABLE (%s)\n", status.error_message().c_str());
    return 1;
  }
  std::printf("%s\n",
              grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status()).c_str());
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING ? 0 : 1;
}
