#include "services/intake/intake_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/api/list_order.h"
#include "common/api/resource_names.h"
#include "common/api/update_mask.h"
#include "common/api/validate_only.h"
#include "common/errors/errors.h"
#include "common/events/event_log.h"
#include "common/money/money.h"
#include "common/paging/paging.h"
#include "common/skills/skill_catalog.h"
#include "common/tenancy/partner_view.h"
#include "common/util/ids.h"
#include "services/intake/domain/role_draft.h"
#include "services/intake/domain/role_filter.h"
#include "services/intake/domain/role_kind_advisor.h"
#include "services/intake/domain/role_state.h"
#include "services/intake/domain/validation.h"
#include "services/intake/intake_store.h"

namespace meridian::intake {
namespace {

const UpdateMaskRules kClientMaskRules = {
    .resource_field = "client",
    .immutable = {"name", "create_time", "update_time", "etag"},
};

// `state` is output only: it moves through HoldRole, ReopenRole, CancelRole and FillRole. An
// empty mask skips it; a mask that names it is refused before these rules apply.
const UpdateMaskRules kRoleMaskRules = {
    .resource_field = "role",
    .immutable = {"name", "create_time", "update_time", "etag", "state", "kind_recommendation",
                  "client_display_name"},
};

// INVALID_ARGUMENT naming the update_mask path that asks to change the role's state.
absl::Status RefuseStateInMask(const google::protobuf::FieldMask& mask) {
  for (int i = 0; i < mask.paths_size(); ++i) {
    if (mask.paths(i) == "state" || absl::StartsWith(mask.paths(i), "state.")) {
      return InvalidArgument(absl::StrCat("update_mask.paths[", i, "]"),
                             "\"state\" is output only: move a role with HoldRole, ReopenRole, "
                             "CancelRole or FillRole");
    }
  }
  return absl::OkStatus();
}

// Resource names, parsed with the rules every service shares (common/api/resource_names.h).
std::string ClientName(absl::string_view client_id) { return absl::StrCat("clients/", client_id); }

std::string RoleNameOf(absl::string_view client_id, absl::string_view role_id) {
  return absl::StrCat("clients/", client_id, "/roles/", role_id);
}

struct RoleName {
  std::string client_id;
  std::string role_id;
};

// The client id in "clients/{client}"; INVALID_ARGUMENT on `field` otherwise.
absl::StatusOr<std::string> ParseClientName(absl::string_view name, absl::string_view field) {
  absl::StatusOr<std::vector<std::string>> ids = ParseResourceName(name, {"clients"}, field);
  if (!ids.ok()) return ids.status();
  return std::move(ids->front());
}

// A role parent: "clients/{client}", or "clients/-" (an empty id) when `allow_wildcard`.
absl::StatusOr<std::string> ParseRoleParent(absl::string_view parent, bool allow_wildcard) {
  absl::StatusOr<std::vector<std::string>> ids =
      ParseResourceName(parent, {"clients"}, "parent", allow_wildcard);
  if (!ids.ok()) return ids.status();
  return std::move(ids->front());
}

absl::StatusOr<RoleName> ParseRoleName(absl::string_view name, absl::string_view field) {
  absl::StatusOr<std::vector<std::string>> ids =
      ParseResourceName(name, {"clients", "roles"}, field);
  if (!ids.ok()) return ids.status();
  return RoleName{std::move((*ids)[0]), std::move((*ids)[1])};
}

template <typename T>
absl::StatusOr<T> Found(std::optional<T> resource, absl::string_view name) {
  if (!resource.has_value()) return NotFound(name);
  return std::move(*resource);
}

// The role as it is now, with its event (role.created, .updated, .state_changed) appended in
// the change's transaction.
absl::StatusOr<v1::Role> ChangedRole(pqxx::work& tx, absl::string_view type,
                                     const std::string& client_id, const std::string& role_id,
                                     const Caller& caller) {
  absl::StatusOr<v1::Role> role =
      Found(FindRole(tx, client_id, role_id, false), RoleNameOf(client_id, role_id));
  if (!role.ok()) return role.status();
  events::v1::Event event;
  *event.mutable_role() = *role;
  AppendEvent(tx, {.type = std::string(type), .resource = role->name()}, caller, std::move(event));
  return role;
}

}  // namespace

absl::StatusOr<v1::Client> IntakeService::CreateClient(const v1::CreateClientRequest& request,
                                                       absl::Time deadline) {
  v1::Client client = request.client();
  ClearOutputOnlyFields(client);
  if (absl::Status valid = ValidateClient(client, "client"); !valid.ok()) return valid;
  absl::StatusOr<v1::Client> created = pool_.InTransactionOrDryRun<v1::Client>(
      request.validate_only(), deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Client> {
        const std::string id = NewResourceId();
        InsertClient(tx, id, client);
        return Found(FindClient(tx, id, false), ClientName(id));
      });
  if (created.ok() && request.validate_only()) ClearIdentityFields(*created);
  return created;
}

absl::StatusOr<v1::Client> IntakeService::GetClient(const v1::GetClientRequest& request,
                                                    absl::Time deadline) {
  absl::StatusOr<std::string> id = ParseClientName(request.name(), "name");
  if (!id.ok()) return id.status();
  return pool_.InTransaction<v1::Client>(deadline,
                                         [&](pqxx::work& tx) -> absl::StatusOr<v1::Client> {
                                           return Found(FindClient(tx, *id, false), request.name());
                                         });
}

absl::StatusOr<v1::ListClientsResponse> IntakeService::ListClients(
    const v1::ListClientsRequest& request, absl::Time deadline) {
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<ListOrder> order =
      ParseCreateTimeOrder(request.order_by(), ListOrder::kOldestFirst);
  if (!order.ok()) return order.status();
  const std::string fingerprint = absl::StrCat("ListClients|", OrderKey(*order));
  absl::StatusOr<int64_t> after = DecodePageToken(request.page_token(), fingerprint);
  if (!after.ok()) return after.status();
  return pool_.InTransaction<v1::ListClientsResponse>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListClientsResponse> {
        std::vector<Listed<v1::Client>> rows =
            intake::ListClients(tx, *order, *after, *page_size + 1);
        v1::ListClientsResponse response;
        response.set_next_page_token(FillPage(rows, *page_size, fingerprint, [&](v1::Client c) {
          *response.add_clients() = std::move(c);
        }));
        return response;
      });
}

