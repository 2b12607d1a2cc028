// The intake service binary: wiring only. See intake_service.h for the behaviour.
#include "common/server/server_main.h"
#include "services/intake/intake_grpc.h"

int main(int argc, char** argv) {
  return meridian::RunServer(
      argc, argv,
      {.service = "intake",
       .default_port = 50051,
       .grpc_service_names = {"meridian.intake.v1.IntakeService"}},
      [](meridian::db::ConnectionPool& pool, const meridian::ServerConfig&) {
        meridian::ServiceBundle bundle;
        bundle.services.push_back(std::make_unique<meridian::intake::IntakeGrpc>(pool));
        return bundle;
      });
}
