// The thin gRPC adapter of the placement service: each RPC is served by PlacementService's
// method of the same name, through RawRequestService::Serve (request parsing, deadline, log
// line, status mapping), so a malformed request is INVALID_ARGUMENT.
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
  PlacementGrpc(PlacementService& core, CallGate& gate);

 private:
  PlacementService& core_;
};

}  // namespace meridian::placement
