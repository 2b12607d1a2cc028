// The thin gRPC adapter of the intake service: each RPC is served by IntakeService's method of
// the same name, through RawRequestService::Serve (request parsing, deadline, log line, status
// mapping), so a malformed request is INVALID_ARGUMENT.
//
//   IntakeGrpc grpc_service(pool, gate);
//   builder.RegisterService(&grpc_service);
#pragma once

#include "common/db/pool.h"
#include "common/server/raw_request.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "services/intake/intake_service.h"

namespace meridian::intake {

class IntakeGrpc final : public RawRequestService {
 public:
  IntakeGrpc(db::ConnectionPool& pool, CallGate& gate);

 private:
  IntakeService core_;
};

}  // namespace meridian::intake
