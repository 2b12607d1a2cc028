#include "services/talent/alerts/role_match_service.h"

#include "absl/strings/str_cat.h"
#include "common/api/resource_names.h"
#include "common/api/time_rules.h"
#include "common/errors/errors.h"
#include "common/paging/paging.h"
#include "google/protobuf/util/time_util.h"
#include "services/talent/alerts/role_match_store.h"

namespace meridian::talent {

using google::protobuf::util::TimeUtil;

absl::StatusOr<v1::ListRoleMatchesResponse> RoleMatchService::ListRoleMatches(
    const v1::ListRoleMatchesRequest& request, const CallContext& call) {
  absl::StatusOr<std::vector<std::string>> ids =
      ParseResourceName(request.parent(), {"clients", "roles"}, "parent");
  if (!ids.ok()) return ids.status();
  absl::Time since = absl::InfinitePast();
  if (request.has_since()) {
    if (!IsApiTimestamp(request.since())) {
      return InvalidArgument("since", absl::StrCat("must lie in ", kApiTimeRange));
    }
    since = absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(request.since()));
  }
  if (absl::StatusOr<intake::v1::Role> role = roles_.GetRole(request.parent(), call.deadline);
      absl::IsNotFound(role.status())) {
    return role.status();
  }
  absl::StatusOr<int> page_size = PageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  const std::string fingerprint =
      absl::StrCat("ListRoleMatches|", request.parent(), "|",
                   request.has_since() ? TimeUtil::ToString(request.since()) : "");
  // The token holds the position of the last match read; the next page is older than it.
  absl::StatusOr<int64_t> before = DecodePageToken(request.page_token(), fingerprint);
  if (!before.ok()) return before.status();
  return pool_.InTransaction<v1::ListRoleMatchesResponse>(
      call.deadline, [&](pqxx::work& tx) -> absl::StatusOr<v1::ListRoleMatchesResponse> {
        std::vector<Listed<v1::RoleMatch>> rows =
            talent::ListRoleMatches(tx, (*ids)[0], (*ids)[1], *before, since, *page_size + 1);
        v1::ListRoleMatchesResponse response;
        response.set_next_page_token(FillPage(
            rows, *page_size, fingerprint,
            [&](v1::RoleMatch match) { *response.add_role_matches() = std::move(match); }));
        return response;
      });
}

}  // namespace meridian::talent
