// The thin gRPC adapter of the intake service: each RPC hands its request to
// IntakeService and maps the result once, through RunRpc. Requests arrive as bytes and are
// parsed by RawRequestService, so a malformed one is INVALID_ARGUMENT.
//
//   IntakeGrpc grpc_service(pool);
//   builder.RegisterService(&grpc_service);
#pragma once

#include "common/server/raw_request.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "services/intake/intake_service.h"

namespace meridian::intake {

class IntakeGrpc final : public RawRequestService {
 public:
  explicit IntakeGrpc(db::ConnectionPool& pool);

  grpc::Status CreateClient(grpc::ServerContext* context, const v1::CreateClientRequest* request,
                            v1::Client* response);
  grpc::Status GetClient(grpc::ServerContext* context, const v1::GetClientRequest* request,
                         v1::Client* response);
  grpc::Status ListClients(grpc::ServerContext* context, const v1::ListClientsRequest* request,
                           v1::ListClientsResponse* response);
  grpc::Status UpdateClient(grpc::ServerContext* context, const v1::UpdateClientRequest* request,
                            v1::Client* response);
  grpc::Status CreateRole(grpc::ServerContext* context, const v1::CreateRoleRequest* request,
                          v1::Role* response);
  grpc::Status GetRole(grpc::ServerContext* context, const v1::GetRoleRequest* request,
                       v1::Role* response);
  grpc::Status ListRoles(grpc::ServerContext* context, const v1::ListRolesRequest* request,
                         v1::ListRolesResponse* response);
  grpc::Status UpdateRole(grpc::ServerContext* context, const v1::UpdateRoleRequest* request,
                          v1::Role* response);
  grpc::Status RecommendRoleKind(grpc::ServerContext* context,
                                 const v1::RecommendRoleKindRequest* request,
                                 v1::RoleKindRecommendation* response);

 private:
  IntakeService core_;
};

}  // namespace meridian::intake
