// SQL for talent.interviews and talent.scorecards (common/migrations/sql/0013_interviews.sql).
// Every function runs inside the caller's transaction and uses parameters only.
//
//   InterviewKey key{client_id, role_id, submission_id, NewResourceId()};
//   InsertInterview(tx, key, candidate_id, interview);
//   std::optional<v1::Interview> stored = FindInterview(tx, key, /*for_update=*/false);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "meridian/talent/v1/interview.pb.h"
#include "pqxx/pqxx"
#include "services/talent/domain/interview_slots.h"
#include "services/talent/pipeline/submission_store.h"
#include "services/talent/talent_store.h"

namespace meridian::talent {

struct InterviewKey {
  std::string client_id;
  std::string role_id;
  std::string submission_id;
  std::string interview_id;

  SubmissionKey submission() const { return {client_id, role_id, submission_id}; }
};

// "clients/{c}/roles/{r}/submissions/{s}/interviews/{i}".
std::string InterviewName(const InterviewKey& key);
// The calendar event's UID of an interview: the same for its whole life.
std::string InviteUid(absl::string_view interview_id);

// Stores a new interview; name, state, candidate, times and etag come from the key, the
// interview and the columns, the rest from the body.
void InsertInterview(pqxx::work& tx, const InterviewKey& key, const std::string& candidate_id,
                     const v1::Interview& interview);
std::optional<v1::Interview> FindInterview(pqxx::work& tx, const InterviewKey& key,
                                           bool for_update);
// Writes every field of `interview` (state and start_time included) and bumps the etag.
void UpdateInterview(pqxx::work& tx, const InterviewKey& key, const v1::Interview& interview);

// What ListInterviews selects; empty fields select everything.
struct InterviewSelection {
  std::string client_id;
  std::string role_id;
  std::string submission_id;
  std::string candidate_id;
  std::string state;  // a state name
};
std::vector<Listed<v1::Interview>> ListInterviews(pqxx::work& tx,
                                                  const InterviewSelection& selection,
                                                  int64_t after, int limit);

// The name of the candidate's SCHEDULED interview, other than `except_id`, that overlaps
// [start, end), if any.
std::optional<std::string> FindCandidateConflict(pqxx::work& tx, const std::string& candidate_id,
                                                 absl::Time start, absl::Time end,
                                                 const std::string& except_id);

// The SCHEDULED interviews of the candidate, and of any of `emails` (lower-cased), that
// overlap [from, to), labelled with their names.
std::vector<BusyInterval> BusyTimes(pqxx::work& tx, const std::string& candidate_id,
                                    const std::vector<std::string>& emails, absl::Time from,
                                    absl::Time to);

// Locks the candidate's row so that two writes scheduling the same candidate run one after
// the other (the double-booking check then sees the other's interview).
void LockCandidate(pqxx::work& tx, const std::string& candidate_id);

void InsertScorecard(pqxx::work& tx, const InterviewKey& key, const std::string& scorecard_id,
                     const v1::Scorecard& scorecard);
std::vector<Listed<v1::Scorecard>> ListScorecards(pqxx::work& tx, const InterviewKey& key,
                                                  int64_t after, int limit);
// Every scorecard of the submission's interviews, in the order they were sent.
std::vector<v1::Scorecard> ScorecardsOfSubmission(pqxx::work& tx, const SubmissionKey& key);
// Every interview of the submission, oldest first.
std::vector<v1::Interview> InterviewsOfSubmission(pqxx::work& tx, const SubmissionKey& key);
// True when the submission has a COMPLETED interview with at least one scorecard: what an
// offer needs.
bool HasScoredCompletedInterview(pqxx::work& tx, const std::string& submission_id);

// Erasure: the candidate's interviews keep their kind, times and states, without the free text
// (title, location, cancel reason) or the interviewers' notes.
void EraseInterviewText(pqxx::work& tx, const std::string& candidate_id);

}  // namespace meridian::talent
