// The thin gRPC adapter of the talent service: each RPC is served by the method of the same
// name of the core that owns it (the pool, search, the pipeline), through
// RawRequestService::Serve (request parsing, deadline, log line, status mapping), so a
// malformed request is INVALID_ARGUMENT.
//
//   TalentGrpc talent(pool, roles, search, pipeline, gate);
//   builder.RegisterService(&talent);
#pragma once

#include "common/db/pool.h"
#include "common/server/raw_request.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "services/talent/alerts/role_match_service.h"
#include "services/talent/candidate_service.h"
#include "services/talent/pipeline/pipeline_service.h"
#include "services/talent/search_service.h"

namespace meridian::talent {

class TalentGrpc final : public RawRequestService {
 public:
  TalentGrpc(db::ConnectionPool& pool, RoleSource& roles, SearchService& search,
             PipelineService& pipeline, CallGate& gate);

 private:
  CandidateService candidates_;
  RoleMatchService role_matches_;
  SearchService& search_;
  PipelineService& pipeline_;
};

}  // namespace meridian::talent
