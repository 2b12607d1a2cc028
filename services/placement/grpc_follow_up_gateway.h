// The gRPC implementation of FollowUpGateway (follow_up_gateway.h): calls the intake and
// talent services through their contracts only, each call capped by `call_timeout`, and says
// which service could not be reached (INTAKE_UNAVAILABLE, TALENT_UNAVAILABLE). Part of the
// adapter target (placement_grpc); the core sees only the interface.
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
#include "grpcpp/client_context.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "meridian/talent/v1/talent.grpc.pb.h"
#include "services/placement/follow_up_gateway.h"

namespace meridian::placement {

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
                                                       const std::vector<std::string>& excluded,
                                                       int count, absl::Time deadline) override;
  absl::StatusOr<std::string> Submit(const std::string& role, const std::string& candidate,
                                     const std::string& request_id, absl::Time deadline) override;

 private:
  std::unique_ptr<grpc::ClientContext> Context(absl::Time deadline) const;

  std::unique_ptr<intake::v1::IntakeService::Stub> intake_;
  std::unique_ptr<talent::v1::TalentService::Stub> talent_;
  absl::Duration call_timeout_;
};

}  // namespace meridian::placement
