#include "services/intake/access_service.h"

#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/api/filter.h"
#include "common/api/resource_names.h"
#include "common/api/text_rules.h"
#include "common/api/time_rules.h"
#include "common/api/validate_only.h"
#include "common/auth/key_store.h"
#include "common/errors/errors.h"
#include "common/paging/paging.h"
#include "common/util/ids.h"

namespace meridian::intake {
namespace {

using access::v1::Agency;
using access::v1::ApiKey;
using access::v1::Role;
using key_store::Listed;

constexpr size_t kMaxDisplayNameCharacters = 200;
constexpr double kMaxRatePerSecond = 100000;
constexpr int kMaxBurst = 100000;

// Characters, not bytes: "Zürich Talent" is 13. (Protobuf has checked that it is UTF-8.)
size_t CharacterCount(absl::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// Trims `text` and adds a violation unless it is 1-200 characters.
void CheckDisplayName(std::string& text, absl::string_view field, FieldViolations& violations) {
  text = std::string(absl::StripAsciiWhitespace(text));
  if (text.empty()) {
    violations.Add(field, "is required");
  } else if (CharacterCount(text) > kMaxDisplayNameCharacters) {
    violations.Add(field,
                   absl::StrCat("must be at most ", kMaxDisplayNameCharacters, " characters"));
  }
}

template <typename T>
absl::StatusOr<T> Found(std::optional<T> resource, absl::string_view name) {
  if (!resource.has_value()) return NotFound(name);
  return std::move(*resource);
}

absl::StatusOr<std::string> ParseAgencyName(absl::string_view name, absl::string_view field) {
  absl::StatusOr<std::vector<std::string>> ids = ParseResourceName(name, {"agencies"}, field);
  if (!ids.ok()) return ids.status();
  return std::move(ids->front());
}

absl::StatusOr<std::string> ParseApiKeyName(absl::string_view name, absl::string_view field) {
  absl::StatusOr<std::vector<std::string>> ids = ParseResourceName(name, {"apiKeys"}, field);
  if (!ids.ok()) return ids.status();
  return std::move(ids->front());
}

std::string AgencyName(absl::string_view id) { return absl::StrCat("agencies/", id); }
std::string ApiKeyName(absl::string_view id) { return absl::StrCat("apiKeys/", id); }

// Every role a key may have, for messages.
std::string RoleNames() {
  std::vector<std::string> names;
  for (int value = access::v1::Role_MIN; value <= access::v1::Role_MAX; ++value) {
    if (value != access::v1::ROLE_UNSPECIFIED && access::v1::Role_IsValid(value)) {
      names.push_back(access::v1::Role_Name(static_cast<Role>(value)));
    }
  }
  return absl::StrJoin(names, ", ");
}

std::optional<Role> ParseRole(absl::string_view name) {
  Role role = access::v1::ROLE_UNSPECIFIED;
  if (!access::v1::Role_Parse(std::string(name), &role) || role == access::v1::ROLE_UNSPECIFIED) {
    return std::nullopt;
  }
  return role;
}

void ClearOutputOnlyFields(Agency& agency) {
  agency.clear_name();
  agency.clear_state();
  agency.clear_create_time();
  agency.clear_update_time();
}

void ClearOutputOnlyFields(ApiKey& key) {
  key.clear_name();
  key.clear_create_time();
  key.clear_last_use_time();
  key.clear_revoked();
  key.clear_revoke_time();
  key.clear_creator();
}

// The settings of a key to create, checked; `agency_id` is set for a PARTNER key.
absl::StatusOr<key_store::NewKey> ValidateNewKey(ApiKey& key, absl::Time now) {
  FieldViolations violations;
  CheckTextFields(key, "api_key", violations);
  CheckDisplayName(*key.mutable_display_name(), "api_key.display_name", violations);

  key_store::NewKey settings;
  const bool known_role = access::v1::Role_IsValid(key.role());
  if (key.role() == access::v1::ROLE_UNSPECIFIED) {
    violations.Add("api_key.role", absl::StrCat("is required: one of ", RoleNames()));
  } else if (!known_role) {
    violations.Add("api_key.role", absl::StrCat("must be one of ", RoleNames()));
  }
  if (key.role() == access::v1::PARTNER) {
    if (key.agency().empty()) {
      violations.Add("api_key.agency", "is required for a PARTNER key");
    } else if (absl::StatusOr<std::string> id = ParseAgencyName(key.agency(), "api_key.agency");
               !id.ok()) {
      violations.Add("api_key.agency", "must be a name like \"agencies/{agency}\"");
    } else {
      settings.agency_id = *id;
    }
  } else if (!key.agency().empty() && known_role && key.role() != access::v1::ROLE_UNSPECIFIED) {
    violations.Add("api_key.agency",
                   absl::StrCat("must be empty for a ", access::v1::Role_Name(key.role()),
                                " key: only PARTNER keys belong to an agency"));
  }

  if (key.has_expire_time()) {
    if (!IsApiTimestamp(key.expire_time())) {
      violations.Add("api_key.expire_time", absl::StrCat("must be a time from ", kApiTimeRange));
    } else {
      const absl::Time expire = absl::FromUnixSeconds(key.expire_time().seconds()) +
                                absl::Nanoseconds(key.expire_time().nanos());
      if (expire <= now) {
        violations.Add("api_key.expire_time", "must be in the future");
      } else {
        settings.expire_time = expire;
      }
    }
  }
  if (key.has_rate_limit()) {
    const double rate = key.rate_limit().requests_per_second();
    // Written so that NaN fails too.
    if (!(rate >= 1 && rate <= kMaxRatePerSecond)) {
      violations.Add("api_key.rate_limit.requests_per_second", "must be between 1 and 100,000");
    }
    if (key.rate_limit().burst() < 1 || key.rate_limit().burst() > kMaxBurst) {
      violations.Add("api_key.rate_limit.burst", "must be between 1 and 100,000");
    }
    settings.rate_limit = key.rate_limit();
  }
  if (!violations.empty()) return violations.ToStatus();
  settings.display_name = key.display_name();
  settings.role = key.role();
  return settings;
}

absl::StatusOr<key_store::ApiKeyFilter> ParseApiKeyFilter(absl::string_view filter) {
  absl::StatusOr<EqualityFilter> terms = ParseEqualityFilter(filter, {"role", "agency", "revoked"});
  if (!terms.ok()) return terms.status();
  key_store::ApiKeyFilter parsed;
  if (auto it = terms->find("role"); it != terms->end()) {
    std::optional<Role> role = ParseRole(it->second);
    if (!role.has_value()) {
      return InvalidArgument("filter", absl::StrCat("role must be one of ", RoleNames()));
    }
    parsed.role = *role;
  }
  if (auto it = terms->find("agency"); it != terms->end()) {
    absl::StatusOr<std::string> id = ParseAgencyName(it->second, "filter");
    if (!id.ok()) {
      return InvalidArgument("filter", "agency must be a name like \"agencies/{agency}\"");
    }
    parsed.agency_id = *id;
  }
  if (auto it = terms->find("revoked"); it != terms->end()) {
    if (it->second != "true" && it->second != "false") {
      return InvalidArgument("filter", "revoked must be true or false");
    }
    parsed.revoked = it->second == "true";
  }
  return parsed;
}

// The outcomes an audit record can have: google.rpc.Code names.
bool IsCodeName(absl::string_view name) {
  for (int code = 0; code <= 16; ++code) {
    if (absl::StatusCodeToString(static_cast<absl::StatusCode>(code)) == name) return true;
  }
  return false;
}

absl::StatusOr<key_store::AuditFilter> ParseAuditFilter(absl::string_view filter) {
  absl::StatusOr<ParsedFilter> terms = ParseFilter(
      filter, {.equality = {"principal", "resource", "method", "on_behalf_of", "outcome"},
               .ordered = {"create_time"}});
  if (!terms.ok()) return terms.status();
  key_store::AuditFilter parsed;
  for (const auto& [field, value] : terms->equalities) {
    if (field == "principal") {
      if (!ParseApiKeyName(value, "filter").ok()) {
        return InvalidArgument("filter", "principal must be a key's name like \"apiKeys/{key}\"");
      }
      parsed.principal = value;
    } else if (field == "outcome") {
      if (!IsCodeName(value)) {
        return InvalidArgument(
            "filter", "outcome must be a status code name such as OK or PERMISSION_DENIED");
      }
      parsed.outcome = value;
    } else if (field == "resource") {
      parsed.resource = value;
    } else if (field == "method") {
      parsed.method = value;
    } else if (field == "on_behalf_of") {
      parsed.on_behalf_of = value;
    } else if (field == "create_time") {
      return InvalidArgument("filter",
                             "create_time takes a range: create_time >= \"<RFC 3339>\" and/or "
                             "create_time < \"<RFC 3339>\" (also > and <=)");
    }
  }
  for (const FilterComparison& term : terms->comparisons) {
    // Only create_time is ordered.
    std::optional<absl::Time> time = ParseApiTime(term.value);
    if (!time.has_value()) {
      return InvalidArgument(
          "filter", absl::StrCat("create_time must be an RFC 3339 time from ", kApiTimeRange,
                                 ", such as \"2026-11-01T00:00:00Z\""));
    }
    // The store bounds by [from, until) to the microsecond: `> t` is `>= t + 1 ns` and
    // `<= t` is `< t + 1 ns`, which it rounds up to the microsecond after t.
    switch (term.op) {
      case FilterOperator::kGreaterOrEqual:
        parsed.from = *time;
        break;
      case FilterOperator::kGreater:
        parsed.from = *time + absl::Nanoseconds(1);
        break;
      case FilterOperator::kLess:
        parsed.until = *time;
        break;
      case FilterOperator::kLessOrEqual:
        parsed.until = *time + absl::Nanoseconds(1);
        break;
      case FilterOperator::kEqual:
        break;
    }
  }
  return parsed;
}

}  // namespace

absl::StatusOr<Agency> AccessService::CreateAgency(const access::v1::CreateAgencyRequest& request,
                                                   const CallContext& call) {
  Agency agency = request.agency();
  ClearOutputOnlyFields(agency);
  FieldViolations violations;
  CheckTextFields(agency, "agency", violations);
  CheckDisplayName(*agency.mutable_display_name(), "agency.display_name", violations);
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<Agency> created = pool_.InTransactionOrDryRun<Agency>(
      request.validate_only(), call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<Agency> {
        const std::string id = NewResourceId();
        if (!key_store::InsertAgency(tx, id, agency.display_name())) {
          std::optional<Agency> existing =
              key_store::FindAgencyByDisplayName(tx, agency.display_name());
          return WithReason(
              absl::AlreadyExistsError(absl::StrCat(
                  "an agency named ", Quote(agency.display_name()), " exists already")),
              common::v1::AGENCY_EXISTS,
              {{"existing_agency", existing.has_value() ? existing->name() : ""}});
        }
        return Found(key_store::FindAgency(tx, id), AgencyName(id));
      });
  if (created.ok() && request.validate_only()) ClearIdentityFields(*created);
  return created;
}

absl::StatusOr<Agency> AccessService::GetAgency(const access::v1::GetAgencyRequest& request,
                                                const CallContext& call) {
  absl::StatusOr<std::string> id = ParseAgencyName(request.name(), "name");
  if (!id.ok()) return id.status();
  return pool_.InTransaction<Agency>(call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<Agency> {
    return Found(key_store::FindAgency(tx, *id), request.name());
  });
}

absl::StatusOr<access::v1::ListAgenciesResponse> AccessService::ListAgencies(
    const access::v1::ListAgenciesRequest& request, const CallContext& call) {
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  const std::string fingerprint = "ListAgencies";
  absl::StatusOr<int64_t> after = DecodePageToken(request.page_token(), fingerprint);
  if (!after.ok()) return after.status();
  return pool_.InTransaction<access::v1::ListAgenciesResponse>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<access::v1::ListAgenciesResponse> {
        std::vector<Listed<Agency>> rows = key_store::ListAgencies(tx, *after, *page_size + 1);
        access::v1::ListAgenciesResponse response;
        response.set_next_page_token(FillPage(rows, *page_size, fingerprint, [&](Agency agency) {
          *response.add_agencies() = std::move(agency);
        }));
        return response;
      });
}

absl::StatusOr<Agency> AccessService::DisableAgency(const access::v1::DisableAgencyRequest& request,
                                                    const CallContext& call) {
  absl::StatusOr<std::string> id = ParseAgencyName(request.name(), "name");
  if (!id.ok()) return id.status();
  return pool_.InTransaction<Agency>(call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<Agency> {
    absl::StatusOr<Agency> agency =
        Found(key_store::FindAgency(tx, *id, key_store::RowLock::kUpdate), request.name());
    if (!agency.ok() || agency->state() == Agency::DISABLED) return agency;
    key_store::DisableAgency(tx, *id);
    return Found(key_store::FindAgency(tx, *id), request.name());
  });
}

absl::StatusOr<access::v1::CreateApiKeyResponse> AccessService::CreateApiKey(
    const access::v1::CreateApiKeyRequest& request, const CallContext& call) {
  ApiKey key = request.api_key();
  ClearOutputOnlyFields(key);
  absl::StatusOr<key_store::NewKey> settings = ValidateNewKey(key, absl::Now());
  if (!settings.ok()) return settings.status();
  settings->creator = call.caller.principal;
  absl::StatusOr<access::v1::CreateApiKeyResponse> created =
      pool_.InTransactionOrDryRun<access::v1::CreateApiKeyResponse>(
          request.validate_only(), call.deadline,
          [&](pqxx::work& tx) -> absl::StatusOr<access::v1::CreateApiKeyResponse> {
            if (!settings->agency_id.empty()) {
              // Held until the commit: the agency cannot be disabled before this key exists
              // (DisableAgency then revokes it too).
              absl::StatusOr<Agency> agency =
                  Found(key_store::FindAgency(tx, settings->agency_id, key_store::RowLock::kShare),
                        key.agency());
              if (!agency.ok()) return agency.status();
              if (agency->state() != Agency::ACTIVE) {
                return WithReason(
                    absl::FailedPreconditionError(absl::StrCat(
                        "the agency ", key.agency(), " is DISABLED: no key can be made for it")),
                    common::v1::AGENCY_DISABLED, {{"agency", key.agency()}});
              }
            }
            const std::string id = NewResourceId();
            std::string secret = key_store::InsertNewApiKey(tx, id, *settings);
            absl::StatusOr<ApiKey> stored = Found(key_store::FindApiKey(tx, id), ApiKeyName(id));
            if (!stored.ok()) return stored.status();
            access::v1::CreateApiKeyResponse response;
            *response.mutable_api_key() = *std::move(stored);
            response.set_key(std::move(secret));
            return response;
          });
  // Nothing was made: no key to show, nor a record to name.
  if (created.ok() && request.validate_only()) {
    created->clear_key();
    ClearIdentityFields(*created->mutable_api_key());
  }
  return created;
}

absl::StatusOr<ApiKey> AccessService::GetApiKey(const access::v1::GetApiKeyRequest& request,
                                                const CallContext& call) {
  absl::StatusOr<std::string> id = ParseApiKeyName(request.name(), "name");
  if (!id.ok()) return id.status();
  return pool_.InTransaction<ApiKey>(call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<ApiKey> {
    return Found(key_store::FindApiKey(tx, *id), request.name());
  });
}

absl::StatusOr<access::v1::ListApiKeysResponse> AccessService::ListApiKeys(
    const access::v1::ListApiKeysRequest& request, const CallContext& call) {
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<key_store::ApiKeyFilter> filter = ParseApiKeyFilter(request.filter());
  if (!filter.ok()) return filter.status();
  const std::string fingerprint = absl::StrCat("ListApiKeys|", request.filter());
  absl::StatusOr<int64_t> after = DecodePageToken(request.page_token(), fingerprint);
  if (!after.ok()) return after.status();
  return pool_.InTransaction<access::v1::ListApiKeysResponse>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<access::v1::ListApiKeysResponse> {
        std::vector<Listed<ApiKey>> rows =
            key_store::ListApiKeys(tx, *filter, *after, *page_size + 1);
        access::v1::ListApiKeysResponse response;
        response.set_next_page_token(FillPage(rows, *page_size, fingerprint, [&](ApiKey key) {
          *response.add_api_keys() = std::move(key);
        }));
        return response;
      });
}

