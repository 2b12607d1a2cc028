// New-match alerts, the pure part: which of the OPEN roles a candidate who just changed now
// meets well enough to be worth telling a recruiter about. Scoring is the search engine's own
// (SearchIndex::MatchOne runs the same hard filters and Score() as SearchCandidates), and the
// match is the CandidateMatch search returns, so an alert never disagrees with a search.
//
//   std::vector<WatchedRole> roles;
//   roles.push_back({.name = role.name(), .min_score = AlertMinScore(role),
//                    .query = *search.RoleQuery(role, deadline)});
//   for (NewMatch& found : MatchCandidate(index, roles, "6f1c...")) Record(found);
#pragma once

#include <string>
#include <vector>

#include "meridian/intake/v1/intake.pb.h"
#include "meridian/talent/v1/talent.pb.h"
#include "services/talent/search/query.h"
#include "services/talent/search/search_index.h"

namespace meridian::talent {

// The score a role's new matches start at when the role does not say (alert_min_score 0).
inline constexpr int kDefaultAlertMinScore = 80;

// The role's alert_min_score, the default for 0.
int AlertMinScore(const intake::v1::Role& role);

// An OPEN role the alerts watch, its criteria prepared once as search prepares them.
struct WatchedRole {
  std::string name;  // "clients/{client}/roles/{role}"
  int min_score = kDefaultAlertMinScore;
  SearchQuery query;
};

struct NewMatch {
  const WatchedRole* role;
  v1::CandidateMatch match;
};

// The roles candidate `candidate_id` ({candidate} of its name) meets, as the index holds it
// now, with a score at or above the role's min_score; in the order of `roles`. None when the
// candidate is not in the index (not searchable, erased).
std::vector<NewMatch> MatchCandidate(const SearchIndex& index,
                                     const std::vector<WatchedRole>& roles,
                                     const std::string& candidate_id);

}  // namespace meridian::talent
