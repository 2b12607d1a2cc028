#include "services/placement/follow_up_worker.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/served_requests.h"
#include "common/errors/errors.h"
#include "common/logging/log.h"
#include "google/protobuf/util/time_util.h"
#include "nlohmann/json.hpp"

namespace meridian::placement {
namespace {

constexpr absl::Duration kCallBudget = absl::Seconds(20);
constexpr char kErasureFeed[] = "talent.candidate_erasures";

// Erases what this service holds about an erased candidate: the free text of their
// placements and check-ins (notes may name them, their email or phone), a trial's notes
// included. Ratings, concerns, dates, states and outcomes stay, so the agency's history still
// adds up. A placement still ACTIVE (its candidate was released by hand, then erased) ends
// with reason OTHER and no replacement: nobody is left to follow up.
void ForgetCandidate(pqxx::work& tx, const std::string& candidate_id) {
  for (const std::string& id : PlacementsOfCandidate(tx, candidate_id)) {
    std::optional<StoredPlacement> stored = FindPlacement(tx, id, true);
    if (!stored) continue;
    v1::Placement& placement = stored->placement;
    placement.clear_end_note();
    placement.clear_candidate_display_name();
    if (placement.has_trial()) placement.mutable_trial()->clear_notes();
    const bool ends_now = placement.state() != v1::Placement::ENDED;
    if (ends_now) {
      placement.set_state(v1::Placement::ENDED);
      placement.set_end_reason(v1::OTHER);
    }
    UpdatePlacement(tx, *stored);
    if (ends_now) {
      if (std::optional<StoredPlacement> ended = FindPlacement(tx, id, false)) {
        RecordPlacementEvent(tx, "placement.ended", *ended, ended->placement, Caller());
      }
    }
    // The answers kept for retries hold the same notes.
    ForgetServedRequests(tx, absl::StrCat("placements/", id));
    for (StoredCheckIn& check_in : CheckInsOf(tx, id)) {
      if (check_in.check_in.notes().empty() && check_in.check_in.next_steps().empty()) continue;
      check_in.check_in.clear_notes();
      check_in.check_in.clear_next_steps();
      UpdateCheckIn(tx, check_in);
    }
  }
}

bool Done(const nlohmann::json& steps, const char* step) {
  return steps.contains(step) && steps[step].is_boolean() && steps[step].get<bool>();
}

}  // namespace

FollowUpWorker::FollowUpWorker(db::ConnectionPool& pool, FollowUpGateway& gateway, Options options)
    : pool_(pool), gateway_(gateway), options_(options) {}

FollowUpWorker::~FollowUpWorker() { Stop(); }

void FollowUpWorker::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void FollowUpWorker::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  // A second caller waits here until the first has joined the thread.
  std::call_once(joined_, [this] {
    if (thread_.joinable()) thread_.join();
  });
}

void FollowUpWorker::Loop() {
  absl::Time next_erasure_read = absl::InfinitePast();
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, absl::ToChronoNanoseconds(options_.poll_interval),
                     [this] { return stopping_; });
      if (stopping_) return;
    }
    RunDueTasks();
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    if (absl::Now() >= next_erasure_read) {
      ApplyErasures();
      next_erasure_read = absl::Now() + options_.erasure_poll_interval;
    }
  }
}

int FollowUpWorker::ApplyErasures() {
  constexpr int kPageSize = 100;
  int applied = 0;
  while (true) {
    const absl::Time deadline = absl::Now() + kCallBudget;
    absl::StatusOr<std::string> position = pool_.InTransaction<std::string>(
        deadline, [&](pqxx::work& tx) -> absl::StatusOr<std::string> {
          return FeedPosition(tx, kErasureFeed);
        });
    if (!position.ok()) return applied;
    absl::StatusOr<FollowUpGateway::ErasurePage> page =
        gateway_.ListCandidateErasures(*position, kPageSize, deadline);
    if (!page.ok()) {
      if (!erasure_feed_failing_) {
        log::Warning("cannot read the erasure feed; will retry",
                     {{"error", page.status().message()}});
      }
      erasure_feed_failing_ = true;
      return applied;
    }
    if (erasure_feed_failing_) log::Info("reading the erasure feed again");
    erasure_feed_failing_ = false;
    if (page->candidates.empty() && page->next_page_token == *position) return applied;
    const absl::Status saved = pool_.InTransaction(deadline, [&](pqxx::work& tx) {
      for (const std::string& candidate : page->candidates) {
        ForgetCandidate(tx, candidate.substr(candidate.rfind('/') + 1));
      }
      SaveFeedPosition(tx, kErasureFeed, page->next_page_token);
      return absl::OkStatus();
    });
    if (!saved.ok()) return applied;
    applied += static_cast<int>(page->candidates.size());
    if (!page->candidates.empty()) {
      log::Info("erasures applied", {{"count", static_cast<int64_t>(page->candidates.size())}});
    }
    if (static_cast<int>(page->candidates.size()) < kPageSize) return applied;
  }
}

