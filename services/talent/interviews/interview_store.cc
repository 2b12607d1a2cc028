#include "services/talent/interviews/interview_store.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/db/json_body.h"
#include "common/db/ordered_reads.h"
#include "google/protobuf/util/time_util.h"

namespace meridian::talent {
namespace {

using google::protobuf::util::TimeUtil;

constexpr const char* kInterviewColumns =
    "seq, id, body::text, version, (extract(epoch FROM create_time) * 1000000)::bigint, "
    "(extract(epoch FROM update_time) * 1000000)::bigint, client_id, role_id, submission_id, "
    "candidate_id, state, (extract(epoch FROM start_time) * 1000000)::bigint";

constexpr const char* kScorecardColumns =
    "s.seq, s.id, s.body::text, (extract(epoch FROM s.create_time) * 1000000)::bigint, "
    "i.client_id, i.role_id, i.submission_id, i.id";

// The fields kept in columns (or made from them) are not in the body.
std::string Body(v1::Interview interview) {
  interview.clear_name();
  interview.clear_state();
  interview.clear_start_time();
  interview.clear_candidate();
  interview.clear_create_time();
  interview.clear_update_time();
  interview.clear_etag();
  interview.clear_invite_uid();
  return db::ToJsonBody(interview);
}

std::string Rfc3339(absl::Time time) {
  return absl::FormatTime(absl::RFC3339_full, time, absl::UTCTimeZone());
}

// "" for none: libpqxx 6.4 has no NULL parameter, so the SQL says NULLIF($n, '').
std::string StartColumn(const v1::Interview& interview) {
  if (!interview.has_start_time()) return "";
  return Rfc3339(absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(interview.start_time())));
}

std::string EndColumn(const v1::Interview& interview) {
  if (!interview.has_start_time()) return "";
  return Rfc3339(absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(interview.start_time())) +
                 absl::Minutes(interview.duration_minutes()));
}

// The interviewers' emails, lower-cased, as a PostgreSQL array literal's elements (passed
// as one text parameter and cast; each element quoted, so no value can break out).
std::string EmailArray(const v1::Interview& interview) {
  std::vector<std::string> quoted;
  for (const v1::Interviewer& person : interview.interviewers()) {
    std::string email = absl::AsciiStrToLower(person.email());
    std::string escaped;
    for (char c : email) {
      if (c == '"' || c == '\\') escaped.push_back('\\');
      escaped.push_back(c);
    }
    quoted.push_back(absl::StrCat("\"", escaped, "\""));
  }
  return absl::StrCat("{", absl::StrJoin(quoted, ","), "}");
}

v1::Interview InterviewFromRow(const pqxx::row& row) {
  v1::Interview interview = db::FromJsonBody<v1::Interview>(row[2].as<std::string>());
  const std::string id = row[1].as<std::string>();
  interview.set_name(InterviewName(
      {row[6].as<std::string>(), row[7].as<std::string>(), row[8].as<std::string>(), id}));
  interview.set_candidate(absl::StrCat("candidates/", row[9].as<std::string>()));
  v1::Interview::State state;
  if (v1::Interview::State_Parse(row[10].as<std::string>(), &state)) interview.set_state(state);
  if (!row[11].is_null()) {
    *interview.mutable_start_time() = TimeUtil::MicrosecondsToTimestamp(row[11].as<int64_t>());
  }
  interview.set_invite_uid(InviteUid(id));
  interview.set_etag(absl::StrCat(row[3].as<int64_t>()));
  *interview.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[4].as<int64_t>());
  *interview.mutable_update_time() = TimeUtil::MicrosecondsToTimestamp(row[5].as<int64_t>());
  return interview;
}

v1::Scorecard ScorecardFromRow(const pqxx::row& row) {
  v1::Scorecard scorecard = db::FromJsonBody<v1::Scorecard>(row[2].as<std::string>());
  scorecard.set_name(
      absl::StrCat(InterviewName({row[4].as<std::string>(), row[5].as<std::string>(),
                                  row[6].as<std::string>(), row[7].as<std::string>()}),
                   "/scorecards/", row[1].as<std::string>()));
  *scorecard.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(row[3].as<int64_t>());
  return scorecard;
}

}  // namespace

std::string InterviewName(const InterviewKey& key) {
  return absl::StrCat("clients/", key.client_id, "/roles/", key.role_id, "/submissions/",
                      key.submission_id, "/interviews/", key.interview_id);
}

std::string InviteUid(absl::string_view interview_id) {
  return absl::StrCat(interview_id, "@meridian");
}

