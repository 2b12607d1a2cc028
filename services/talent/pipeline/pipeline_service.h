// The hiring pipeline, free of gRPC: candidates put forward for intake roles and moved
// through the client's stages, with the candidate's state following along (INTERVIEWING
// while a submission is open, PLACED when hired, AVAILABLE again when every submission
// closed without a hire). One transaction per call; candidate changes reach the search
// index through the change feed. A PARTNER puts forward only its agency's candidates, at
// SOURCED, for OPEN roles, and sees only its agency's submissions
// (common/tenancy/partner_view.h).
//
//   PipelineService pipeline(pool, roles, search);
//   absl::StatusOr<v1::Submission> s = pipeline.CreateSubmission(request, call);
#pragma once

#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/call_context.h"
#include "common/db/pool.h"
#include "meridian/talent/v1/talent.pb.h"
#include "services/talent/role_source.h"
#include "services/talent/search_service.h"

namespace meridian::talent {

class PipelineService final {
 public:
  PipelineService(db::ConnectionPool& pool, RoleSource& roles, SearchService& search)
      : pool_(pool), roles_(roles), search_(search) {}

  absl::StatusOr<v1::Submission> CreateSubmission(const v1::CreateSubmissionRequest& request,
                                                  const CallContext& call);
  absl::StatusOr<v1::Submission> GetSubmission(const v1::GetSubmissionRequest& request,
                                               const CallContext& call);
  absl::StatusOr<v1::ListSubmissionsResponse> ListSubmissions(
      const v1::ListSubmissionsRequest& request, const CallContext& call);
  absl::StatusOr<v1::Submission> AdvanceSubmission(const v1::AdvanceSubmissionRequest& request,
                                                   const CallContext& call);

 private:
  db::ConnectionPool& pool_;
  RoleSource& roles_;
  SearchService& search_;
};

}  // namespace meridian::talent