int FollowUpWorker::RunDueTasks() {
  int ran = 0;
  while (true) {
    {
      // Stopping: the task in hand was recorded; leave the rest for the next start.
      std::lock_guard lock(mutex_);
      if (stopping_) return ran;
    }
    absl::StatusOr<std::optional<Task>> leased = pool_.InTransaction<std::optional<Task>>(
        absl::Now() + absl::Seconds(5), [&](pqxx::work& tx) -> absl::StatusOr<std::optional<Task>> {
          return LeaseDueTask(tx, options_.lease);
        });
    if (!leased.ok() || !leased->has_value()) return ran;
    const Task& task = **leased;
    ++ran;
    std::string steps = task.steps_json;
    bool failed_for_good = false;
    // The task's calls to intake and talent carry its own trace id.
    const log::ScopedTraceId trace(absl::StrCat("placement-task/", task.id));
    const absl::Status status = Run(task, steps, failed_for_good);
    const std::string state = failed_for_good ? "FAILED" : status.ok() ? "DONE" : "PENDING";
    absl::Duration retry = options_.first_retry;
    for (int i = 1; i < task.attempts && retry < options_.max_retry; ++i) retry *= 2;
    retry = std::min(retry, options_.max_retry);
    const std::string error = status.ok() ? "" : std::string(status.message());
    if (!status.ok() && !failed_for_good) {
      log::Warning("follow-up task will be retried",
                   {{"task", task.id},
                    {"kind", task.kind},
                    {"attempt", task.attempts},
                    {"error", error},
                    {"retry_in_ms", absl::ToInt64Milliseconds(retry)}});
    }
    // Progress is saved even when this fails: the lease expires and the task runs again,
    // skipping the steps recorded as done.
    (void)pool_.InTransaction(absl::Now() + absl::Seconds(5), [&](pqxx::work& tx) {
      RecordTaskProgress(tx, task.id, steps, state, error, retry);
      if (task.kind == "END_PLACEMENT") {
        std::optional<StoredPlacement> stored = FindPlacement(tx, task.placement_id, true);
        if (stored && stored->placement.has_replacement()) {
          v1::Placement::Replacement& replacement = *stored->placement.mutable_replacement();
          replacement.set_attempts(task.attempts);
          replacement.set_last_error(error);
          const nlohmann::json parsed = nlohmann::json::parse(steps, nullptr, false);
          replacement.clear_submissions();
          if (parsed.is_object() && parsed.contains("shortlist") &&
              parsed["shortlist"].is_array()) {
            for (const auto& name : parsed["shortlist"]) {
              replacement.add_submissions(name.get<std::string>());
            }
          }
          if (state == "DONE") {
            replacement.set_state(v1::Placement::Replacement::DONE);
            *replacement.mutable_complete_time() =
                google::protobuf::util::TimeUtil::GetCurrentTime();
          } else if (state == "FAILED") {
            replacement.set_state(v1::Placement::Replacement::FAILED);
          }
          UpdatePlacement(tx, *stored);
          if (state == "DONE" || state == "FAILED") {
            if (std::optional<StoredPlacement> now = FindPlacement(tx, stored->id, false)) {
              // The service itself finished the work: no key is the actor.
              RecordPlacementEvent(
                  tx,
                  state == "DONE" ? "placement.replacement_done" : "placement.replacement_failed",
                  *now, now->placement, Caller());
            }
          }
        }
      }
      return absl::OkStatus();
    });
  }
}

