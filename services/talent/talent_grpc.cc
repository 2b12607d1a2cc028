#include "services/talent/talent_grpc.h"

namespace meridian::talent {

TalentGrpc::TalentGrpc(db::ConnectionPool& pool, RoleSource& roles, SearchService& search,
                       PipelineService& pipeline, CallGate& gate)
    : RawRequestService(v1::TalentService::service_full_name(), gate),
      candidates_(pool),
      role_matches_(pool, roles),
      search_(search),
      pipeline_(pipeline) {
  Serve("CreateCandidate", candidates_, &CandidateService::CreateCandidate);
  Serve("GetCandidate", candidates_, &CandidateService::GetCandidate);
  Serve("ListCandidates", candidates_, &CandidateService::ListCandidates);
  Serve("LookupCandidate", candidates_, &CandidateService::LookupCandidate);
  Serve("UpdateCandidate", candidates_, &CandidateService::UpdateCandidate);
  Serve("DeleteCandidate", candidates_, &CandidateService::DeleteCandidate);
  Serve("ReleaseCandidate", candidates_, &CandidateService::ReleaseCandidate);
  Serve("ListCandidateErasures", candidates_, &CandidateService::ListCandidateErasures);
  Serve("DraftCandidate", candidates_, &CandidateService::DraftCandidate);
  Serve("ListSkills", candidates_, &CandidateService::ListSkills);
  Serve("CreateSkill", candidates_, &CandidateService::CreateSkill);
  Serve("ListExchangeRates", candidates_, &CandidateService::ListExchangeRates);
  Serve("UpdateExchangeRate", candidates_, &CandidateService::UpdateExchangeRate);
  // A page of explained matches is written straight into its encoding (search_proto/explain.h).
  ServeEncoded("SearchCandidates", search_, &SearchService::SearchCandidatesEncoded);
  Serve("ListRoleMatches", role_matches_, &RoleMatchService::ListRoleMatches);
  Serve("CreateSubmission", pipeline_, &PipelineService::CreateSubmission);
  Serve("GetSubmission", pipeline_, &PipelineService::GetSubmission);
  Serve("ListSubmissions", pipeline_, &PipelineService::ListSubmissions);
  Serve("AdvanceSubmission", pipeline_, &PipelineService::AdvanceSubmission);
  RequireEveryMethodHandled();
}

}  // namespace meridian::talent
