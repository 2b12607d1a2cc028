// The thin gRPC adapter of the placement service: each RPC hands its request to
// PlacementService and maps the result once, through RunRpc. Requests arrive as bytes and
// are parsed by RawRequestService, so a malformed one is INVALID_ARGUMENT.
//
//   PlacementGrpc placements(core);
//   builder.RegisterService(&placements);
#pragma once

#include "common/server/raw_request.h"
#include "meridian/placement/v1/placement.grpc.pb.h"
#include "services/placement/placement_service.h"

namespace meridian::placement {

class PlacementGrpc final : public RawRequestService {
 public:
  explicit PlacementGrpc(PlacementService& core);

  grpc::Status CreatePlacement(grpc::ServerContext* context,
                               const v1::CreatePlacementRequest* request, v1::Placement* response);
  grpc::Status GetPlacement(grpc::ServerContext* context, const v1::GetPlacementRequest* request,
                            v1::Placement* response);
  grpc::Status ListPlacements(grpc::ServerContext* context,
                              const v1::ListPlacementsRequest* request,
                              v1::ListPlacementsResponse* response);
  grpc::Status ListCheckIns(grpc::ServerContext* context, const v1::ListCheckInsRequest* request,
                            v1::ListCheckInsResponse* response);
  grpc::Status RecordCheckIn(grpc::ServerContext* context, const v1::RecordCheckInRequest* request,
                             v1::CheckIn* response);
  grpc::Status RescheduleCheckIn(grpc::ServerContext* context,
                                 const v1::RescheduleCheckInRequest* request,
                                 v1::CheckIn* response);
  grpc::Status EndPlacement(grpc::ServerContext* context, const v1::EndPlacementRequest* request,
                            v1::Placement* response);

 private:
  PlacementService& core_;
};

}  // namespace meridian::placement
