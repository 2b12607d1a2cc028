// What the placement service needs from the other two services: the hired submission and the
// candidate (talent), the role (intake), and the follow-up steps (release the candidate,
// reopen or fill the role, build a replacement shortlist). An interface with no gRPC in it, so
// that the logic above it reads as what it does and is tested with a fake; the service is
// given GrpcFollowUpGateway (grpc_follow_up_gateway.h, in placement_grpc), which calls the
// other services' gRPC contracts only.
//
//   PlacementService placements(pool, gateway, absl::Now);  // gateway: a FollowUpGateway&
//   absl::StatusOr<talent::v1::Submission> hired = gateway.GetSubmission(name, deadline);
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "meridian/intake/v1/intake.pb.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian::placement {

class FollowUpGateway {
 public:
  virtual ~FollowUpGateway() = default;

  virtual absl::StatusOr<talent::v1::Submission> GetSubmission(const std::string& name,
                                                               absl::Time deadline) = 0;
  virtual absl::StatusOr<intake::v1::Role> GetRole(const std::string& name,
                                                   absl::Time deadline) = 0;
  // Moves the role to `state`, FILLED or OPEN (intake's FillRole, ReopenRole), unless it is
  // there already (a retry is harmless).
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
  // The best current matches for the role, the candidates named in `excluded` left out.
  virtual absl::StatusOr<std::vector<std::string>> FindMatches(
      const std::string& role, const std::vector<std::string>& excluded, int count,
      absl::Time deadline) = 0;
  // Puts the candidate forward for the role at SOURCED; `request_id` makes a retry return
  // the first submission, and a candidate already in the role's pipeline counts as done.
  virtual absl::StatusOr<std::string> Submit(const std::string& role, const std::string& candidate,
                                             const std::string& request_id,
                                             absl::Time deadline) = 0;
};

}  // namespace meridian::placement
