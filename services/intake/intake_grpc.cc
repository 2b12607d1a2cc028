#include "services/intake/intake_grpc.h"

#include "common/server/rpc_call.h"

namespace meridian::intake {

IntakeGrpc::IntakeGrpc(db::ConnectionPool& pool)
    : RawRequestService(v1::IntakeService::service_full_name()), core_(pool) {
  Handle("CreateClient", &IntakeGrpc::CreateClient);
  Handle("GetClient", &IntakeGrpc::GetClient);
  Handle("ListClients", &IntakeGrpc::ListClients);
  Handle("UpdateClient", &IntakeGrpc::UpdateClient);
  Handle("CreateRole", &IntakeGrpc::CreateRole);
  Handle("GetRole", &IntakeGrpc::GetRole);
  Handle("ListRoles", &IntakeGrpc::ListRoles);
  Handle("UpdateRole", &IntakeGrpc::UpdateRole);
  Handle("RecommendRoleKind", &IntakeGrpc::RecommendRoleKind);
  RequireEveryMethodHandled();
}

// Each method: run the core call under the RPC's deadline and log line.
#define MERIDIAN_INTAKE_RPC(Method, Request, Response, request_id)                          \
  grpc::Status IntakeGrpc::Method(grpc::ServerContext* context, const v1::Request* request, \
                                  v1::Response* response) {                                 \
    return RunRpc(context, #Method, request_id, [&](const RpcContext& rpc) {                \
      return AssignOrReturn(core_.Method(*request, rpc.deadline), *response);               \
    });                                                                                     \
  }

MERIDIAN_INTAKE_RPC(CreateClient, CreateClientRequest, Client, request->request_id())
MERIDIAN_INTAKE_RPC(GetClient, GetClientRequest, Client, "")
MERIDIAN_INTAKE_RPC(ListClients, ListClientsRequest, ListClientsResponse, "")
MERIDIAN_INTAKE_RPC(UpdateClient, UpdateClientRequest, Client, "")
MERIDIAN_INTAKE_RPC(CreateRole, CreateRoleRequest, Role, request->request_id())
MERIDIAN_INTAKE_RPC(GetRole, GetRoleRequest, Role, "")
MERIDIAN_INTAKE_RPC(ListRoles, ListRolesRequest, ListRolesResponse, "")
MERIDIAN_INTAKE_RPC(UpdateRole, UpdateRoleRequest, Role, "")

#undef MERIDIAN_INTAKE_RPC

grpc::Status IntakeGrpc::RecommendRoleKind(grpc::ServerContext* context,
                                           const v1::RecommendRoleKindRequest* request,
                                           v1::RoleKindRecommendation* response) {
  return RunRpc(context, "RecommendRoleKind", "", [&](const RpcContext&) {
    return AssignOrReturn(core_.RecommendRoleKind(*request), *response);
  });
}

}  // namespace meridian::intake
