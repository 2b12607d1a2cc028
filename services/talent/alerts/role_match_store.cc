#include "services/talent/alerts/role_match_store.h"

#include "absl/strings/str_cat.h"
#include "common/db/json_body.h"
#include "common/util/ids.h"
#include "google/protobuf/util/time_util.h"

namespace meridian::talent {

using google::protobuf::util::TimeUtil;

std::optional<v1::RoleMatch> InsertRoleMatch(pqxx::work& tx, const std::string& role_client_id,
                                             const std::string& role_id,
                                             const std::string& role_name,
                                             const std::string& candidate_id,
                                             const v1::CandidateMatch& match) {
  v1::RoleMatch stored;
  stored.set_name(absl::StrCat(role_name, "/roleMatches/", NewResourceId()));
  stored.set_candidate(absl::StrCat("candidates/", candidate_id));
  *stored.mutable_match() = match;
  const std::string id = stored.name().substr(stored.name().rfind('/') + 1);
  const pqxx::result rows = tx.exec_params(
      "INSERT INTO talent.role_matches (id, client_id, role_id, candidate_id, body) "
      "SELECT $1, $2, $3, $4, $5::jsonb WHERE EXISTS "
      "(SELECT 1 FROM talent.candidates WHERE id = $4 AND NOT erased) "
      "ON CONFLICT (client_id, role_id, candidate_id) DO NOTHING "
      "RETURNING (extract(epoch FROM create_time) * 1000000)::bigint",
      id, role_client_id, role_id, candidate_id, db::ToJsonBody(stored));
  if (rows.empty()) return std::nullopt;
  *stored.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(rows[0][0].as<int64_t>());
  return stored;
}

std::vector<Listed<v1::RoleMatch>> ListRoleMatches(pqxx::work& tx, const std::string& client_id,
                                                   const std::string& role_id, int64_t before,
                                                   absl::Time since, int limit) {
  const bool all_times = since == absl::InfinitePast();
  std::vector<Listed<v1::RoleMatch>> matches;
  for (const pqxx::row& row :
       tx.exec_params("SELECT seq, body::text, (extract(epoch FROM create_time) * 1000000)::bigint "
                      "FROM talent.role_matches WHERE client_id = $1 AND role_id = $2 "
                      "AND ($3 = 0 OR seq < $3) "
                      "AND ($4 OR (extract(epoch FROM create_time) * 1000000)::bigint >= $5) "
                      "ORDER BY seq DESC LIMIT $6",
                      client_id, role_id, before, all_times,
                      all_times ? int64_t{0} : absl::ToUnixMicros(since), limit)) {
    v1::RoleMatch match = db::FromJsonBody<v1::RoleMatch>(row[1].as<std::string>());
    *match.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[2].as<int64_t>());
    matches.push_back({row[0].as<int64_t>(), std::move(match)});
  }
  return matches;
}

int64_t RoleMatchProgress(pqxx::work& tx) {
  return tx.exec1("SELECT position FROM talent.role_match_progress")[0].as<int64_t>();
}

void SaveRoleMatchProgress(pqxx::work& tx, int64_t position) {
  tx.exec_params(
      "UPDATE talent.role_match_progress SET position = GREATEST(position, $1), "
      "update_time = now()",
      position);
}

}  // namespace meridian::talent
