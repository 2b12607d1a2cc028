#include "services/intake/intake_grpc.h"

namespace meridian::intake {

IntakeGrpc::IntakeGrpc(db::ConnectionPool& pool, CallGate& gate)
    : RawRequestService(v1::IntakeService::service_full_name(), gate), core_(pool) {
  Serve("CreateClient", core_, &IntakeService::CreateClient);
  Serve("GetClient", core_, &IntakeService::GetClient);
  Serve("ListClients", core_, &IntakeService::ListClients);
  Serve("UpdateClient", core_, &IntakeService::UpdateClient);
  Serve("CreateRole", core_, &IntakeService::CreateRole);
  Serve("GetRole", core_, &IntakeService::GetRole);
  Serve("ListRoles", core_, &IntakeService::ListRoles);
  Serve("UpdateRole", core_, &IntakeService::UpdateRole);
  Serve("HoldRole", core_, &IntakeService::HoldRole);
  Serve("ReopenRole", core_, &IntakeService::ReopenRole);
  Serve("CancelRole", core_, &IntakeService::CancelRole);
  Serve("FillRole", core_, &IntakeService::FillRole);
  Serve("RecommendRoleKind", core_, &IntakeService::RecommendRoleKind);
  Serve("DraftRole", core_, &IntakeService::DraftRole);
  RequireEveryMethodHandled();
}

}  // namespace meridian::intake
