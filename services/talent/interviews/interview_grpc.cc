#include "services/talent/interviews/interview_grpc.h"

namespace meridian::talent {

InterviewGrpc::InterviewGrpc(InterviewService& interviews, CallGate& gate)
    : RawRequestService(v1::InterviewService::service_full_name(), gate), interviews_(interviews) {
  Serve("CreateInterview", interviews_, &InterviewService::CreateInterview);
  Serve("GetInterview", interviews_, &InterviewService::GetInterview);
  Serve("ListInterviews", interviews_, &InterviewService::ListInterviews);
  Serve("UpdateInterview", interviews_, &InterviewService::UpdateInterview);
  Serve("CancelInterview", interviews_, &InterviewService::CancelInterview);
  Serve("CompleteInterview", interviews_, &InterviewService::CompleteInterview);
  Serve("ProposeInterviewSlots", interviews_, &InterviewService::ProposeInterviewSlots);
  Serve("GetInterviewInvite", interviews_, &InterviewService::GetInterviewInvite);
  Serve("CreateScorecard", interviews_, &InterviewService::CreateScorecard);
  Serve("ListScorecards", interviews_, &InterviewService::ListScorecards);
  Serve("GetInterviewSummary", interviews_, &InterviewService::GetInterviewSummary);
  RequireEveryMethodHandled();
}

}  // namespace meridian::talent
