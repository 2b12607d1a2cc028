// ListRoleMatches, free of gRPC: a role's new matches, newest first, as the RoleMatchWorker
// recorded them (role_match_worker.h). Staff only (the access policy keeps partners out: a
// match weighs the role's budget and covers every agency's candidates). The matches are read
// from PostgreSQL; the role's existence from intake (a role that does not exist is NOT_FOUND,
// not an empty page), except while intake is down: the matches are ours to show then.
//
//   RoleMatchService matches(pool, roles);
//   absl::StatusOr<v1::ListRoleMatchesResponse> page = matches.ListRoleMatches(request, call);
#pragma once

#include "absl/status/statusor.h"
#include "common/auth/call_context.h"
#include "common/db/pool.h"
#include "meridian/talent/v1/talent.pb.h"
#include "services/talent/role_source.h"

namespace meridian::talent {

class RoleMatchService final {
 public:
  RoleMatchService(db::ConnectionPool& pool, RoleSource& roles) : pool_(pool), roles_(roles) {}

  absl::StatusOr<v1::ListRoleMatchesResponse> ListRoleMatches(
      const v1::ListRoleMatchesRequest& request, const CallContext& call);

 private:
  db::ConnectionPool& pool_;
  RoleSource& roles_;
};

}  // namespace meridian::talent
