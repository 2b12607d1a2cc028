#include "services/placement/placement_grpc.h"

namespace meridian::placement {

PlacementGrpc::PlacementGrpc(PlacementService& core, CallGate& gate)
    : RawRequestService(v1::PlacementService::service_full_name(), gate), core_(core) {
  Serve("CreatePlacement", core_, &PlacementService::CreatePlacement);
  Serve("GetPlacement", core_, &PlacementService::GetPlacement);
  Serve("ListPlacements", core_, &PlacementService::ListPlacements);
  Serve("ListCheckIns", core_, &PlacementService::ListCheckIns);
  Serve("RecordCheckIn", core_, &PlacementService::RecordCheckIn);
  Serve("RescheduleCheckIn", core_, &PlacementService::RescheduleCheckIn);
  Serve("EndPlacement", core_, &PlacementService::EndPlacement);
  Serve("RecordTrialOutcome", core_, &PlacementService::RecordTrialOutcome);
  RequireEveryMethodHandled();
}

}  // namespace meridian::placement