void InsertInterview(pqxx::work& tx, const InterviewKey& key, const std::string& candidate_id,
                     const v1::Interview& interview) {
  // Lists stop at the readable horizon, so that a walk never passes a row committing late.
  db::JoinOrderedWriters(tx, "talent.interviews");
  tx.exec_params(
      "INSERT INTO talent.interviews (id, client_id, role_id, submission_id, candidate_id, state, "
      "start_time, end_time, interviewer_emails, body) VALUES ($1, $2, $3, $4, $5, $6, "
      "NULLIF($7, '')::timestamptz, NULLIF($8, '')::timestamptz, $9::text[], $10::jsonb)",
      key.interview_id, key.client_id, key.role_id, key.submission_id, candidate_id,
      v1::Interview::State_Name(interview.state()), StartColumn(interview), EndColumn(interview),
      EmailArray(interview), Body(interview));
}

std::optional<v1::Interview> FindInterview(pqxx::work& tx, const InterviewKey& key,
                                           bool for_update) {
  pqxx::result rows = tx.exec_params(
      absl::StrCat("SELECT ", kInterviewColumns,
                   " FROM talent.interviews WHERE id = $1 AND submission_id = $2 AND "
                   "client_id = $3 AND role_id = $4",
                   for_update ? " FOR UPDATE" : ""),
      key.interview_id, key.submission_id, key.client_id, key.role_id);
  if (rows.empty()) return std::nullopt;
  return InterviewFromRow(rows[0]);
}

void UpdateInterview(pqxx::work& tx, const InterviewKey& key, const v1::Interview& interview) {
  tx.exec_params(
      "UPDATE talent.interviews SET state = $2, start_time = NULLIF($3, '')::timestamptz, "
      "end_time = NULLIF($4, '')::timestamptz, interviewer_emails = $5::text[], body = $6::jsonb, "
      "version = version + 1, update_time = now() WHERE id = $1",
      key.interview_id, v1::Interview::State_Name(interview.state()), StartColumn(interview),
      EndColumn(interview), EmailArray(interview), Body(interview));
}

std::vector<Listed<v1::Interview>> ListInterviews(pqxx::work& tx,
                                                  const InterviewSelection& selection,
                                                  int64_t after, int limit) {
  std::vector<Listed<v1::Interview>> interviews;
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT ", kInterviewColumns,
                        " FROM talent.interviews WHERE ($1 = '' OR client_id = $1)"
                        " AND ($2 = '' OR role_id = $2) AND ($3 = '' OR submission_id = $3)"
                        " AND ($4 = '' OR candidate_id = $4) AND ($5 = '' OR state = $5)"
                        " AND seq > $6 AND seq <= $8 ORDER BY seq LIMIT $7"),
           selection.client_id, selection.role_id, selection.submission_id, selection.candidate_id,
           selection.state, after, limit, db::ListHorizon(tx, "talent.interviews", "seq"))) {
    interviews.push_back({row[0].as<int64_t>(), InterviewFromRow(row)});
  }
  return interviews;
}

std::optional<std::string> FindCandidateConflict(pqxx::work& tx, const std::string& candidate_id,
                                                 absl::Time start, absl::Time end,
                                                 const std::string& except_id) {
  pqxx::result rows = tx.exec_params(
      "SELECT client_id, role_id, submission_id, id FROM talent.interviews WHERE candidate_id = $1 "
      "AND state = 'SCHEDULED' AND id <> $4 AND start_time < $3::timestamptz AND "
      "end_time > $2::timestamptz ORDER BY start_time LIMIT 1",
      candidate_id, Rfc3339(start), Rfc3339(end), except_id);
  if (rows.empty()) return std::nullopt;
  return InterviewName({rows[0][0].as<std::string>(), rows[0][1].as<std::string>(),
                        rows[0][2].as<std::string>(), rows[0][3].as<std::string>()});
}

std::vector<BusyInterval> BusyTimes(pqxx::work& tx, const std::string& candidate_id,
                                    const std::vector<std::string>& emails, absl::Time from,
                                    absl::Time to) {
  v1::Interview holder;
  for (const std::string& email : emails) holder.add_interviewers()->set_email(email);
  std::vector<BusyInterval> busy;
  for (const pqxx::row& row : tx.exec_params(
           "SELECT client_id, role_id, submission_id, id, "
           "(extract(epoch FROM start_time) * 1000000)::bigint, "
           "(extract(epoch FROM end_time) * 1000000)::bigint FROM talent.interviews "
           "WHERE state = 'SCHEDULED' AND (candidate_id = $1 OR interviewer_emails && $2::text[]) "
           "AND start_time < $4::timestamptz AND end_time > $3::timestamptz ORDER BY start_time",
           candidate_id, EmailArray(holder), Rfc3339(from), Rfc3339(to))) {
    busy.push_back({absl::FromUnixMicros(row[4].as<int64_t>()),
                    absl::FromUnixMicros(row[5].as<int64_t>()),
                    InterviewName({row[0].as<std::string>(), row[1].as<std::string>(),
                                   row[2].as<std::string>(), row[3].as<std::string>()})});
  }
  return busy;
}

