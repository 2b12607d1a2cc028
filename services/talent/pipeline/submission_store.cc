#include "services/talent/pipeline/submission_store.h"

#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "common/db/json_body.h"
#include "common/db/ordered_reads.h"
#include "google/protobuf/util/time_util.h"

namespace meridian::talent {
namespace {

using google::protobuf::util::TimeUtil;

constexpr const char* kColumns =
    "seq, id, body::text, version, (extract(epoch FROM create_time) * 1000000)::bigint, "
    "(extract(epoch FROM update_time) * 1000000)::bigint, client_id, role_id, candidate_id, "
    "stage, (SELECT c.body ->> 'display_name' FROM talent.candidates c WHERE c.id = "
    "candidate_id)";

std::string Body(v1::Submission submission) {
  submission.clear_name();
  submission.clear_candidate();
  submission.clear_stage();
  submission.clear_create_time();
  submission.clear_update_time();
  submission.clear_etag();
  submission.clear_candidate_display_name();  // the candidate's own, read with it
  return db::ToJsonBody(submission);
}

v1::Submission FromRow(const pqxx::row& row) {
  v1::Submission submission = db::FromJsonBody<v1::Submission>(row[2].as<std::string>());
  submission.set_name(absl::StrCat("clients/", row[6].as<std::string>(), "/roles/",
                                   row[7].as<std::string>(), "/submissions/",
                                   row[1].as<std::string>()));
  submission.set_candidate(absl::StrCat("candidates/", row[8].as<std::string>()));
  v1::Submission::Stage stage;
  if (v1::Submission::Stage_Parse(row[9].as<std::string>(), &stage)) submission.set_stage(stage);
  if (!row[10].is_null()) submission.set_candidate_display_name(row[10].as<std::string>());
  submission.set_etag(absl::StrCat(row[3].as<int64_t>()));
  *submission.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[4].as<int64_t>());
  *submission.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[5].as<int64_t>());
  return submission;
}

}  // namespace

void InsertSubmission(pqxx::work& tx, const SubmissionKey& key, const std::string& candidate_id,
                      const v1::Submission& submission) {
  // Lists stop at the readable horizon, so that a walk never passes a row committing late.
  db::JoinOrderedWriters(tx, "talent.submissions");
  tx.exec_params(
      "INSERT INTO talent.submissions (id, client_id, role_id, candidate_id, stage, body, "
      "submitted_by) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)",
      key.submission_id, key.client_id, key.role_id, candidate_id,
      v1::Submission::Stage_Name(submission.stage()), Body(submission), submission.submitted_by());
}

std::optional<v1::Submission> FindSubmission(pqxx::work& tx, const SubmissionKey& key,
                                             bool for_update) {
  pqxx::result rows = tx.exec_params(
      absl::StrCat("SELECT ", kColumns,
                   " FROM talent.submissions WHERE id = $1 AND client_id = $2 AND role_id = $3",
                   for_update ? " FOR UPDATE" : ""),
      key.submission_id, key.client_id, key.role_id);
  if (rows.empty()) return std::nullopt;
  return FromRow(rows[0]);
}

std::optional<OpenSubmission> FindOpenSubmission(pqxx::work& tx, const std::string& role_id,
                                                 const std::string& candidate_id) {
  pqxx::result rows = tx.exec_params(
      "SELECT client_id, id, submitted_by FROM talent.submissions WHERE role_id = $1 AND "
      "candidate_id = $2 AND is_open",
      role_id, candidate_id);
  if (rows.empty()) return std::nullopt;
  return OpenSubmission{absl::StrCat("clients/", rows[0][0].as<std::string>(), "/roles/", role_id,
                                     "/submissions/", rows[0][1].as<std::string>()),
                        rows[0][2].as<std::string>()};
}

std::vector<Listed<v1::Submission>> ListSubmissions(pqxx::work& tx,
                                                    const SubmissionSelection& selection,
                                                    int64_t after, int limit) {
  std::vector<Listed<v1::Submission>> submissions;
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT ", kColumns,
                        " FROM talent.submissions WHERE ($1 = '' OR client_id = $1)"
                        " AND ($2 = '' OR role_id = $2) AND ($3 = '' OR candidate_id = $3)"
                        " AND ($4 = '' OR stage = $4) AND ($7 = '' OR submitted_by = $7)"
                        " AND seq > $5 AND seq <= $8 ORDER BY seq LIMIT $6"),
           selection.client_id, selection.role_id, selection.candidate_id, selection.stage, after,
           limit, selection.submitted_by, db::ListHorizon(tx, "talent.submissions", "seq"))) {
    submissions.push_back({row[0].as<int64_t>(), FromRow(row)});
  }
  return submissions;
}

void UpdateSubmission(pqxx::work& tx, const SubmissionKey& key, const v1::Submission& submission) {
  tx.exec_params(
      "UPDATE talent.submissions SET stage = $4, body = $5::jsonb, version = version + 1, "
      "update_time = now() WHERE id = $1 AND client_id = $2 AND role_id = $3",
      key.submission_id, key.client_id, key.role_id, v1::Submission::Stage_Name(submission.stage()),
      Body(submission));
}

std::vector<SubmissionKey> OpenSubmissionsOf(pqxx::work& tx, const std::string& candidate_id) {
  std::vector<SubmissionKey> keys;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT client_id, role_id, id FROM talent.submissions WHERE candidate_id = $1 AND "
           "is_open ORDER BY seq FOR UPDATE",
           candidate_id)) {
    keys.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()});
  }
  return keys;
}

}  // namespace meridian::talent
