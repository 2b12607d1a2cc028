#include "services/talent/talent_grpc.h"

#include "common/server/rpc_call.h"

namespace meridian::talent {

TalentGrpc::TalentGrpc(db::ConnectionPool& pool, SearchService& search, PipelineService& pipeline)
    : RawRequestService(v1::TalentService::service_full_name()),
      candidates_(pool),
      search_(search),
      pipeline_(pipeline) {
  Handle("CreateCandidate", &TalentGrpc::CreateCandidate);
  Handle("GetCandidate", &TalentGrpc::GetCandidate);
  Handle("ListCandidates", &TalentGrpc::ListCandidates);
  Handle("UpdateCandidate", &TalentGrpc::UpdateCandidate);
  Handle("DeleteCandidate", &TalentGrpc::DeleteCandidate);
  Handle("ReleaseCandidate", &TalentGrpc::ReleaseCandidate);
  Handle("ListCandidateErasures", &TalentGrpc::ListCandidateErasures);
  Handle("ListSkills", &TalentGrpc::ListSkills);
  Handle("CreateSkill", &TalentGrpc::CreateSkill);
  Handle("ListExchangeRates", &TalentGrpc::ListExchangeRates);
  Handle("UpdateExchangeRate", &TalentGrpc::UpdateExchangeRate);
  Handle("SearchCandidates", &TalentGrpc::SearchCandidates);
  Handle("CreateSubmission", &TalentGrpc::CreateSubmission);
  Handle("GetSubmission", &TalentGrpc::GetSubmission);
  Handle("ListSubmissions", &TalentGrpc::ListSubmissions);
  Handle("AdvanceSubmission", &TalentGrpc::AdvanceSubmission);
  RequireEveryMethodHandled();
}

// Each method: run the core call under the RPC's deadline and log line.
#define MERIDIAN_TALENT_RPC(Core, Method, Request, Response, request_id)                \
  grpc::Status TalentGrpc::Method(grpc::ServerContext* context, const Request* request, \
                                  Response* response) {                                 \
    return RunRpc(context, #Method, request_id, [&](const RpcContext& rpc) {            \
      return AssignOrReturn(Core.Method(*request, rpc.deadline), *response);            \
    });                                                                                 \
  }

MERIDIAN_TALENT_RPC(candidates_, CreateCandidate, v1::CreateCandidateRequest, v1::Candidate,
                    request->request_id())
MERIDIAN_TALENT_RPC(candidates_, GetCandidate, v1::GetCandidateRequest, v1::Candidate, "")
MERIDIAN_TALENT_RPC(candidates_, ListCandidates, v1::ListCandidatesRequest,
                    v1::ListCandidatesResponse, "")
MERIDIAN_TALENT_RPC(candidates_, UpdateCandidate, v1::UpdateCandidateRequest, v1::Candidate, "")
MERIDIAN_TALENT_RPC(candidates_, DeleteCandidate, v1::DeleteCandidateRequest,
                    google::protobuf::Empty, "")
MERIDIAN_TALENT_RPC(candidates_, ReleaseCandidate, v1::ReleaseCandidateRequest, v1::Candidate, "")
MERIDIAN_TALENT_RPC(candidates_, ListCandidateErasures, v1::ListCandidateErasuresRequest,
                    v1::ListCandidateErasuresResponse, "")
MERIDIAN_TALENT_RPC(candidates_, ListSkills, v1::ListSkillsRequest, v1::ListSkillsResponse, "")
MERIDIAN_TALENT_RPC(candidates_, CreateSkill, v1::CreateSkillRequest, v1::Skill, "")
MERIDIAN_TALENT_RPC(candidates_, ListExchangeRates, v1::ListExchangeRatesRequest,
                    v1::ListExchangeRatesResponse, "")
MERIDIAN_TALENT_RPC(candidates_, UpdateExchangeRate, v1::UpdateExchangeRateRequest,
                    v1::ExchangeRate, "")

MERIDIAN_TALENT_RPC(search_, SearchCandidates, v1::SearchCandidatesRequest,
                    v1::SearchCandidatesResponse, "")

MERIDIAN_TALENT_RPC(pipeline_, CreateSubmission, v1::CreateSubmissionRequest, v1::Submission,
                    request->request_id())
MERIDIAN_TALENT_RPC(pipeline_, GetSubmission, v1::GetSubmissionRequest, v1::Submission, "")
MERIDIAN_TALENT_RPC(pipeline_, ListSubmissions, v1::ListSubmissionsRequest,
                    v1::ListSubmissionsResponse, "")
MERIDIAN_TALENT_RPC(pipeline_, AdvanceSubmission, v1::AdvanceSubmissionRequest, v1::Submission, "")

#undef MERIDIAN_TALENT_RPC

}  // namespace meridian::talent
