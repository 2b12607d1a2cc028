// The talent pool's business logic, free of gRPC: candidates, the skill vocabulary and
// exchange rates. Each method is one RPC in one database transaction; every write to a
// candidate also appends to the change feed the search index follows.
//
//   db::ConnectionPool pool({.url = url});
//   CandidateService candidates(pool);
//   absl::StatusOr<v1::Candidate> created = candidates.CreateCandidate(request, deadline);
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "google/protobuf/empty.pb.h"
#include "meridian/talent/v1/talent.pb.h"

namespace meridian::talent {

class CandidateService final {
 public:
  explicit CandidateService(db::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Candidate> CreateCandidate(const v1::CreateCandidateRequest& request,
                                                absl::Time deadline);
  absl::StatusOr<v1::Candidate> GetCandidate(const v1::GetCandidateRequest& request,
                                             absl::Time deadline);
  absl::StatusOr<v1::ListCandidatesResponse> ListCandidates(
      const v1::ListCandidatesRequest& request, absl::Time deadline);
  absl::StatusOr<v1::Candidate> UpdateCandidate(const v1::UpdateCandidateRequest& request,
                                                absl::Time deadline);
  absl::StatusOr<google::protobuf::Empty> DeleteCandidate(const v1::DeleteCandidateRequest& request,
                                                          absl::Time deadline);
  absl::StatusOr<v1::Candidate> ReleaseCandidate(const v1::ReleaseCandidateRequest& request,
                                                 absl::Time deadline);
  absl::StatusOr<v1::ListCandidateErasuresResponse> ListCandidateErasures(
      const v1::ListCandidateErasuresRequest& request, absl::Time deadline);

  absl::StatusOr<v1::ListSkillsResponse> ListSkills(const v1::ListSkillsRequest& request,
                                                    absl::Time deadline);
  absl::StatusOr<v1::Skill> CreateSkill(const v1::CreateSkillRequest& request, absl::Time deadline);

  absl::StatusOr<v1::ListExchangeRatesResponse> ListExchangeRates(
      const v1::ListExchangeRatesRequest& request, absl::Time deadline);
  absl::StatusOr<v1::ExchangeRate> UpdateExchangeRate(const v1::UpdateExchangeRateRequest& request,
                                                      absl::Time deadline);

 private:
  db::ConnectionPool& pool_;
};

// "candidates/{candidate}" -> id, or INVALID_ARGUMENT on `field`.
absl::StatusOr<std::string> ParseCandidateName(absl::string_view name, absl::string_view field);

}  // namespace meridian::talent
