// SearchCandidates, free of gRPC: resolves the target (an intake role through RoleSource,
// or inline criteria), prepares the query with the current skills and exchange rates, and
// runs it against the in-memory index. The database is read for reference data only.
//
//   SearchService search(pool, index, follower, roles);
//   absl::StatusOr<v1::SearchCandidatesResponse> page = search.SearchCandidates(request, deadline);
//
//   EncodedResponse<v1::SearchCandidatesResponse> encoded;   // what the gRPC adapter sends
//   absl::Status status = search.SearchCandidatesEncoded(request, deadline, encoded);
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/api/encoded_response.h"
#include "common/db/pool.h"
#include "meridian/talent/v1/talent.pb.h"
#include "services/talent/index_follower.h"
#include "services/talent/role_source.h"
#include "services/talent/search/search_index.h"
#include "services/talent/search_proto/search_query.h"

namespace meridian::talent {

class SearchService final {
 public:
  // Search's only source of "now": the reference date of a request that gives none, and the
  // age of the cached reference data.
  using Clock = std::function<absl::Time()>;

  SearchService(db::ConnectionPool& pool, const SearchIndex& index, const IndexFollower& follower,
                RoleSource& roles, Clock clock = absl::Now)
      : pool_(pool), index_(index), follower_(follower), roles_(roles), clock_(std::move(clock)) {}

  absl::StatusOr<v1::SearchCandidatesResponse> SearchCandidates(
      const v1::SearchCandidatesRequest& request, absl::Time deadline);
  // The same page written straight into its encoding (search_proto/explain.h: a page of
  // explained matches costs several times more as messages). `response` is unspecified when
  // the status is not OK.
  absl::Status SearchCandidatesEncoded(const v1::SearchCandidatesRequest& request,
                                       absl::Time deadline,
                                       EncodedResponse<v1::SearchCandidatesResponse>& response);

  // How one candidate matches a role now: the match, or nullopt when the candidate does not
  // meet the role's hard filters (or is not searchable).
  absl::StatusOr<std::optional<v1::CandidateMatch>> MatchOne(const intake::v1::Role& role,
                                                             const std::string& candidate_id,
                                                             absl::Time deadline);

  // The query a search by `role` runs (the role's criteria with the current skills and
  // exchange rates, today's reference date, one match a page): what new-match alerts score
  // candidates with.
  absl::StatusOr<SearchQuery> RoleQuery(const intake::v1::Role& role, absl::Time deadline);

 private:
  struct Reference;
  static constexpr absl::Duration kReferenceMaxAge = absl::Seconds(1);
  absl::StatusOr<std::shared_ptr<const Reference>> LoadReference(absl::Time deadline);

  db::ConnectionPool& pool_;
  const SearchIndex& index_;
  const IndexFollower& follower_;
  RoleSource& roles_;
  Clock clock_;
  std::mutex reference_mutex_;
  std::shared_ptr<const Reference> reference_;
  absl::Time reference_time_;
};

// The search criteria an intake role stands for.
v1::SearchCriteria CriteriaFromRole(const intake::v1::Role& role);

}  // namespace meridian::talent
