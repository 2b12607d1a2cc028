#include "services/talent/alerts/role_matcher.h"

#include "services/talent/search_proto/explain.h"

namespace meridian::talent {

int AlertMinScore(const intake::v1::Role& role) {
  return role.alert_min_score() == 0 ? kDefaultAlertMinScore : role.alert_min_score();
}

std::vector<NewMatch> MatchCandidate(const SearchIndex& index,
                                     const std::vector<WatchedRole>& roles,
                                     const std::string& candidate_id) {
  std::vector<const SearchQuery*> queries;
  queries.reserve(roles.size());
  for (const WatchedRole& role : roles) queries.push_back(&role.query);
  std::vector<NewMatch> found;
  for (const SearchIndex::QueryMatch& met : index.MatchOne(candidate_id, queries)) {
    const WatchedRole& role = roles[met.query];
    // Scores are kept to a tenth: compare with a margin well below that.
    if (met.result.matches.front().score + 1e-6 < role.min_score) continue;
    google::protobuf::RepeatedPtrField<v1::CandidateMatch> matches;
    AppendMatches(met.result, role.query, matches);
    found.push_back({&role, std::move(*matches.Mutable(0))});
  }
  return found;
}

}  // namespace meridian::talent
