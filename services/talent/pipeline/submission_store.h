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
// The open submission of the candidate for the role, if any.
std::optional<std::string> FindOpenSubmission(pqxx::work& tx, const std::string& role_id,
                                              const std::string& candidate_id);
// Submissions by role (client_id and role_id set) or across roles (both empty), filtered by
// candidate id and stage name when not empty.
std::vector<Listed<v1::Submission>> ListSubmissions(pqxx::work& tx, const std::string& client_id,
                                                    const std::string& role_id,
                                                    const std::string& candidate_id,
                                                    const std::string& stage, int64_t after,
                                                    int limit);
void UpdateSubmission(pqxx::work& tx, const SubmissionKey& key, const v1::Submission& submission);
// Keys of the candidate's open submissions, locked for update.
std::vector<SubmissionKey> OpenSubmissionsOf(pqxx::work& tx, const std::string& candidate_id);

}  // namespace meridian::talent