void LockCandidate(pqxx::work& tx, const std::string& candidate_id) {
  tx.exec_params("SELECT 1 FROM talent.candidates WHERE id = $1 FOR UPDATE", candidate_id);
}

void InsertScorecard(pqxx::work& tx, const InterviewKey& key, const std::string& scorecard_id,
                     const v1::Scorecard& scorecard) {
  v1::Scorecard body = scorecard;
  body.clear_name();
  body.clear_create_time();
  db::JoinOrderedWriters(tx, "talent.scorecards");  // lists stop at the horizon
  tx.exec_params(
      "INSERT INTO talent.scorecards (id, interview_id, interviewer_email, overall, body) "
      "VALUES ($1, $2, $3, $4, $5::jsonb)",
      scorecard_id, key.interview_id, absl::AsciiStrToLower(scorecard.interviewer_email()),
      Rating_Name(scorecard.overall()), db::ToJsonBody(body));
}

std::vector<Listed<v1::Scorecard>> ListScorecards(pqxx::work& tx, const InterviewKey& key,
                                                  int64_t after, int limit) {
  std::vector<Listed<v1::Scorecard>> scorecards;
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT ", kScorecardColumns,
                        " FROM talent.scorecards s JOIN talent.interviews i ON i.id = "
                        "s.interview_id WHERE i.id = $1 AND i.submission_id = $2 AND "
                        "i.client_id = $3 AND i.role_id = $4 AND s.seq > $5 AND s.seq <= $7 "
                        "ORDER BY s.seq LIMIT $6"),
           key.interview_id, key.submission_id, key.client_id, key.role_id, after, limit,
           db::ListHorizon(tx, "talent.scorecards", "seq"))) {
    scorecards.push_back({row[0].as<int64_t>(), ScorecardFromRow(row)});
  }
  return scorecards;
}

std::vector<v1::Scorecard> ScorecardsOfSubmission(pqxx::work& tx, const SubmissionKey& key) {
  std::vector<v1::Scorecard> scorecards;
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT ", kScorecardColumns,
                        " FROM talent.scorecards s JOIN talent.interviews i ON i.id = "
                        "s.interview_id WHERE i.submission_id = $1 AND i.client_id = $2 AND "
                        "i.role_id = $3 ORDER BY s.seq"),
           key.submission_id, key.client_id, key.role_id)) {
    scorecards.push_back(ScorecardFromRow(row));
  }
  return scorecards;
}

std::vector<v1::Interview> InterviewsOfSubmission(pqxx::work& tx, const SubmissionKey& key) {
  std::vector<v1::Interview> interviews;
  for (const pqxx::row& row : tx.exec_params(
           absl::StrCat("SELECT ", kInterviewColumns,
                        " FROM talent.interviews WHERE submission_id = $1 AND client_id = $2 AND "
                        "role_id = $3 ORDER BY seq"),
           key.submission_id, key.client_id, key.role_id)) {
    interviews.push_back(InterviewFromRow(row));
  }
  return interviews;
}

bool HasScoredCompletedInterview(pqxx::work& tx, const std::string& submission_id) {
  return !tx.exec_params(
                "SELECT 1 FROM talent.interviews i WHERE i.submission_id = $1 AND "
                "i.state = 'COMPLETED' AND EXISTS (SELECT 1 FROM talent.scorecards s WHERE "
                "s.interview_id = i.id) LIMIT 1",
                submission_id)
              .empty();
}

void EraseInterviewText(pqxx::work& tx, const std::string& candidate_id) {
  tx.exec_params(
      "UPDATE talent.interviews SET body = body - 'title' - 'location' - 'cancelReason' - "
      "'cancel_reason', version = version + 1, update_time = now() WHERE candidate_id = $1",
      candidate_id);
  tx.exec_params(
      "UPDATE talent.scorecards SET body = body - 'notes' WHERE interview_id IN (SELECT id FROM "
      "talent.interviews WHERE candidate_id = $1)",
      candidate_id);
}

}  // namespace meridian::talent
