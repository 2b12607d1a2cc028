#include "services/talent/talent_store.h"

#include <algorithm>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "common/api/contact_rules.h"
#include "common/db/json_body.h"
#include "common/db/ordered_reads.h"
#include "common/events/event_log.h"
#include "google/protobuf/util/time_util.h"
#include "services/talent/interviews/interview_store.h"

namespace meridian::talent {
namespace {

using google::protobuf::util::TimeUtil;

std::string CandidateBody(v1::Candidate candidate) {
  candidate.clear_name();
  candidate.clear_create_time();
  candidate.clear_update_time();
  candidate.clear_etag();
  candidate.clear_owner();  // its own column
  return db::ToJsonBody(candidate);
}

// Columns: seq, id, body, version, create_time us, update_time us, erased, state, owner.
constexpr const char* kCandidateColumns =
    "seq, id, body::text, version, "
    "(extract(epoch FROM create_time) * 1000000)::bigint, "
    "(extract(epoch FROM update_time) * 1000000)::bigint, erased, state, COALESCE(owner, '')";

StoredCandidate CandidateFromRow(const pqxx::row& row) {
  StoredCandidate stored;
  stored.candidate = db::FromJsonBody<v1::Candidate>(row[2].as<std::string>());
  stored.candidate.set_name(absl::StrCat("candidates/", row[1].as<std::string>()));
  stored.candidate.set_etag(absl::StrCat(row[3].as<int64_t>()));
  *stored.candidate.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[4].as<int64_t>());
  *stored.candidate.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[5].as<int64_t>());
  stored.erased = row[6].as<bool>();
  v1::Candidate::State state;
  if (v1::Candidate::State_Parse(row[7].as<std::string>(), &state))
    stored.candidate.set_state(state);
  stored.candidate.set_owner(row[8].as<std::string>());
  return stored;
}

}  // namespace

std::optional<CandidateRef> FindDuplicateCandidate(pqxx::work& tx, const v1::Candidate& candidate,
                                                   const std::string& except_id) {
  pqxx::result rows = tx.exec_params(
      "SELECT id, COALESCE(owner, '') FROM talent.candidates WHERE id <> $3 AND "
      "(email_key = $1 OR ($2 <> '' AND phone_key = $2)) LIMIT 1",
      EmailKey(candidate.email()), PhoneKey(candidate.phone()), except_id);
  if (rows.empty()) return std::nullopt;
  return CandidateRef{absl::StrCat("candidates/", rows[0][0].as<std::string>()),
                      rows[0][1].as<std::string>()};
}

void InsertCandidate(pqxx::work& tx, const std::string& id, const v1::Candidate& candidate) {
  const std::string phone_key = PhoneKey(candidate.phone());
  tx.exec_params(
      "INSERT INTO talent.candidates (id, state, email_key, phone_key, country, body, owner) "
      "VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6::jsonb, NULLIF($7, ''))",
      id, v1::Candidate::State_Name(candidate.state()), EmailKey(candidate.email()), phone_key,
      candidate.country(), CandidateBody(candidate), candidate.owner());
}

std::optional<CandidateRef> FindExternalIdHolder(pqxx::work& tx, const v1::Candidate& candidate,
                                                 const std::string& except_id) {
  for (const auto& [agency, external_id] : candidate.external_ids()) {
    pqxx::result rows = tx.exec_params(
        "SELECT c.id, COALESCE(c.owner, '') FROM talent.candidate_external_ids x "
        "JOIN talent.candidates c ON c.id = x.candidate_id "
        "WHERE x.agency = $1 AND x.external_id = $2 AND x.candidate_id <> $3",
        agency, external_id, except_id);
    if (!rows.empty()) {
      return CandidateRef{absl::StrCat("candidates/", rows[0][0].as<std::string>()),
                          rows[0][1].as<std::string>()};
    }
  }
  return std::nullopt;
}

