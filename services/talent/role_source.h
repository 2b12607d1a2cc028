// How the talent service's core reads an intake role: an interface with no gRPC in it, so
// that search and the pipeline depend on what they need (a role by name) rather than on how
// it travels. The service is given IntakeRoleSource (intake_roles.h, in talent_grpc), which
// calls IntakeService's contract; tests give it a fake.
//
//   class FixedRoles final : public RoleSource { ... };
//   SearchService search(pool, index, follower, roles);  // roles: a RoleSource&
//   absl::StatusOr<intake::v1::Role> role = roles.GetRole("clients/a/roles/b", deadline);
//   absl::StatusOr<std::vector<intake::v1::Role>> open = roles.ListOpenRoles(deadline);
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "meridian/intake/v1/intake.pb.h"

namespace meridian::talent {

class RoleSource {
 public:
  virtual ~RoleSource() = default;
  // The role, NOT_FOUND, or UNAVAILABLE with a message saying the intake service is down.
  virtual absl::StatusOr<intake::v1::Role> GetRole(const std::string& name,
                                                   absl::Time deadline) = 0;
  // Every OPEN role across clients (what new-match alerts watch), or UNAVAILABLE.
  virtual absl::StatusOr<std::vector<intake::v1::Role>> ListOpenRoles(absl::Time deadline) = 0;
};

}  // namespace meridian::talent
