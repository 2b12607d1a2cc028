#include "services/placement/grpc_follow_up_gateway.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/client/trace_metadata.h"
#include "common/errors/errors.h"
#include "common/server/grpc_status.h"
#include "grpcpp/client_context.h"

namespace meridian::placement {
namespace {

// A service placement calls, with the reason that says it could not be reached.
struct Callee {
  absl::string_view name;
  common::v1::ErrorReason unavailable;
};
constexpr Callee kIntake{"intake", common::v1::INTAKE_UNAVAILABLE};
constexpr Callee kTalent{"talent", common::v1::TALENT_UNAVAILABLE};

// The callee's own words for what went wrong, with the service named for operators.
absl::Status FromCall(const grpc::Status& status, const Callee& callee) {
  absl::Status result = FromGrpcStatus(status);
  if (result.code() == absl::StatusCode::kUnavailable ||
      result.code() == absl::StatusCode::kDeadlineExceeded) {
    return WithReason(absl::UnavailableError(absl::StrCat("the ", callee.name,
                                                          " service is unavailable; retry later")),
                      callee.unavailable);
  }
  return result;
}

}  // namespace

GrpcFollowUpGateway::GrpcFollowUpGateway(std::shared_ptr<grpc::Channel> intake,
                                         std::shared_ptr<grpc::Channel> talent,
                                         absl::Duration call_timeout)
    : intake_(intake::v1::IntakeService::NewStub(std::move(intake))),
      talent_(talent::v1::TalentService::NewStub(std::move(talent))),
      call_timeout_(call_timeout) {}

std::unique_ptr<grpc::ClientContext> GrpcFollowUpGateway::Context(absl::Time deadline) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(std::min(deadline, absl::Now() + call_timeout_)));
  PassTraceId(*context);
  return context;
}

absl::StatusOr<talent::v1::Submission> GrpcFollowUpGateway::GetSubmission(const std::string& name,
                                                                          absl::Time deadline) {
  talent::v1::GetSubmissionRequest request;
  request.set_name(name);
  talent::v1::Submission submission;
  grpc::Status status = talent_->GetSubmission(Context(deadline).get(), request, &submission);
  if (!status.ok()) return FromCall(status, kTalent);
  return submission;
}

absl::StatusOr<intake::v1::Role> GrpcFollowUpGateway::GetRole(const std::string& name,
                                                              absl::Time deadline) {
  intake::v1::GetRoleRequest request;
  request.set_name(name);
  intake::v1::Role role;
  grpc::Status status = intake_->GetRole(Context(deadline).get(), request, &role);
  if (!status.ok()) return FromCall(status, kIntake);
  return role;
}

absl::Status GrpcFollowUpGateway::SetRoleState(const std::string& role,
                                               intake::v1::Role::State state, absl::Time deadline) {
  absl::StatusOr<intake::v1::Role> current = GetRole(role, deadline);
  if (!current.ok()) return current.status();
  if (current->state() == state) return absl::OkStatus();
  // The follow-up only ever fills a role or reopens it for a replacement: intake's custom
  // methods for those moves, guarded by the etag just read.
  intake::v1::Role moved;
  grpc::Status status;
  if (state == intake::v1::Role::FILLED) {
    intake::v1::FillRoleRequest request;
    request.set_name(role);
    request.set_etag(current->etag());
    status = intake_->FillRole(Context(deadline).get(), request, &moved);
  } else if (state == intake::v1::Role::OPEN) {
    intake::v1::ReopenRoleRequest request;
    request.set_name(role);
    request.set_etag(current->etag());
    status = intake_->ReopenRole(Context(deadline).get(), request, &moved);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("the follow-up does not move roles to ", intake::v1::Role::State_Name(state)));
  }
  return status.ok() ? absl::OkStatus() : FromCall(status, kIntake);
}

absl::Status GrpcFollowUpGateway::ReleaseCandidate(const std::string& candidate,
                                                   absl::Time deadline) {
  talent::v1::ReleaseCandidateRequest request;
  request.set_name(candidate);
  talent::v1::Candidate released;
  grpc::Status status = talent_->ReleaseCandidate(Context(deadline).get(), request, &released);
  // An erased candidate has nothing to release.
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return absl::OkStatus();
  return status.ok() ? absl::OkStatus() : FromCall(status, kTalent);
}

absl::StatusOr<FollowUpGateway::ErasurePage> GrpcFollowUpGateway::ListCandidateErasures(
    const std::string& page_token, int page_size, absl::Time deadline) {
  talent::v1::ListCandidateErasuresRequest request;
  request.set_page_token(page_token);
  request.set_page_size(page_size);
  talent::v1::ListCandidateErasuresResponse response;
  grpc::Status status = talent_->ListCandidateErasures(Context(deadline).get(), request, &response);
  if (!status.ok()) return FromCall(status, kTalent);
  ErasurePage page;
  for (const auto& erasure : response.erasures()) page.candidates.push_back(erasure.candidate());
  page.next_page_token = response.next_page_token();
  return page;
}

absl::StatusOr<std::vector<std::string>> GrpcFollowUpGateway::FindMatches(
    const std::string& role, const std::vector<std::string>& excluded, int count,
    absl::Time deadline) {
  talent::v1::SearchCandidatesRequest request;
  request.set_role(role);
  for (const std::string& candidate : excluded) request.add_excluded_candidates(candidate);
  request.set_page_size(count);
  talent::v1::SearchCandidatesResponse response;
  grpc::Status status = talent_->SearchCandidates(Context(deadline).get(), request, &response);
  if (!status.ok()) return FromCall(status, kTalent);
  std::vector<std::string> names;
  for (const auto& match : response.matches()) names.push_back(match.candidate().name());
  return names;
}

absl::StatusOr<std::string> GrpcFollowUpGateway::Submit(const std::string& role,
                                                        const std::string& candidate,
                                                        const std::string& request_id,
                                                        absl::Time deadline) {
  talent::v1::CreateSubmissionRequest request;
  request.set_parent(role);
  request.mutable_submission()->set_candidate(candidate);
  request.mutable_submission()->set_stage(talent::v1::Submission::SOURCED);
  request.set_request_id(request_id);
  talent::v1::Submission submission;
  grpc::Status status = talent_->CreateSubmission(Context(deadline).get(), request, &submission);
  if (status.ok()) return submission.name();
  absl::Status result = FromCall(status, kTalent);
  if (result.code() == absl::StatusCode::kAlreadyExists) {
    // Already in this role's pipeline: that submission is the shortlist entry.
    if (auto info = GetErrorInfo(result);
        info && info->metadata().contains("existing_submission")) {
      return info->metadata().at("existing_submission");
    }
  }
  return result;
}

}  // namespace meridian::placement
