// The thin gRPC adapter of the intake service: each RPC hands its request to
// IntakeService and maps the result once, through RunRpc.
//
//   IntakeGrpc grpc_service(pool);
//   builder.RegisterService(&grpc_service);
#pragma once

#include "meridian/intake/v1/intake.grpc.pb.h"
#include "services/intake/intake_service.h"

namespace meridian::intake {

class IntakeGrpc final : public v1::IntakeService::Service {
 public:
  explicit IntakeGrpc(db::ConnectionPool& pool) : core_(pool) {}

  grpc::Status CreateClient(grpc::ServerContext* context, const v1::CreateClientRequest* request,
                            v1::Client* response) override;
  grpc::Status GetClient(grpc::ServerContext* context, const v1::GetClientRequest* request,
                         v1::Client* response) override;
  grpc::Status ListClients(grpc::ServerContext* context, const v1::ListClientsRequest* request,
                           v1::ListClientsResponse* response) override;
  grpc::Status UpdateClient(grpc::ServerContext* context, const v1::UpdateClientRequest* request,
                            v1::Client* response) override;
  grpc::Status CreateRole(grpc::ServerContext* context, const v1::CreateRoleRequest* request,
                          v1::Role* response) override;
  grpc::Status GetRole(grpc::ServerContext* context, const v1::GetRoleRequest* request,
                       v1::Role* response) override;
  grpc::Status ListRoles(grpc::ServerContext* context, const v1::ListRolesRequest* request,
                         v1::ListRolesResponse* response) override;
  grpc::Status UpdateRole(grpc::ServerContext* context, const v1::UpdateRoleRequest* request,
                          v1::Role* response) override;
  grpc::Status RecommendRoleKind(grpc::ServerContext* context,
                                 const v1::RecommendRoleKindRequest* request,
                                 v1::RoleKindRecommendation* response) override;

 private:
  IntakeService core_;
};

}  // namespace meridian::intake
