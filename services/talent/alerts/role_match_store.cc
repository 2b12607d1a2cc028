#include "services/talent/alerts/role_match_store.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/db/json_body.h"
#include "common/db/text_array.h"
#include "common/util/ids.h"
#include "google/protobuf/util/time_util.h"

namespace meridian::talent {

using google::protobuf::util::TimeUtil;

std::vector<std::pair<size_t, v1::RoleMatch>> InsertRoleMatches(
    pqxx::work& tx, const std::vector<NewRoleMatch>& matches) {
  std::vector<v1::RoleMatch> stored(matches.size());
  std::vector<std::string> ids, clients, roles, candidates, bodies;
  std::unordered_map<std::string, size_t> by_id;
  for (size_t i = 0; i < matches.size(); ++i) {
    const NewRoleMatch& match = matches[i];
    const std::string id = NewResourceId();
    stored[i].set_name(absl::StrCat(match.role_name, "/roleMatches/", id));
    stored[i].set_candidate(absl::StrCat("candidates/", match.candidate_id));
    *stored[i].mutable_match() = *match.match;
    by_id[id] = i;
    ids.push_back(id);
    clients.push_back(match.client_id);
    roles.push_back(match.role_id);
    candidates.push_back(match.candidate_id);
    // Binary, through a text array as hex (decoded by the statement): see migration 0016.
    bodies.push_back(absl::BytesToHexString(stored[i].SerializeAsString()));
  }
  std::vector<std::pair<size_t, v1::RoleMatch>> made;
  if (matches.empty()) return made;
  const pqxx::result rows = tx.exec_params(
      "INSERT INTO talent.role_matches (id, client_id, role_id, candidate_id, body_proto) "
      "SELECT m.id, m.client_id, m.role_id, m.candidate_id, decode(m.body, 'hex') "
      "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY "
      "AS m(id, client_id, role_id, candidate_id, body, n) "
      "WHERE EXISTS (SELECT 1 FROM talent.candidates c WHERE c.id = m.candidate_id "
      "AND NOT c.erased) ORDER BY m.n "
      "ON CONFLICT (client_id, role_id, candidate_id) DO NOTHING "
      "RETURNING id, (extract(epoch FROM create_time) * 1000000)::bigint",
      db::TextArray(ids), db::TextArray(clients), db::TextArray(roles), db::TextArray(candidates),
      db::TextArray(bodies));
  for (const pqxx::row& row : rows) {
    const size_t i = by_id.at(row[0].as<std::string>());
    *stored[i].mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[1].as<int64_t>());
    made.emplace_back(i, std::move(stored[i]));
  }
  std::sort(made.begin(), made.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return made;
}

std::vector<Listed<v1::RoleMatch>> ListRoleMatches(pqxx::work& tx, const std::string& client_id,
                                                   const std::string& role_id, int64_t before,
                                                   absl::Time since, int limit) {
  const bool all_times = since == absl::InfinitePast();
  std::vector<Listed<v1::RoleMatch>> matches;
  for (const pqxx::row& row :
       tx.exec_params("SELECT seq, COALESCE(encode(body_proto, 'hex'), ''), body::text, "
                      "(extract(epoch FROM create_time) * 1000000)::bigint "
                      "FROM talent.role_matches WHERE client_id = $1 AND role_id = $2 "
                      "AND ($3 = 0 OR seq < $3) "
                      "AND ($4 OR (extract(epoch FROM create_time) * 1000000)::bigint >= $5) "
                      "ORDER BY seq DESC LIMIT $6",
                      client_id, role_id, before, all_times,
                      all_times ? int64_t{0} : absl::ToUnixMicros(since), limit)) {
    v1::RoleMatch match;
    if (const std::string hex = row[1].as<std::string>(); !hex.empty()) {
      if (!match.ParseFromString(absl::HexStringToBytes(hex))) {
        throw std::runtime_error("a stored role match does not parse");
      }
    } else {  // recorded before migration 0016
      match = db::FromJsonBody<v1::RoleMatch>(row[2].as<std::string>());
    }
    *match.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[3].as<int64_t>());
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