std::optional<std::string> FindCandidateByExternalId(pqxx::work& tx, const std::string& agency,
                                                     const std::string& external_id) {
  pqxx::result rows = tx.exec_params(
      "SELECT candidate_id FROM talent.candidate_external_ids WHERE agency = $1 AND "
      "external_id = $2",
      agency, external_id);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

void StoreExternalIds(pqxx::work& tx, const std::string& id, const v1::Candidate& candidate) {
  tx.exec_params("DELETE FROM talent.candidate_external_ids WHERE candidate_id = $1", id);
  for (const auto& [agency, external_id] : candidate.external_ids()) {
    tx.exec_params(
        "INSERT INTO talent.candidate_external_ids (agency, external_id, candidate_id) "
        "VALUES ($1, $2, $3)",
        agency, external_id, id);
  }
}

std::optional<StoredCandidate> FindCandidate(pqxx::work& tx, const std::string& id,
                                             bool for_update) {
  pqxx::result rows = tx.exec_params(
      absl::StrCat("SELECT ", kCandidateColumns, " FROM talent.candidates WHERE id = $1",
                   for_update ? " FOR UPDATE" : ""),
      id);
  if (rows.empty()) return std::nullopt;
  return CandidateFromRow(rows[0]);
}

std::vector<Listed<v1::Candidate>> ListCandidates(pqxx::work& tx, ListOrder order, int64_t after,
                                                  int limit, const CandidateSelection& selection) {
  std::vector<Listed<v1::Candidate>> candidates;
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT ", kCandidateColumns,
                        " FROM talent.candidates WHERE NOT erased"
                        " AND ($2 = '' OR state = $2) AND ($3 = '' OR country = $3)"
                        " AND ($4 = '' OR body -> 'skills' @> jsonb_build_array(jsonb_build_object("
                        "'skill', $4::text)))"
                        " AND ($6 = '' OR ($6 = 'none' AND owner IS NULL) OR owner = $6)"
                        " AND ($7 = '' OR owner = $7) AND ",
                        SeqPageSql(order, "seq", 1), " LIMIT $5"),
           after, selection.state, selection.country, selection.skill, limit, selection.owner,
           selection.tenant)) {
    candidates.push_back({row[0].as<int64_t>(), CandidateFromRow(row).candidate});
  }
  return candidates;
}

std::pair<int64_t, int64_t> CandidateSeqRange(pqxx::work& tx) {
  const pqxx::row row = tx.exec1(
      "SELECT COALESCE(min(seq), 0), COALESCE(max(seq), 0) FROM talent.searchable_candidates");
  return {row[0].as<int64_t>(), row[1].as<int64_t>()};
}

void UpdateCandidate(pqxx::work& tx, const std::string& id, const v1::Candidate& candidate) {
  tx.exec_params(
      "UPDATE talent.candidates SET state = $2, email_key = $3, phone_key = NULLIF($4, ''), "
      "country = $5, body = $6::jsonb, version = version + 1, update_time = now() WHERE id = $1",
      id, v1::Candidate::State_Name(candidate.state()), EmailKey(candidate.email()),
      PhoneKey(candidate.phone()), candidate.country(), CandidateBody(candidate));
}

void SetCandidateState(pqxx::work& tx, const std::string& id, v1::Candidate::State state) {
  const std::string name = v1::Candidate::State_Name(state);
  tx.exec_params(
      "UPDATE talent.candidates SET state = $2, body = jsonb_set(body, '{state}', "
      "to_jsonb($2::text)), "
      "version = version + 1, update_time = now() WHERE id = $1 AND NOT erased",
      id, name);
}

void EraseCandidate(pqxx::work& tx, const std::string& id) {
  tx.exec_params("DELETE FROM talent.candidate_external_ids WHERE candidate_id = $1", id);
  tx.exec_params(
      "UPDATE talent.candidates SET body = '{}'::jsonb, email_key = NULL, phone_key = NULL, "
      "country = NULL, state = 'INACTIVE', erased = true, erase_time = now(), "
      "version = version + 1, update_time = now() WHERE id = $1",
      id);
  // Pipeline history stays (stages and times add up), without the free text about the person.
  tx.exec_params(
      "UPDATE talent.submissions SET body = jsonb_set(body - 'rejection_reason', '{history}', "
      "COALESCE((SELECT jsonb_agg(change - 'note' - 'override_reason') FROM "
      "jsonb_array_elements(body -> 'history') "
      "AS change), '[]'::jsonb)), version = version + 1, update_time = now() "
      "WHERE candidate_id = $1",
      id);
  // Interviews likewise: kinds, times and states stay; titles, places and notes go.
  EraseInterviewText(tx, id);
  // New-match alerts name the person and repeat their profile: gone with them. Under the lock
  // the alerts worker holds while it records matches (and so checks for an erasure): a match
  // recorded before this erasure committed is deleted here, and one the worker records after
  // it sees the candidate erased and is not written.
  LockRoleMatchWrites(tx);
  tx.exec_params("DELETE FROM talent.role_matches WHERE candidate_id = $1", id);
}

void RecordCandidateEvent(pqxx::work& tx, absl::string_view type, const v1::Candidate& candidate,
                          const std::string& id, const Caller& caller) {
  events::v1::Event event;
  *event.mutable_candidate() = candidate;
  AppendEvent(tx,
              {.type = std::string(type),
               .resource = candidate.name(),
               .owner = candidate.owner(),
               .candidate_id = id},
              caller, std::move(event));
}

void LockRoleMatchWrites(pqxx::work& tx) {
  tx.exec_params("SELECT pg_advisory_xact_lock($1)", kRoleMatchWritesLock);
}

void RecordCandidateChange(pqxx::work& tx, const std::string& id) {
  db::JoinOrderedWriters(tx, "talent.candidate_changes");
  tx.exec_params("INSERT INTO talent.candidate_changes (candidate_id) VALUES ($1)", id);
}

std::optional<int64_t> ReadableCandidateChange(pqxx::work& tx) {
  return db::ReadableThrough(tx, "talent.candidate_changes", "seq");
}

