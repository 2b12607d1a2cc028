#include "services/placement/placement_grpc.h"

#include "common/server/rpc_call.h"

namespace meridian::placement {

PlacementGrpc::PlacementGrpc(PlacementService& core)
    : RawRequestService(v1::PlacementService::service_full_name()), core_(core) {
  Handle("CreatePlacement", &PlacementGrpc::CreatePlacement);
  Handle("GetPlacement", &PlacementGrpc::GetPlacement);
  Handle("ListPlacements", &PlacementGrpc::ListPlacements);
  Handle("ListCheckIns", &PlacementGrpc::ListCheckIns);
  Handle("RecordCheckIn", &PlacementGrpc::RecordCheckIn);
  Handle("RescheduleCheckIn", &PlacementGrpc::RescheduleCheckIn);
  Handle("EndPlacement", &PlacementGrpc::EndPlacement);
  RequireEveryMethodHandled();
}

// Each method: run the core call under the RPC's deadline and log line.
#define MERIDIAN_PLACEMENT_RPC(Method, Request, Response, request_id)                          \
  grpc::Status PlacementGrpc::Method(grpc::ServerContext* context, const v1::Request* request, \
                                     v1::Response* response) {                                 \
    return RunRpc(context, #Method, request_id, [&](const RpcContext& rpc) {                   \
      return AssignOrReturn(core_.Method(*request, rpc.deadline), *response);                  \
    });                                                                                        \
  }

MERIDIAN_PLACEMENT_RPC(CreatePlacement, CreatePlacementRequest, Placement, request->request_id())
MERIDIAN_PLACEMENT_RPC(GetPlacement, GetPlacementRequest, Placement, "")
MERIDIAN_PLACEMENT_RPC(ListPlacements, ListPlacementsRequest, ListPlacementsResponse, "")
MERIDIAN_PLACEMENT_RPC(ListCheckIns, ListCheckInsRequest, ListCheckInsResponse, "")
MERIDIAN_PLACEMENT_RPC(RecordCheckIn, RecordCheckInRequest, CheckIn, "")
MERIDIAN_PLACEMENT_RPC(RescheduleCheckIn, RescheduleCheckInRequest, CheckIn, "")
MERIDIAN_PLACEMENT_RPC(EndPlacement, EndPlacementRequest, Placement, "")

#undef MERIDIAN_PLACEMENT_RPC

}  // namespace meridian::placement
