// ListRoleMatches, free of gRPC: a role's new matches, newest first, as the RoleMatchWorker
// recorded them (role_match_worker.h). Reads PostgreSQL only; staff only (the access policy
// keeps partners out: a match weighs the role's budget and covers every agency's candidates).
//
//   RoleMatchService matches(pool);
//   absl::StatusOr<v1::ListRoleMatchesResponse> page = matches.ListRoleMatches(request, call);
#pragma once

#include "absl/status/statusor.h"
#include "common/auth/call_context.h"
#include "common/db/pool.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian::talent {

class RoleMatchService final {
 public:
  explicit RoleMatchService(db::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::ListRoleMatchesResponse> ListRoleMatches(
      const v1::ListRoleMatchesRequest& request, const CallContext& call);

 private:
  db::ConnectionPool& pool_;
};

}  // namespace meridian::talent
