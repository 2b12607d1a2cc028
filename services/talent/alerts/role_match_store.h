// SQL for new-match alerts (common/migrations/sql/0015_role_matches.sql): the matches, once per
// candidate and role, and how far in the candidate change feed matching is done. Every function
// runs inside the caller's transaction and uses parameters only.
//
//   LockRoleMatchWrites(tx);
//   for (auto& [i, made] : InsertRoleMatches(tx, rows)) Announce(made);
//   SaveRoleMatchProgress(tx, through);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "meridian/talent/v1/talent.pb.h"
#include "pqxx/pqxx"
#include "services/talent/talent_store.h"

namespace meridian::talent {

// A match to record: candidate `candidate_id` for role `role_name` (whose ids are
// `client_id` and `role_id`).
struct NewRoleMatch {
  std::string client_id;
  std::string role_id;
  std::string role_name;
  std::string candidate_id;
  const v1::CandidateMatch* match;
};
// Records each match unless its candidate already has a match for that role or is erased, in
// one statement; the ones this call recorded, by index in `matches`, with the stored RoleMatch.
// Take LockRoleMatchWrites first: an erasure (which deletes matches under that lock,
// EraseCandidate) is then either seen here or sees these rows.
std::vector<std::pair<size_t, v1::RoleMatch>> InsertRoleMatches(
    pqxx::work& tx, const std::vector<NewRoleMatch>& matches);

// The role's matches, newest first: those before position `before` (0: from the newest) and
// recorded at or after `since` (InfinitePast: all), at most `limit`.
std::vector<Listed<v1::RoleMatch>> ListRoleMatches(pqxx::work& tx, const std::string& client_id,
                                                   const std::string& role_id, int64_t before,
                                                   absl::Time since, int limit);

// The change-feed position up to which every change has been matched.
int64_t RoleMatchProgress(pqxx::work& tx);
// Moves it on to `position` (never back: replicas may race).
void SaveRoleMatchProgress(pqxx::work& tx, int64_t position);

}  // namespace meridian::talent
