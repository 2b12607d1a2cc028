// A FollowUpGateway for tests of the placement core: the other services' side held in memory
// (submissions, roles with their states, the matches search would give, the erasure feed), so
// PlacementService and FollowUpWorker run without intake or talent servers. Every call is
// logged as a line ("SetRoleState clients/c/roles/r OPEN"), and Fail makes one kind of call
// answer a given status (that service down, say) until cleared.
//
//   FakeFollowUpGateway gateway;
//   gateway.AddRole(role);
//   gateway.AddSubmission(hired);
//   PlacementService placements(pool, gateway, clock);
//   gateway.Fail(FakeFollowUpGateway::kReleaseCandidate, absl::UnavailableError("talent down"));
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/errors/errors.h"
#include "services/placement/follow_up_gateway.h"

namespace meridian::testing {

class FakeFollowUpGateway final : public placement::FollowUpGateway {
 public:
  enum Call {
    kGetSubmission,
    kGetRole,
    kSetRoleState,
    kReleaseCandidate,
    kListCandidateErasures,
    kFindMatches,
    kSubmit,
  };

  void AddSubmission(const talent::v1::Submission& submission) {
    submissions_[submission.name()] = submission;
  }
  void AddRole(const intake::v1::Role& role) { roles_[role.name()] = role; }
  // The role as the gateway holds it now (its state follows SetRoleState).
  const intake::v1::Role& role(const std::string& name) const { return roles_.at(name); }
  // What FindMatches answers, best first, before `excluded` and `count` apply.
  void SetMatches(std::vector<std::string> candidates) { matches_ = std::move(candidates); }
  // Candidates erased at talent, in feed order.
  void Erase(const std::string& candidate) { erasures_.push_back(candidate); }
  // Submit answers `status` for this candidate (placed or erased meanwhile, say).
  void RefuseSubmission(const std::string& candidate, absl::Status status) {
    refused_[candidate] = std::move(status);
  }
  // Calls of kind `call` answer `status` (absl::OkStatus() to answer normally again).
  void Fail(Call call, absl::Status status) { failures_[call] = std::move(status); }
  // Every call so far, one line each, in order.
  const std::vector<std::string>& calls() const { return calls_; }
  // The calls so far that changed something at the other services.
  std::vector<std::string> changes() const {
    std::vector<std::string> changes;
    for (const std::string& call : calls_) {
      if (call.rfind("Get", 0) != 0 && call.rfind("List", 0) != 0 &&
          call.rfind("FindMatches", 0) != 0) {
        changes.push_back(call);
      }
    }
    return changes;
  }

  absl::StatusOr<talent::v1::Submission> GetSubmission(const std::string& name,
                                                       absl::Time) override {
    if (absl::Status failed = Log(kGetSubmission, {"GetSubmission", name}); !failed.ok()) {
      return failed;
    }
    auto it = submissions_.find(name);
    if (it == submissions_.end()) return NotFound(name);
    return it->second;
  }

  absl::StatusOr<intake::v1::Role> GetRole(const std::string& name, absl::Time) override {
    if (absl::Status failed = Log(kGetRole, {"GetRole", name}); !failed.ok()) return failed;
    auto it = roles_.find(name);
    if (it == roles_.end()) return NotFound(name);
    return it->second;
  }

  absl::Status SetRoleState(const std::string& role, intake::v1::Role::State state,
                            absl::Time) override {
    if (absl::Status failed =
            Log(kSetRoleState, {"SetRoleState", role, intake::v1::Role::State_Name(state)});
        !failed.ok()) {
      return failed;
    }
    auto it = roles_.find(role);
    if (it == roles_.end()) return NotFound(role);
    it->second.set_state(state);
    return absl::OkStatus();
  }

  absl::Status ReleaseCandidate(const std::string& candidate, absl::Time) override {
    return Log(kReleaseCandidate, {"ReleaseCandidate", candidate});
  }

  absl::StatusOr<ErasurePage> ListCandidateErasures(const std::string& page_token, int page_size,
                                                    absl::Time) override {
    if (absl::Status failed = Log(kListCandidateErasures, {"ListCandidateErasures", page_token});
        !failed.ok()) {
      return failed;
    }
    // The token is the position in the feed, as a number.
    size_t position = page_token.empty() ? 0 : std::stoul(page_token);
    ErasurePage page;
    while (position < erasures_.size() && static_cast<int>(page.candidates.size()) < page_size) {
      page.candidates.push_back(erasures_[position++]);
    }
    page.next_page_token = absl::StrCat(position);
    return page;
  }

  absl::StatusOr<std::vector<std::string>> FindMatches(const std::string& role,
                                                       const std::vector<std::string>& excluded,
                                                       int count, absl::Time) override {
    if (absl::Status failed =
            Log(kFindMatches, {"FindMatches", role, absl::StrJoin(excluded, ",")});
        !failed.ok()) {
      return failed;
    }
    std::vector<std::string> found;
    for (const std::string& candidate : matches_) {
      if (std::find(excluded.begin(), excluded.end(), candidate) == excluded.end() &&
          static_cast<int>(found.size()) < count) {
        found.push_back(candidate);
      }
    }
    return found;
  }

  absl::StatusOr<std::string> Submit(const std::string& role, const std::string& candidate,
                                     const std::string& request_id, absl::Time) override {
    if (absl::Status failed = Log(kSubmit, {"Submit", role, candidate}); !failed.ok()) {
      return failed;
    }
    if (auto refused = refused_.find(candidate); refused != refused_.end()) return refused->second;
    // The same request_id gives the same submission, as talent's idempotency does.
    auto [it, added] = submitted_.try_emplace(
        request_id, absl::StrCat(role, "/submissions/s", submitted_.size() + 1));
    return it->second;
  }

 private:
  // Logs the call; its failure, if one is set.
  absl::Status Log(Call call, std::vector<std::string> words) {
    calls_.push_back(absl::StrJoin(words, " "));
    auto it = failures_.find(call);
    return it == failures_.end() ? absl::OkStatus() : it->second;
  }

  std::map<std::string, talent::v1::Submission> submissions_;
  std::map<std::string, intake::v1::Role> roles_;
  std::vector<std::string> matches_;
  std::vector<std::string> erasures_;
  std::map<Call, absl::Status> failures_;
  std::map<std::string, absl::Status> refused_;
  std::map<std::string, std::string> submitted_;
  std::vector<std::string> calls_;
};

}  // namespace meridian::testing
