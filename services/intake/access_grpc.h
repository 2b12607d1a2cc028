// The thin gRPC adapter of meridian.access.v1.AccessService (keys, agencies, the audit log),
// served by the intake binary: each RPC is AccessService's method of the same name, through
// RawRequestService::Serve. Only ADMIN keys get past the call gate (common/auth/access_policy.cc).
//
//   AccessGrpc access(pool, gate);
//   builder.RegisterService(&access);
#pragma once

#include "common/db/pool.h"
#include "common/server/raw_request.h"
#include "meridian/access/v1/access.grpc.pb.h"
#include "services/intake/access_service.h"

namespace meridian::intake {

class AccessGrpc final : public RawRequestService {
 public:
  AccessGrpc(db::ConnectionPool& pool, CallGate& gate);

 private:
  AccessService core_;
};

}  // namespace meridian::intake