std::vector<CandidateChange> ReadCandidateChanges(pqxx::work& tx, int64_t after, int64_t through,
                                                  int limit) {
  std::vector<CandidateChange> changes;
  if (through <= after) return changes;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT seq, candidate_id, (extract(epoch FROM change_time) * 1000000)::bigint "
           "FROM talent.candidate_changes WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT $2",
           after, limit, through)) {
    changes.push_back({row[0].as<int64_t>(), row[1].as<std::string>(),
                       absl::FromUnixMicros(row[2].as<int64_t>())});
  }
  return changes;
}

int64_t LatestCandidateChange(pqxx::work& tx) {
  return tx.exec1("SELECT COALESCE(max(seq), 0) FROM talent.candidate_changes")[0].as<int64_t>();
}

void RecordErasure(pqxx::work& tx, const std::string& id) {
  db::JoinOrderedWriters(tx, "talent.erasures");
  tx.exec_params("INSERT INTO talent.erasures (candidate_id) VALUES ($1)", id);
}

std::vector<Erasure> ReadErasures(pqxx::work& tx, int64_t after, int limit) {
  std::vector<Erasure> erasures;
  const std::optional<int64_t> readable = db::ReadableThrough(tx, "talent.erasures", "seq");
  if (!readable || *readable <= after) return erasures;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT seq, candidate_id, (extract(epoch FROM erase_time) * 1000000)::bigint "
           "FROM talent.erasures WHERE seq > $1 AND seq <= $3 ORDER BY seq LIMIT $2",
           after, limit, *readable)) {
    erasures.push_back({row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<int64_t>()});
  }
  return erasures;
}

std::vector<v1::Skill> ListSkills(pqxx::work& tx, int64_t offset, int limit) {
  std::vector<v1::Skill> skills;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT s.id, s.display_name, s.category, "
           "COALESCE(string_agg(a.alias, E'\\n' ORDER BY a.alias) FILTER (WHERE a.alias <> s.id), "
           "'') FROM shared.skills s LEFT JOIN shared.skill_aliases a ON a.skill_id = s.id "
           "GROUP BY s.id ORDER BY s.id OFFSET $1 LIMIT $2",
           offset, limit)) {
    v1::Skill skill;
    skill.set_name(absl::StrCat("skills/", row[0].as<std::string>()));
    skill.set_display_name(row[1].as<std::string>());
    skill.set_category(row[2].as<std::string>());
    const std::string aliases = row[3].as<std::string>();
    size_t start = 0;
    while (start < aliases.size()) {
      size_t end = aliases.find('\n', start);
      if (end == std::string::npos) end = aliases.size();
      skill.add_aliases(aliases.substr(start, end - start));
      start = end + 1;
    }
    skills.push_back(std::move(skill));
  }
  return skills;
}

bool InsertSkill(pqxx::work& tx, const std::string& id, const v1::Skill& skill,
                 const std::vector<std::string>& aliases) {
  if (tx.exec_params("INSERT INTO shared.skills (id, display_name, category) VALUES ($1, $2, $3) "
                     "ON CONFLICT DO NOTHING RETURNING 1",
                     id, skill.display_name(), skill.category())
          .empty()) {
    return false;
  }
  for (const std::string& alias : aliases) {
    if (tx.exec_params("INSERT INTO shared.skill_aliases (alias, skill_id) VALUES ($1, $2) "
                       "ON CONFLICT DO NOTHING RETURNING 1",
                       alias, id)
            .empty()) {
      return false;
    }
  }
  return true;
}

std::vector<v1::ExchangeRate> ListExchangeRates(pqxx::work& tx) {
  std::vector<v1::ExchangeRate> rates;
  for (const pqxx::row& row :
       tx.exec("SELECT currency_code, usd_per_unit::float8, "
               "(extract(epoch FROM update_time) * 1000000)::bigint FROM shared.exchange_rates "
               "ORDER BY currency_code")) {
    v1::ExchangeRate rate;
    rate.set_currency_code(row[0].as<std::string>());
    rate.set_usd_per_unit(row[1].as<double>());
    *rate.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[2].as<int64_t>());
    rates.push_back(std::move(rate));
  }
  return rates;
}

v1::ExchangeRate UpsertExchangeRate(pqxx::work& tx, const std::string& currency_code,
                                    double usd_per_unit) {
  pqxx::row row = tx.exec_params1(
      "INSERT INTO shared.exchange_rates (currency_code, usd_per_unit) VALUES ($1, $2) "
      "ON CONFLICT (currency_code) DO UPDATE SET usd_per_unit = EXCLUDED.usd_per_unit, "
      "update_time = now() RETURNING usd_per_unit::float8, "
      "(extract(epoch FROM update_time) * 1000000)::bigint",
      currency_code, usd_per_unit);
  v1::ExchangeRate rate;
  rate.set_currency_code(currency_code);
  rate.set_usd_per_unit(row[0].as<double>());
  *rate.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[1].as<int64_t>());
  return rate;
}

}  // namespace meridian::talent