absl::StatusOr<v1::Client> IntakeService::UpdateClient(const v1::UpdateClientRequest& request,
                                                       absl::Time deadline) {
  absl::StatusOr<std::string> id = ParseClientName(request.client().name(), "client.name");
  if (!id.ok()) return id.status();
  return pool_.InTransaction<v1::Client>(
      deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Client> {
        absl::StatusOr<v1::Client> stored =
            Found(FindClient(tx, *id, true), request.client().name());
        if (!stored.ok()) return stored.status();
        if (!request.client().etag().empty() && request.client().etag() != stored->etag()) {
          return StaleEtag(request.client().name());
        }
        v1::Client updated = *stored;
        if (absl::Status applied = ApplyUpdateMask(request.client(), request.update_mask(),
                                                   kClientMaskRules, &updated);
            !applied.ok()) {
          return applied;
        }
        if (absl::Status valid = ValidateClient(updated, "client"); !valid.ok()) return valid;
        intake::UpdateClient(tx, *id, updated);
        return Found(FindClient(tx, *id, false), request.client().name());
      });
}

absl::StatusOr<v1::Role> IntakeService::CreateRole(const v1::CreateRoleRequest& request,
                                                   const CallContext& call) {
  absl::StatusOr<std::string> client_id = ParseRoleParent(request.parent(), false);
  if (!client_id.ok()) return client_id.status();
  absl::StatusOr<v1::Role> created = pool_.InTransactionOrDryRun<v1::Role>(
      request.validate_only(), call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Role> {
        absl::StatusOr<v1::Client> client =
            Found(FindClient(tx, *client_id, false), request.parent());
        if (!client.ok()) return client.status();
        v1::Role role = request.role();
        ClearOutputOnlyFields(role);
        role.set_state(v1::Role::OPEN);
        if (absl::Status valid = PrepareRole(role, "role", LoadSkillCatalog(tx), *client);
            !valid.ok()) {
          return valid;
        }
        if (role.has_monthly_budget()) {
          if (absl::Status valid =
                  CheckMonthlyAmountInUsd(tx, role.monthly_budget(), "role.monthly_budget");
              !valid.ok()) {
            return valid;
          }
        }
        const std::string id = NewResourceId();
        InsertRole(tx, *client_id, id, role);
        return ChangedRole(tx, "role.created", *client_id, id, call.caller);
      });
  if (created.ok() && request.validate_only()) ClearIdentityFields(*created);
  return created;
}