absl::Status FollowUpWorker::Run(const Task& task, std::string& steps_json, bool& failed_for_good) {
  nlohmann::json steps = nlohmann::json::parse(steps_json, nullptr, false);
  if (!steps.is_object()) steps = nlohmann::json::object();
  const auto save = [&] { steps_json = steps.dump(); };
  const absl::Time deadline = absl::Now() + kCallBudget;

  absl::StatusOr<std::optional<StoredPlacement>> loaded =
      pool_.InTransaction<std::optional<StoredPlacement>>(
          deadline, [&](pqxx::work& tx) -> absl::StatusOr<std::optional<StoredPlacement>> {
            return FindPlacement(tx, task.placement_id, false);
          });
  if (!loaded.ok()) return loaded.status();
  if (!loaded->has_value()) {
    failed_for_good = true;
    return absl::NotFoundError("the task's placement is gone");
  }
  const StoredPlacement& stored = **loaded;
  const v1::Placement& placement = stored.placement;

  if (task.kind == "FILL_ROLE") {
    absl::StatusOr<intake::v1::Role> role = gateway_.GetRole(placement.role(), deadline);
    if (!role.ok()) return role.status();
    absl::StatusOr<int> placed =
        pool_.InTransaction<int>(deadline, [&](pqxx::work& tx) -> absl::StatusOr<int> {
          return CountActivePlacements(tx, stored.role_id);
        });
    if (!placed.ok()) return placed.status();
    if (role->state() == intake::v1::Role::OPEN && *placed >= std::max(1, role->headcount())) {
      if (absl::Status filled =
              gateway_.SetRoleState(placement.role(), intake::v1::Role::FILLED, deadline);
          !filled.ok()) {
        return filled;
      }
    }
    steps["fill_role"] = true;
    save();
    return absl::OkStatus();
  }

  // END_PLACEMENT.
  if (!Done(steps, "release_candidate")) {
    if (absl::Status released = gateway_.ReleaseCandidate(placement.candidate(), deadline);
        !released.ok()) {
      return released;
    }
    steps["release_candidate"] = true;
    save();
  }
  if (!placement.has_replacement()) return absl::OkStatus();

  if (!Done(steps, "reopen_role")) {
    absl::StatusOr<intake::v1::Role> role = gateway_.GetRole(placement.role(), deadline);
    if (!role.ok()) return role.status();
    if (role->state() == intake::v1::Role::CANCELLED) {
      failed_for_good = true;
      return absl::FailedPreconditionError(
          "the role was cancelled at intake; there is nothing to replace");
    }
    if (role->state() == intake::v1::Role::FILLED) {
      // Another placement may have taken the seat meanwhile (its FILL_ROLE found the role
      // still FILLED while this step waited for a retry): a role whose headcount is placed
      // stays FILLED, and its shortlist is empty (submissions to a FILLED role are refused).
      const int headcount = std::max(1, role->headcount());
      absl::StatusOr<int> placed =
          pool_.InTransaction<int>(deadline, [&](pqxx::work& tx) -> absl::StatusOr<int> {
            return CountActivePlacements(tx, stored.role_id);
          });
      if (!placed.ok()) return placed.status();
      if (*placed < headcount) {
        if (absl::Status reopened =
                gateway_.SetRoleState(placement.role(), intake::v1::Role::OPEN, deadline);
            !reopened.ok()) {
          return reopened;
        }
        // A placement made between the count and the reopening had its FILL_ROLE see the
        // role FILLED: counted again, it fills the role back.
        placed = pool_.InTransaction<int>(deadline, [&](pqxx::work& tx) -> absl::StatusOr<int> {
          return CountActivePlacements(tx, stored.role_id);
        });
        if (!placed.ok()) return placed.status();
        if (*placed >= headcount) {
          if (absl::Status filled =
                  gateway_.SetRoleState(placement.role(), intake::v1::Role::FILLED, deadline);
              !filled.ok()) {
            return filled;
          }
        }
      }
    }
    steps["reopen_role"] = true;
    save();
  }
  if (!steps.contains("shortlist")) {
    // The candidates are chosen once and recorded, so a retry submits the same people.
    if (!steps.contains("candidates")) {
      // Nobody who held this seat and left it is put forward again: the hire being replaced,
      // and every earlier hire of the role whose placement ended.
      absl::StatusOr<std::vector<std::string>> left = pool_.InTransaction<std::vector<std::string>>(
          deadline, [&](pqxx::work& tx) -> absl::StatusOr<std::vector<std::string>> {
            return CandidatesWhoLeftRole(tx, stored.role_id);
          });
      if (!left.ok()) return left.status();
      std::vector<std::string> excluded = {placement.candidate()};
      for (const std::string& id : *left) {
        std::string name = absl::StrCat("candidates/", id);
        if (name != placement.candidate()) excluded.push_back(std::move(name));
      }
      absl::StatusOr<std::vector<std::string>> matches =
          gateway_.FindMatches(placement.role(), excluded, options_.shortlist_size, deadline);
      if (!matches.ok()) return matches.status();
      steps["candidates"] = *matches;
      save();
    }
    std::vector<std::string> submissions;
    for (const auto& candidate : steps["candidates"]) {
      const std::string name = candidate.get<std::string>();
      absl::StatusOr<std::string> submitted = gateway_.Submit(
          placement.role(), name, absl::StrCat("replacement-", task.id, "-", name), deadline);
      if (submitted.ok()) {
        submissions.push_back(*submitted);
      } else if (submitted.status().code() == absl::StatusCode::kFailedPrecondition ||
                 submitted.status().code() == absl::StatusCode::kNotFound) {
        // Placed or erased meanwhile: not on the shortlist.
        continue;
      } else {
        return submitted.status();
      }
    }
    steps["shortlist"] = submissions;
    save();
  }
  return absl::OkStatus();
}

}  // namespace meridian::placement
