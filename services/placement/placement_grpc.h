// The thin gRPC adapter of the placement service: each RPC hands its request to
// PlacementService and maps the result once, through RunRpc.
//
//   PlacementGrpc placements(core);
//   builder.RegisterService(&placements);
#pragma once

#include "meridian/placement/v1/placement.grpc.pb.h"
#include "services/placement/placement_service.h"

namespace meridian::placement {

class PlacementGrpc final : public v1::PlacementService::Service {
 public:
  explicit PlacementGrpc(PlacementService& core) : core_(core) {}

  grpc::Status CreatePlacement(grpc::ServerContext* context,
                               const v1::CreatePlacementRequest* request,
                               v1::Placement* response) override;
  grpc::Status GetPlacement(grpc::ServerContext* context, const v1::GetPlacementRequest* request,
                            v1::Placement* response) override;
  grpc::Status ListPlacements(grpc::ServerContext* context,
                              const v1::ListPlacementsRequest* request,
                              v1::ListPlacementsResponse* response) override;
  grpc::Status ListCheckIns(grpc::ServerContext* context, const v1::ListCheckInsRequest* request,
                            v1::ListCheckInsResponse* response) override;
  grpc::Status RecordCheckIn(grpc::ServerContext* context, const v1::RecordCheckInRequest* request,
                             v1::CheckIn* response) override;
  grpc::Status RescheduleCheckIn(grpc::ServerContext* context,
                                 const v1::RescheduleCheckInRequest* request,
                                 v1::CheckIn* response) override;
  grpc::Status EndPlacement(grpc::ServerContext* context, const v1::EndPlacementRequest* request,
                            v1::Placement* response) override;

 private:
  PlacementService& core_;
};

}  // namespace meridian::placement
