#include "common/events/webhook_service.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/api/resource_names.h"
#include "common/api/update_mask.h"
#include "common/api/validate_only.h"
#include "common/errors/errors.h"
#include "common/events/event_filter.h"
#include "common/events/event_log.h"
#include "common/events/webhook_signing.h"
#include "common/events/webhook_store.h"
#include "common/events/webhook_target.h"
#include "common/paging/paging.h"
#include "common/util/ids.h"

namespace meridian {
namespace {

using events::v1::WebhookSubscription;

const UpdateMaskRules kSubscriptionMaskRules = {
    .resource_field = "subscription",
    .immutable = {"name", "owner", "secret", "delivered_position", "last_error", "create_time",
                  "update_time", "etag"},
};

absl::StatusOr<std::string> ParseSubscriptionName(absl::string_view name, absl::string_view field) {
  absl::StatusOr<std::vector<std::string>> ids =
      ParseResourceName(name, {"webhookSubscriptions"}, field);
  if (!ids.ok()) return ids.status();
  return (*ids)[0];
}

// A subscription the caller may see, locked when `for_update`; another tenant's is NOT_FOUND.
absl::StatusOr<StoredSubscription> Visible(pqxx::work& tx, const std::string& id,
                                           absl::string_view name, const Caller& caller,
                                           bool for_update) {
  std::optional<StoredSubscription> found = FindSubscription(tx, id, for_update);
  if (!found || (caller.is_partner() && found->owner != caller.agency)) return NotFound(name);
  return *found;
}

// Checks what a caller may set: the target, the types and the state (ACTIVE or PAUSED).
absl::Status CheckSettings(const WebhookSubscription& subscription, bool allow_private) {
  if (absl::Status url = CheckTargetUrl(subscription.target_url(), allow_private); !url.ok()) {
    return url;
  }
  const std::vector<std::string> types(subscription.event_types().begin(),
                                       subscription.event_types().end());
  if (absl::StatusOr<EventSelection> selection =
          SelectionOfTypes(types, "subscription.event_types");
      !selection.ok()) {
    return selection.status();
  }
  if (subscription.state() != WebhookSubscription::ACTIVE &&
      subscription.state() != WebhookSubscription::PAUSED) {
    return InvalidArgument("subscription.state", "must be ACTIVE or PAUSED");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<WebhookSubscription> WebhookService::CreateWebhookSubscription(
    const events::v1::CreateWebhookSubscriptionRequest& request, const CallContext& call) {
  if (options_.signing_key.empty()) {
    return WithReason(absl::FailedPreconditionError(
                          "webhooks are not configured on this service: it has no signing key "
                          "(--webhook_signing_key_file)"),
                      common::v1::WEBHOOKS_NOT_CONFIGURED);
  }
  WebhookSubscription wanted = request.subscription();
  if (wanted.state() == WebhookSubscription::STATE_UNSPECIFIED) {
    wanted.set_state(WebhookSubscription::ACTIVE);
  }
  if (absl::Status valid = CheckSettings(wanted, options_.allow_private_targets); !valid.ok()) {
    return valid;
  }
  const absl::Time now = options_.clock();
  absl::StatusOr<WebhookSubscription> created_subscription =
      pool_.InTransactionOrDryRun<WebhookSubscription>(
          request.validate_only(), call.deadline,
          [&](pqxx::work& tx) -> absl::StatusOr<WebhookSubscription> {
            StoredSubscription stored;
            stored.id = NewResourceId();
            stored.owner = call.caller.is_partner() ? call.caller.agency : call.caller.principal;
            stored.tenant = call.caller.is_partner() ? call.caller.agency : std::string();
            stored.creator = call.caller.principal;
            stored.target_url = wanted.target_url();
            stored.event_types.assign(wanted.event_types().begin(), wanted.event_types().end());
            stored.state = wanted.state();
            stored.salt = NewWebhookSalt();
            // Events from now on: a new subscription does not replay the past (ListEvents does).
            stored.delivered_position = ReadableEventPosition(tx).value_or(LatestEventPosition(tx));
            InsertSubscription(tx, stored, now);
            std::optional<StoredSubscription> created = FindSubscription(tx, stored.id, false);
            if (!created) return NotFound(absl::StrCat("webhookSubscriptions/", stored.id));
            WebhookSubscription shown = created->ToProto();
            shown.set_secret(WebhookSecret(options_.signing_key, stored.id, stored.salt));
            return shown;
          });
  // Nothing was made: no subscription to name, and no secret that would sign for one.
  if (created_subscription.ok() && request.validate_only()) {
    ClearIdentityFields(*created_subscription);
    created_subscription->clear_secret();
  }
  return created_subscription;
}

absl::StatusOr<WebhookSubscription> WebhookService::GetWebhookSubscription(
    const events::v1::GetWebhookSubscriptionRequest& request, const CallContext& call) {
  absl::StatusOr<std::string> id = ParseSubscriptionName(request.name(), "name");
  if (!id.ok()) return id.status();
  return pool_.InTransaction<WebhookSubscription>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<WebhookSubscription> {
        absl::StatusOr<StoredSubscription> found =
            Visible(tx, *id, request.name(), call.caller, false);
        if (!found.ok()) return found.status();
        return found->ToProto();
      });
}

absl::StatusOr<events::v1::ListWebhookSubscriptionsResponse>
WebhookService::ListWebhookSubscriptions(const events::v1::ListWebhookSubscriptionsRequest& request,
                                         const CallContext& call) {
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  const std::string owner = call.caller.is_partner() ? call.caller.agency : std::string();
  const std::string fingerprint = absl::StrCat("ListWebhookSubscriptions|", owner);
  absl::StatusOr<int64_t> after = DecodePageToken(request.page_token(), fingerprint);
  if (!after.ok()) return after.status();
  return pool_.InTransaction<events::v1::ListWebhookSubscriptionsResponse>(
      call.deadline,
      [&](pqxx::work& tx) -> absl::StatusOr<events::v1::ListWebhookSubscriptionsResponse> {
        std::vector<StoredSubscription> rows = ListSubscriptions(tx, owner, *after, *page_size + 1);
        events::v1::ListWebhookSubscriptionsResponse response;
        const bool more = static_cast<int>(rows.size()) > *page_size;
        if (more) rows.pop_back();
        for (const StoredSubscription& row : rows) *response.add_subscriptions() = row.ToProto();
        if (more) response.set_next_page_token(EncodePageToken(rows.back().seq, fingerprint));
        return response;
      });
}

absl::StatusOr<WebhookSubscription> WebhookService::UpdateWebhookSubscription(
    const events::v1::UpdateWebhookSubscriptionRequest& request, const CallContext& call) {
  absl::StatusOr<std::string> id =
      ParseSubscriptionName(request.subscription().name(), "subscription.name");
  if (!id.ok()) return id.status();
  const absl::Time now = options_.clock();
  return pool_.InTransaction<WebhookSubscription>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<WebhookSubscription> {
        absl::StatusOr<StoredSubscription> stored =
            Visible(tx, *id, request.subscription().name(), call.caller, true);
        if (!stored.ok()) return stored.status();
        const WebhookSubscription before = stored->ToProto();
        if (!request.subscription().etag().empty() &&
            request.subscription().etag() != before.etag()) {
          return StaleEtag(request.subscription().name());
        }
        WebhookSubscription updated = before;
        if (absl::Status applied = ApplyUpdateMask(request.subscription(), request.update_mask(),
                                                   kSubscriptionMaskRules, &updated);
            !applied.ok()) {
          return applied;
        }
        // DISABLED is Meridian's to set; unchanged, it may stay.
        if (!(updated.state() == WebhookSubscription::DISABLED &&
              before.state() == WebhookSubscription::DISABLED)) {
          if (absl::Status valid = CheckSettings(updated, options_.allow_private_targets);
              !valid.ok()) {
            return valid;
          }
        }
        stored->target_url = updated.target_url();
        stored->event_types.assign(updated.event_types().begin(), updated.event_types().end());
        stored->state = updated.state();
        UpdateSubscription(tx, *stored, now);
        std::optional<StoredSubscription> now_stored = FindSubscription(tx, *id, false);
        if (!now_stored) return NotFound(request.subscription().name());
        return now_stored->ToProto();
      });
}

absl::StatusOr<google::protobuf::Empty> WebhookService::DeleteWebhookSubscription(
    const events::v1::DeleteWebhookSubscriptionRequest& request, const CallContext& call) {
  absl::StatusOr<std::string> id = ParseSubscriptionName(request.name(), "name");
  if (!id.ok()) return id.status();
  return pool_.InTransaction<google::protobuf::Empty>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<google::protobuf::Empty> {
        absl::StatusOr<StoredSubscription> found =
            Visible(tx, *id, request.name(), call.caller, true);
        if (!found.ok()) return found.status();
        DeleteSubscription(tx, *id);
        return google::protobuf::Empty();
      });
}

absl::StatusOr<events::v1::ListWebhookDeliveriesResponse> WebhookService::ListWebhookDeliveries(
    const events::v1::ListWebhookDeliveriesRequest& request, const CallContext& call) {
  absl::StatusOr<std::string> id = ParseSubscriptionName(request.parent(), "parent");
  if (!id.ok()) return id.status();
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  const std::string fingerprint = absl::StrCat("ListWebhookDeliveries|", request.parent());
  absl::StatusOr<int64_t> before = DecodePageToken(request.page_token(), fingerprint);
  if (!before.ok()) return before.status();
  return pool_.InTransaction<events::v1::ListWebhookDeliveriesResponse>(
      call.deadline,
      [&](pqxx::work& tx) -> absl::StatusOr<events::v1::ListWebhookDeliveriesResponse> {
        absl::StatusOr<StoredSubscription> found =
            Visible(tx, *id, request.parent(), call.caller, false);
        if (!found.ok()) return found.status();
        auto rows = ListDeliveries(tx, *id, *before, *page_size + 1);
        events::v1::ListWebhookDeliveriesResponse response;
        const bool more = static_cast<int>(rows.size()) > *page_size;
        if (more) rows.pop_back();
        for (auto& [seq, delivery] : rows) *response.add_deliveries() = std::move(delivery);
        if (more) response.set_next_page_token(EncodePageToken(rows.back().first, fingerprint));
        return response;
      });
}

absl::StatusOr<google::protobuf::Empty> WebhookService::RedeliverEvent(
    const events::v1::RedeliverEventRequest& request, const CallContext& call) {
  absl::StatusOr<std::string> id = ParseSubscriptionName(request.subscription(), "subscription");
  if (!id.ok()) return id.status();
  absl::StatusOr<std::vector<std::string>> event_id =
      ParseResourceName(request.event(), {"events"}, "event");
  if (!event_id.ok()) return event_id.status();
  return pool_.InTransaction<google::protobuf::Empty>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<google::protobuf::Empty> {
        absl::StatusOr<StoredSubscription> found =
            Visible(tx, *id, request.subscription(), call.caller, true);
        if (!found.ok()) return found.status();
        std::optional<int64_t> position = FindEventPosition(tx, (*event_id)[0], found->tenant);
        // Purged, never there, or not one the subscription may see: all the same to it.
        if (!position) return NotFound(request.event());
        QueueRedelivery(tx, *id, *position);
        return google::protobuf::Empty();
      });
}

}  // namespace meridian
