// The thin gRPC adapter of InterviewService (interview.proto): each RPC is served by the
// method of the same name of the core (interview_service.h) through RawRequestService::Serve
// (request parsing, deadline, log line, status mapping).
//
//   InterviewGrpc interviews(core, gate);
//   builder.RegisterService(&interviews);
#pragma once

#include "common/server/raw_request.h"
#include "meridian/talent/v1/interview.grpc.pb.h"
#include "services/talent/interviews/interview_service.h"

namespace meridian::talent {

class InterviewGrpc final : public RawRequestService {
 public:
  InterviewGrpc(InterviewService& interviews, CallGate& gate);

 private:
  InterviewService& interviews_;
};

}  // namespace meridian::talent
