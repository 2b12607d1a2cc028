// The intake service's business logic, free of gRPC: each method is one RPC, runs in one
// database transaction and returns absl::Status errors with field-level details.
//
//   db::ConnectionPool pool({.url = url});
//   IntakeService intake(pool);
//   absl::StatusOr<v1::Client> client = intake.CreateClient(request, absl::Now() +
//   absl::Seconds(5));
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/call_context.h"
#include "common/db/pool.h"
#include "meridian/intake/v1/intake.pb.h"

namespace meridian::intake {

class IntakeService final {
 public:
  explicit IntakeService(db::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Client> CreateClient(const v1::CreateClientRequest& request,
                                          absl::Time deadline);
  absl::StatusOr<v1::Client> GetClient(const v1::GetClientRequest& request, absl::Time deadline);
  absl::StatusOr<v1::ListClientsResponse> ListClients(const v1::ListClientsRequest& request,
                                                      absl::Time deadline);
  absl::StatusOr<v1::Client> UpdateClient(const v1::UpdateClientRequest& request,
                                          absl::Time deadline);

  // Every change to a role appends its event (role.created, .updated, .state_changed).
  absl::StatusOr<v1::Role> CreateRole(const v1::CreateRoleRequest& request,
                                      const CallContext& call);
  // A PARTNER sees OPEN roles only, without the budget (common/tenancy/partner_view.h).
  absl::StatusOr<v1::Role> GetRole(const v1::GetRoleRequest& request, const CallContext& call);
  absl::StatusOr<v1::ListRolesResponse> ListRoles(const v1::ListRolesRequest& request,
                                                  const CallContext& call);
  // Refuses `state` in the update mask: states move through the methods below.
  absl::StatusOr<v1::Role> UpdateRole(const v1::UpdateRoleRequest& request,
                                      const CallContext& call);
  // The role's state moves (AIP-136 custom methods), each emitting role.state_changed.
  absl::StatusOr<v1::Role> HoldRole(const v1::HoldRoleRequest& request, const CallContext& call);
  absl::StatusOr<v1::Role> ReopenRole(const v1::ReopenRoleRequest& request,
                                      const CallContext& call);
  absl::StatusOr<v1::Role> CancelRole(const v1::CancelRoleRequest& request,
                                      const CallContext& call);
  absl::StatusOr<v1::Role> FillRole(const v1::FillRoleRequest& request, const CallContext& call);

  // Pure: needs no database.
  absl::StatusOr<v1::RoleKindRecommendation> RecommendRoleKind(
      const v1::RecommendRoleKindRequest& request) const;

  // Reads the client (its working hours fill what the text leaves out) and the skill catalog,
  // drafts (domain/role_draft.h) and writes nothing.
  absl::StatusOr<v1::RoleDraft> DraftRole(const v1::DraftRoleRequest& request,
                                          const CallContext& call);

 private:
  // Moves the role named `name` to `to` when its state allows (see domain/role_state.h).
  absl::StatusOr<v1::Role> MoveRole(absl::string_view name, absl::string_view etag,
                                    v1::Role::State to, const CallContext& call);

  db::ConnectionPool& pool_;
};

}  // namespace meridian::intake
