// A RoleSource for tests of the talent core: roles held in memory, so search and the pipeline
// run without an intake server. A role not added is NOT_FOUND, as intake says; FailWith makes
// every call answer a given status instead (intake down, say) until cleared.
//
//   FakeRoleSource roles;
//   roles.Add(role);
//   SearchService search(pool, index, follower, roles);
//   roles.FailWith(absl::UnavailableError("intake is down"));
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/errors/errors.h"
#include "meridian/intake/v1/intake.pb.h"
#include "services/talent/role_source.h"

namespace meridian::testing {

class FakeRoleSource final : public talent::RoleSource {
 public:
  // Serves `role` under its name from now on.
  void Add(const intake::v1::Role& role) { roles_[role.name()] = role; }
  // Every call answers `status` (absl::OkStatus() to serve roles again).
  void FailWith(absl::Status status) { failure_ = std::move(status); }
  // The names asked for, in order.
  const std::vector<std::string>& asked() const { return asked_; }

  absl::StatusOr<intake::v1::Role> GetRole(const std::string& name, absl::Time) override {
    asked_.push_back(name);
    if (!failure_.ok()) return failure_;
    auto it = roles_.find(name);
    if (it == roles_.end()) return NotFound(name);
    return it->second;
  }

  absl::StatusOr<std::vector<intake::v1::Role>> ListOpenRoles(absl::Time) override {
    if (!failure_.ok()) return failure_;
    std::vector<intake::v1::Role> open;
    for (const auto& [name, role] : roles_) {
      if (role.state() == intake::v1::Role::OPEN) open.push_back(role);
    }
    return open;
  }

 private:
  std::map<std::string, intake::v1::Role> roles_;
  absl::Status failure_;
  std::vector<std::string> asked_;
};

}  // namespace meridian::testing
