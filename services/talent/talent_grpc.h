// The thin gRPC adapter of the talent service: each RPC hands its request to the core that
// owns it and maps the result once, through RunRpc. Requests arrive as bytes and are parsed
// by RawRequestService, so a malformed one is INVALID_ARGUMENT.
//
//   TalentGrpc talent(pool, search, pipeline);
//   builder.RegisterService(&talent);
#pragma once

#include "common/server/raw_request.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "services/talent/candidate_service.h"
#include "services/talent/pipeline/pipeline_service.h"
#include "services/talent/search_service.h"

namespace meridian::talent {

class TalentGrpc final : public RawRequestService {
 public:
  TalentGrpc(db::ConnectionPool& pool, SearchService& search, PipelineService& pipeline);

  grpc::Status CreateCandidate(grpc::ServerContext* context,
                               const v1::CreateCandidateRequest* request, v1::Candidate* response);
  grpc::Status GetCandidate(grpc::ServerContext* context, const v1::GetCandidateRequest* request,
                            v1::Candidate* response);
  grpc::Status ListCandidates(grpc::ServerContext* context,
                              const v1::ListCandidatesRequest* request,
                              v1::ListCandidatesResponse* response);
  grpc::Status UpdateCandidate(grpc::ServerContext* context,
                               const v1::UpdateCandidateRequest* request, v1::Candidate* response);
  grpc::Status DeleteCandidate(grpc::ServerContext* context,
                               const v1::DeleteCandidateRequest* request,
                               google::protobuf::Empty* response);
  grpc::Status ReleaseCandidate(grpc::ServerContext* context,
                                const v1::ReleaseCandidateRequest* request,
                                v1::Candidate* response);
  grpc::Status ListCandidateErasures(grpc::ServerContext* context,
                                     const v1::ListCandidateErasuresRequest* request,
                                     v1::ListCandidateErasuresResponse* response);
  grpc::Status ListSkills(grpc::ServerContext* context, const v1::ListSkillsRequest* request,
                          v1::ListSkillsResponse* response);
  grpc::Status CreateSkill(grpc::ServerContext* context, const v1::CreateSkillRequest* request,
                           v1::Skill* response);
  grpc::Status ListExchangeRates(grpc::ServerContext* context,
                                 const v1::ListExchangeRatesRequest* request,
                                 v1::ListExchangeRatesResponse* response);
  grpc::Status UpdateExchangeRate(grpc::ServerContext* context,
                                  const v1::UpdateExchangeRateRequest* request,
                                  v1::ExchangeRate* response);
  grpc::Status SearchCandidates(grpc::ServerContext* context,
                                const v1::SearchCandidatesRequest* request,
                                v1::SearchCandidatesResponse* response);
  grpc::Status CreateSubmission(grpc::ServerContext* context,
                                const v1::CreateSubmissionRequest* request,
                                v1::Submission* response);
  grpc::Status GetSubmission(grpc::ServerContext* context, const v1::GetSubmissionRequest* request,
                             v1::Submission* response);
  grpc::Status ListSubmissions(grpc::ServerContext* context,
                               const v1::ListSubmissionsRequest* request,
                               v1::ListSubmissionsResponse* response);
  grpc::Status AdvanceSubmission(grpc::ServerContext* context,
                                 const v1::AdvanceSubmissionRequest* request,
                                 v1::Submission* response);

 private:
  CandidateService candidates_;
  SearchService& search_;
  PipelineService& pipeline_;
};

}  // namespace meridian::talent
