// Interviews and scorecards, free of gRPC: the InterviewService contract
// (proto/meridian/talent/v1/interview.proto) over talent.interviews and talent.scorecards.
// Times are checked against the role's working hours (read from intake through RoleSource) and
// the candidate's, with the overlap rules search uses (domain/interview_slots.h); a candidate
// is never booked twice at once (their row is locked while an interview is scheduled). One
// transaction per call.
//
//   InterviewService interviews(pool, roles, absl::Now);
//   absl::StatusOr<v1::Interview> interview = interviews.CreateInterview(request, call);
//   absl::StatusOr<v1::InterviewInvite> invite = interviews.GetInterviewInvite(get, call);
#pragma once

#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/call_context.h"
#include "common/db/pool.h"
#include "meridian/talent/v1/interview.pb.h"
#include "services/talent/role_source.h"

namespace meridian::talent {

class InterviewService final {
 public:
  using Clock = std::function<absl::Time()>;

  InterviewService(db::ConnectionPool& pool, RoleSource& roles, Clock clock)
      : pool_(pool), roles_(roles), clock_(std::move(clock)) {}

  absl::StatusOr<v1::Interview> CreateInterview(const v1::CreateInterviewRequest& request,
                                                const CallContext& call);
  absl::StatusOr<v1::Interview> GetInterview(const v1::GetInterviewRequest& request,
                                             const CallContext& call);
  absl::StatusOr<v1::ListInterviewsResponse> ListInterviews(
      const v1::ListInterviewsRequest& request, const CallContext& call);
  absl::StatusOr<v1::Interview> UpdateInterview(const v1::UpdateInterviewRequest& request,
                                                const CallContext& call);
  absl::StatusOr<v1::Interview> CancelInterview(const v1::CancelInterviewRequest& request,
                                                const CallContext& call);
  absl::StatusOr<v1::Interview> CompleteInterview(const v1::CompleteInterviewRequest& request,
                                                  const CallContext& call);
  absl::StatusOr<v1::ProposeInterviewSlotsResponse> ProposeInterviewSlots(
      const v1::ProposeInterviewSlotsRequest& request, const CallContext& call);
  absl::StatusOr<v1::InterviewInvite> GetInterviewInvite(
      const v1::GetInterviewInviteRequest& request, const CallContext& call);
  absl::StatusOr<v1::Scorecard> CreateScorecard(const v1::CreateScorecardRequest& request,
                                                const CallContext& call);
  absl::StatusOr<v1::ListScorecardsResponse> ListScorecards(
      const v1::ListScorecardsRequest& request, const CallContext& call);
  absl::StatusOr<v1::InterviewSummary> GetInterviewSummary(
      const v1::GetInterviewSummaryRequest& request, const CallContext& call);

 private:
  db::ConnectionPool& pool_;
  RoleSource& roles_;
  Clock clock_;
};

}  // namespace meridian::talent