absl::StatusOr<ApiKey> AccessService::RevokeApiKey(const access::v1::RevokeApiKeyRequest& request,
                                                   const CallContext& call) {
  absl::StatusOr<std::string> id = ParseApiKeyName(request.name(), "name");
  if (!id.ok()) return id.status();
  return pool_.InTransaction<ApiKey>(call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<ApiKey> {
    absl::StatusOr<ApiKey> key =
        Found(key_store::FindApiKey(tx, *id, key_store::RowLock::kUpdate), request.name());
    if (!key.ok() || key->has_revoke_time()) return key;
    key_store::RevokeApiKey(tx, *id);
    return Found(key_store::FindApiKey(tx, *id), request.name());
  });
}

absl::StatusOr<access::v1::ListAuditRecordsResponse> AccessService::ListAuditRecords(
    const access::v1::ListAuditRecordsRequest& request, const CallContext& call) {
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  absl::StatusOr<key_store::AuditFilter> filter = ParseAuditFilter(request.filter());
  if (!filter.ok()) return filter.status();
  const std::string fingerprint = absl::StrCat("ListAuditRecords|", request.filter());
  absl::StatusOr<int64_t> before = DecodePageToken(request.page_token(), fingerprint);
  if (!before.ok()) return before.status();
  return pool_.InTransaction<access::v1::ListAuditRecordsResponse>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<access::v1::ListAuditRecordsResponse> {
        std::vector<Listed<access::v1::AuditRecord>> rows =
            key_store::ListAuditRecords(tx, *filter, *before, *page_size + 1);
        access::v1::ListAuditRecordsResponse response;
        response.set_next_page_token(
            FillPage(rows, *page_size, fingerprint, [&](access::v1::AuditRecord record) {
              *response.add_audit_records() = std::move(record);
            }));
        return response;
      });
}

}  // namespace meridian::intake
