// Where the talent service reads intake roles: through IntakeService's gRPC contract, never
// its tables. The gRPC implementation of RoleSource (role_source.h), so it lives in the
// adapter target (talent_grpc); the core sees only the interface.
//
//   IntakeRoleSource roles(grpc::CreateChannel(intake_address, ...));
//   absl::StatusOr<intake::v1::Role> role = roles.GetRole("clients/a/roles/b", deadline);
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "meridian/intake/v1/intake.grpc.pb.h"
#include "services/talent/role_source.h"

namespace meridian::talent {

class IntakeRoleSource final : public RoleSource {
 public:
  // `timeout` caps each call, also when the caller's own deadline is further away.
  explicit IntakeRoleSource(std::shared_ptr<grpc::Channel> channel,
                            absl::Duration timeout = absl::Seconds(5));
  absl::StatusOr<intake::v1::Role> GetRole(const std::string& name, absl::Time deadline) override;
  // Pages through ListRoles("clients/-", "state = OPEN"), each call capped by the timeout.
  absl::StatusOr<std::vector<intake::v1::Role>> ListOpenRoles(absl::Time deadline) override;

 private:
  std::unique_ptr<intake::v1::IntakeService::Stub> stub_;
  absl::Duration timeout_;
};

}  // namespace meridian::talent
