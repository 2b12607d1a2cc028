// What the placement service needs from the other two services, through their gRPC
// contracts only: the hired submission and the candidate (talent), the role (intake), and
// the follow-up steps (release the candidate, reopen or fill the role, build a replacement
// shortlist). An interface, so that the logic above it reads as what it does.
//
//   GrpcFollowUpGateway gateway(intake_channel, talent_channel);
//   absl::StatusOr<talent::v1::Submission> hired = gateway.GetSubmission(name, deadline);
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"

namespace meridian::placement {

class FollowUpGateway {
 public:
  virtual ~FollowUpGateway() = default;

  virtual absl::StatusOr<talent::v1::Submission> GetSubmission(const std::string& name,
                                                               absl::Time deadline) = 0;
  virtual absl::StatusOr<intake::v1::Role> GetRole(const std::string& name,
                                                   absl::Time deadline) = 0;
  // Moves the role to `state` unless it is there already (a retry is harmless).
  virtual absl::Status SetRoleState(const std::string& role, intake::v1::Role::State state,
                                    absl::Time deadline) = 0;
  // PLACED -> AVAILABLE at talent; anything else is left as it is, and an erased candidate
  // (NOT_FOUND) counts as released.
  virtual absl::Status ReleaseCandidate(const std::string& candidate, absl::Time deadline) = 0;
  // A page of talent's erasure feed after `page_token` ("" from the start): the erased
  // candidates' names and the token to read on from (set on an empty page too).
  struct ErasurePage {
    std::vector<std::string> candidates;
    std::string next_page_token;
  };
  virtual absl::StatusOr<ErasurePage> ListCandidateErasures(const std::string& page_token,
                                                            int page_size, absl::Time deadline) = 0;
  // The best current matches for the role, `excluded` left out.
  virtual absl::StatusOr<std::vector<std::string>> FindMatches(const std::string& role,
                                                               const std::string& excluded,
                                                               int count, absl::Time deadline) = 0;
  // Puts the candidate forward for the role at SOURCED; `request_id` makes a retry return
  // the first submission, and a candidate already in the role's pipeline counts as done.
  virtual absl::StatusOr<std::string> Submit(const std::string& role, const std::string& candidate,
                                             const std::string& request_id,
                                             absl::Time deadline) = 0;
};

class GrpcFollowUpGateway final : public FollowUpGateway {
 public:
  GrpcFollowUpGateway(std::shared_ptr<grpc::Channel> intake, std::shared_ptr<grpc::Channel> talent,
                      absl::Duration call_timeout = absl::Seconds(5));

  absl::StatusOr<talent::v1::Submission> GetSubmission(const std::string& name,
                                                       absl::Time deadline) override;
  absl::StatusOr<intake::v1::Role> GetRole(const std::string& name, absl::Time deadline) override;
  absl::Status SetRoleState(const std::string& role, intake::v1::Role::State state,
                            absl::Time deadline) override;
  absl::Status ReleaseCandidate(const std::string& candidate, absl::Time deadline) override;
  absl::StatusOr<ErasurePage> ListCandidateErasures(const std::string& page_token, int page_size,
                                                    absl::Time deadline) override;
  absl::StatusOr<std::vector<std::string>> FindMatches(const std::string& role,
                                                       const std::string& excluded, int count,
                                                       absl::Time deadline) override;
  absl::StatusOr<std::string> Submit(const std::string& role, const std::string& candidate,
                                     const std::string& request_id, absl::Time deadline) override;

 private:
  std::unique_ptr<grpc::ClientContext> Context(absl::Time deadline) const;

  std::unique_ptr<intake::v1::IntakeService::Stub> intake_;
  std::unique_ptr<talent::v1::TalentService::Stub> talent_;
  absl::Duration call_timeout_;
};

}  // namespace meridian::placement