absl::StatusOr<v1::Role> IntakeService::GetRole(const v1::GetRoleRequest& request,
                                                const CallContext& call) {
  absl::StatusOr<RoleName> name = ParseRoleName(request.name(), "name");
  if (!name.ok()) return name.status();
  return pool_.InTransaction<v1::Role>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Role> {
        std::optional<v1::Role> role = FindRole(tx, name->client_id, name->role_id, false);
        if (!role || !MaySee(call.caller, *role)) return NotFound(request.name());
        ShowTo(call.caller, *role);
        return std::move(*role);
      });
}

absl::StatusOr<v1::ListRolesResponse> IntakeService::ListRoles(const v1::ListRolesRequest& request,
                                                               const CallContext& call) {
  absl::StatusOr<std::string> client_id = ParseRoleParent(request.parent(), true);
  if (!client_id.ok()) return client_id.status();
  absl::StatusOr<RoleFilter> filter = ParseRoleFilter(request.filter());
  if (!filter.ok()) return filter.status();
  if (call.caller.is_partner()) {
    // A partner sees OPEN roles only: a filter on another state finds nothing.
    if (!filter->state.empty() && filter->state != "OPEN") return v1::ListRolesResponse();
    filter->state = "OPEN";
  }
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<ListOrder> order =
      ParseCreateTimeOrder(request.order_by(), ListOrder::kOldestFirst);
  if (!order.ok()) return order.status();
  const std::string fingerprint =
      absl::StrCat("ListRoles|", request.parent(), "|", filter->Canonical(), "|", OrderKey(*order));
  absl::StatusOr<int64_t> after = DecodePageToken(request.page_token(), fingerprint);
  if (!after.ok()) return after.status();
  return pool_.InTransaction<v1::ListRolesResponse>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListRolesResponse> {
        // A partner cannot see clients, so a missing one is no different from one without
        // OPEN roles: both list nothing.
        if (!client_id->empty() && !call.caller.is_partner() &&
            !FindClient(tx, *client_id, false).has_value()) {
          return NotFound(request.parent());
        }
        std::vector<Listed<v1::Role>> rows = intake::ListRoles(
            tx, *client_id, filter->state, filter->kind, *order, *after, *page_size + 1);
        v1::ListRolesResponse response;
        response.set_next_page_token(FillPage(rows, *page_size, fingerprint, [&](v1::Role r) {
          ShowTo(call.caller, r);
          *response.add_roles() = std::move(r);
        }));
        return response;
      });
}

