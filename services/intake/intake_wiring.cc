#include "services/intake/intake_wiring.h"

#include <memory>

#include "services/intake/intake_grpc.h"

namespace meridian::intake {

const ServerDescription& IntakeServerDescription() {
  static const ServerDescription* const description =
      new ServerDescription{.service = "intake",
                            .default_port = 50051,
                            .grpc_service_names = {v1::IntakeService::service_full_name()}};
  return *description;
}

ServiceBundle MakeIntakeServices(db::ConnectionPool& pool) {
  ServiceBundle bundle;
  bundle.AddService(std::make_unique<IntakeGrpc>(pool));
  return bundle;
}

}  // namespace meridian::intake
