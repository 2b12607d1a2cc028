// SQL for talent.submissions. Every function runs inside the caller's transaction and uses
// parameters only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "meridian/talent/v1/talent.pb.h"
#include "pqxx/pqxx"
#include "services/talent/talent_store.h"

namespace meridian::talent {

struct SubmissionKey {
  std::string client_id;
  std::string role_id;
  std::string submission_id;
};

void InsertSubmission(pqxx::work& tx, const SubmissionKey& key, const std::string& candidate_id,
                      const v1::Submission& submission);
std::optional<v1::Submission> FindSubmission(pqxx::work& tx, const SubmissionKey& key,
                                             bool for_update);
// An open submission standing in the way of a new one: its name and who made it.
struct OpenSubmission {
  std::string name;
  std::string submitted_by;
};
// The open submission of the candidate for the role, if any.
std::optional<OpenSubmission> FindOpenSubmission(pqxx::work& tx, const std::string& role_id,
                                                 const std::string& candidate_id);

// What ListSubmissions selects; empty fields select everything.
struct SubmissionSelection {
  std::string client_id;  // with role_id: one role's submissions
  std::string role_id;
  std::string candidate_id;
  std::string stage;         // a stage name
  std::string submitted_by;  // a PARTNER's scope: its agency
};
// The submissions after `after` that match `selection`, in seq order.
std::vector<Listed<v1::Submission>> ListSubmissions(pqxx::work& tx,
                                                    const SubmissionSelection& selection,
                                                    int64_t after, int limit);
void UpdateSubmission(pqxx::work& tx, const SubmissionKey& key, const v1::Submission& submission);
// Keys of the candidate's open submissions, locked for update.
std::vector<SubmissionKey> OpenSubmissionsOf(pqxx::work& tx, const std::string& candidate_id);

}  // namespace meridian::talent