absl::StatusOr<v1::Role> IntakeService::UpdateRole(const v1::UpdateRoleRequest& request,
                                                   const CallContext& call) {
  absl::StatusOr<RoleName> name = ParseRoleName(request.role().name(), "role.name");
  if (!name.ok()) return name.status();
  if (absl::Status refused = RefuseStateInMask(request.update_mask()); !refused.ok()) {
    return refused;
  }
  return pool_.InTransaction<v1::Role>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Role> {
        absl::StatusOr<v1::Role> stored =
            Found(FindRole(tx, name->client_id, name->role_id, true), request.role().name());
        if (!stored.ok()) return stored.status();
        if (!request.role().etag().empty() && request.role().etag() != stored->etag()) {
          return StaleEtag(request.role().name());
        }
        v1::Role updated = *stored;
        if (absl::Status applied =
                ApplyUpdateMask(request.role(), request.update_mask(), kRoleMaskRules, &updated);
            !applied.ok()) {
          return applied;
        }
        absl::StatusOr<v1::Client> client =
            Found(FindClient(tx, name->client_id, false), ClientName(name->client_id));
        if (!client.ok()) return client.status();
        if (absl::Status valid = PrepareRole(updated, "role", LoadSkillCatalog(tx), *client);
            !valid.ok()) {
          return valid;
        }
        if (updated.has_monthly_budget()) {
          if (absl::Status valid =
                  CheckMonthlyAmountInUsd(tx, updated.monthly_budget(), "role.monthly_budget");
              !valid.ok()) {
            return valid;
          }
        }
        intake::UpdateRole(tx, name->client_id, name->role_id, updated);
        return ChangedRole(tx, "role.updated", name->client_id, name->role_id, call.caller);
      });
}

absl::StatusOr<v1::Role> IntakeService::MoveRole(absl::string_view role_name,
                                                 absl::string_view etag, v1::Role::State to,
                                                 const CallContext& call) {
  absl::StatusOr<RoleName> name = ParseRoleName(role_name, "name");
  if (!name.ok()) return name.status();
  return pool_.InTransaction<v1::Role>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::Role> {
        absl::StatusOr<v1::Role> stored =
            Found(FindRole(tx, name->client_id, name->role_id, true), role_name);
        if (!stored.ok()) return stored.status();
        if (!etag.empty() && etag != stored->etag()) return StaleEtag(role_name);
        // Already there (a retry without a request_id): nothing moves, so no event either.
        if (stored->state() == to) return std::move(*stored);
        if (absl::Status move = CheckRoleTransition(stored->state(), to); !move.ok()) return move;
        v1::Role moved = *stored;
        moved.set_state(to);
        intake::UpdateRole(tx, name->client_id, name->role_id, moved);
        return ChangedRole(tx, "role.state_changed", name->client_id, name->role_id, call.caller);
      });
}

absl::StatusOr<v1::Role> IntakeService::HoldRole(const v1::HoldRoleRequest& request,
                                                 const CallContext& call) {
  return MoveRole(request.name(), request.etag(), v1::Role::ON_HOLD, call);
}

absl::StatusOr<v1::Role> IntakeService::ReopenRole(const v1::ReopenRoleRequest& request,
                                                   const CallContext& call) {
  return MoveRole(request.name(), request.etag(), v1::Role::OPEN, call);
}

absl::StatusOr<v1::Role> IntakeService::CancelRole(const v1::CancelRoleRequest& request,
                                                   const CallContext& call) {
  return MoveRole(request.name(), request.etag(), v1::Role::CANCELLED, call);
}

absl::StatusOr<v1::Role> IntakeService::FillRole(const v1::FillRoleRequest& request,
                                                 const CallContext& call) {
  return MoveRole(request.name(), request.etag(), v1::Role::FILLED, call);
}

absl::StatusOr<v1::RoleKindRecommendation> IntakeService::RecommendRoleKind(
    const v1::RecommendRoleKindRequest& request) const {
  return intake::RecommendRoleKind(request.answers(), "answers");
}

absl::StatusOr<v1::RoleDraft> IntakeService::DraftRole(const v1::DraftRoleRequest& request,
                                                       const CallContext& call) {
  absl::StatusOr<std::string> client_id = ParseRoleParent(request.parent(), false);
  if (!client_id.ok()) return client_id.status();
  // The text is checked before the database is asked: a 1 MB paste costs no transaction.
  if (absl::Status valid = CheckDraftText(request.text(), "text"); !valid.ok()) {
    return valid;
  }
  return pool_.InTransaction<v1::RoleDraft>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::RoleDraft> {
        absl::StatusOr<v1::Client> client =
            Found(FindClient(tx, *client_id, false), request.parent());
        if (!client.ok()) return client.status();
        return DraftRoleFromText(request.text(), LoadSkillCatalog(tx), &*client, "text");
      });
}

}  // namespace meridian::intake
