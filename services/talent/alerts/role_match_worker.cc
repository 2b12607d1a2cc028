#include "services/talent/alerts/role_match_worker.h"

#include <sched.h>

#include <cerrno>
#include <cstring>
#include <iterator>

#include <set>
#include <string>
#include <utility>

#include "absl/time/clock.h"
#include "common/api/resource_names.h"
#include "common/events/event_log.h"
#include "common/logging/log.h"
#include "common/metrics/metrics.h"
#include "services/talent/alerts/role_match_store.h"
#include "services/talent/talent_store.h"

namespace meridian::talent {
namespace {

constexpr absl::Duration kStatementBudget = absl::Seconds(30);
// A role list older than this is not trusted: matching waits for intake instead.
constexpr absl::Duration kMaxRoleAge = absl::Minutes(1);
// How often the thread looks for work it was not told about (a failed follower batch, the
// position to catch up to after a start).
constexpr absl::Duration kIdleCheck = absl::Seconds(1);

// What a role_match.created event carries: the match's name, candidate, score and time, not
// its explanation (ListRoleMatches has that). The explanation repeats the person's profile,
// which the event log would then hold for as long as it keeps events; and printing it as JSON
// was most of the alerts' CPU.
v1::RoleMatch AnnouncedMatch(const v1::RoleMatch& made) {
  v1::RoleMatch announced;
  announced.set_name(made.name());
  announced.set_candidate(made.candidate());
  announced.mutable_match()->set_score(made.match().score());
  *announced.mutable_create_time() = made.create_time();
  return announced;
}

}  // namespace

RoleMatchWorker::RoleMatchWorker(db::ConnectionPool& pool, const SearchIndex& index,
                                 IndexFollower& follower, SearchService& search, RoleSource& roles,
                                 Options options)
    : pool_(pool),
      index_(index),
      follower_(follower),
      search_(search),
      roles_(roles),
      options_(options) {}

RoleMatchWorker::~RoleMatchWorker() { Stop(); }

void RoleMatchWorker::Start() {
  follower_.SetListener([this](IndexFollower::Applied applied) { Notify(std::move(applied)); });
  thread_ = std::thread([this] { Run(); });
}

void RoleMatchWorker::Stop() {
  // First the follower (it waits for a call in progress), then the thread.
  follower_.SetListener(nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RoleMatchWorker::Notify(IndexFollower::Applied applied) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= options_.queue_capacity) {
      // Never make the follower wait: these changes are read from the feed later.
      if (!dropping_) {
        log::Warning("role matching fell behind; it reads the change feed from where it got to",
                     {{"after", applied.after}, {"through", applied.through}});
      }
      dropping_ = true;
      return;
    }
    dropping_ = false;
    queue_.push_back(std::move(applied));
  }
  wake_.notify_all();
}

bool RoleMatchWorker::WaitFor(absl::Duration duration) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, absl::ToChronoNanoseconds(duration),
                 [this] { return stopping_ || !queue_.empty(); });
  return !stopping_;
}

bool RoleMatchWorker::WaitForStop(absl::Duration duration) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, absl::ToChronoNanoseconds(duration), [this] { return stopping_; });
  return !stopping_;
}

void RoleMatchWorker::Run() {
  if (options_.idle_priority) {
    // On Linux a scheduling policy belongs to the thread (0: the calling one). Lowering it
    // needs no privilege, but a container's seccomp profile may forbid it: then the worker
    // runs at the process's priority.
    const sched_param idle{.sched_priority = 0};
    if (sched_setscheduler(0, SCHED_IDLE, &idle) != 0) {
      log::Info("role alerts: the worker thread runs at the process's priority",
                {{"error", std::strerror(errno)}});
    }
  }
  while (WaitFor(kIdleCheck)) {
    if (!follower_.loaded()) continue;
    // Let the batches that follow this one gather (Options::gather), then match them at once.
    if (options_.gather > absl::ZeroDuration() && !WaitForStop(options_.gather)) return;
    if (!Step()) {
      if (!WaitForStop(options_.retry_interval)) return;
    }
  }
}

absl::Status RoleMatchWorker::RefreshRoles() {
  const absl::Time now = absl::Now();
  if (roles_read_ != absl::InfinitePast() && now - roles_read_ < options_.role_refresh_interval) {
    return absl::OkStatus();
  }
  const absl::Time deadline = now + kStatementBudget;
  absl::StatusOr<std::vector<intake::v1::Role>> open = roles_.ListOpenRoles(deadline);
  absl::Status failure = open.status();
  std::vector<WatchedRole> watched;
  if (open.ok()) {
    watched.reserve(open->size());
    for (const intake::v1::Role& role : *open) {
      if (role.state() != intake::v1::Role::OPEN) continue;
      absl::StatusOr<SearchQuery> query = search_.RoleQuery(role, deadline);
      if (query.ok()) {
        watched.push_back(
            {.name = role.name(), .min_score = AlertMinScore(role), .query = std::move(*query)});
      } else if (absl::IsInvalidArgument(query.status())) {
        // A role search cannot run (a skill since removed, say) has no matches either.
        log::Warning("role alerts: the role's criteria do not make a search",
                     {{"role", role.name()}, {"error", query.status().message()}});
      } else {
        failure = query.status();  // the reference data: the database
        break;
      }
    }
  }
  if (failure.ok()) {
    watched_ = std::move(watched);
    roles_read_ = now;
    return absl::OkStatus();
  }
  if (roles_read_ != absl::InfinitePast() && now - roles_read_ < kMaxRoleAge) {
    return absl::OkStatus();  // the list read a moment ago will do for now
  }
  return failure;
}

absl::Status RoleMatchWorker::MatchAndRecord(const std::vector<CandidateChange>& changes,
                                             int64_t through) {
  if (absl::Status roles = RefreshRoles(); !roles.ok()) return roles;
  std::set<std::string> ids;
  for (const CandidateChange& change : changes) ids.insert(change.candidate_id);
  std::vector<std::pair<std::string, std::vector<NewMatch>>> found;
  for (const std::string& id : ids) {
    std::vector<NewMatch> matches = MatchCandidate(index_, watched_, id);
    if (!matches.empty()) found.emplace_back(id, std::move(matches));
  }
  // Every match of the batch in one statement and their events in another: a storm of matches
  // is two round trips, not two per match.
  std::vector<NewRoleMatch> rows;
  for (const auto& [id, matches] : found) {
    for (const NewMatch& found_match : matches) {
      absl::StatusOr<std::vector<std::string>> role =
          ParseResourceName(found_match.role->name, {"clients", "roles"}, "role");
      if (!role.ok()) {  // intake names its roles so; nothing to record otherwise
        log::Warning("role alerts: a role name that is not clients/{client}/roles/{role}",
                     {{"role", found_match.role->name}});
        continue;
      }
      rows.push_back({.client_id = (*role)[0],
                      .role_id = (*role)[1],
                      .role_name = found_match.role->name,
                      .candidate_id = id,
                      .match = &found_match.match});
    }
  }
  absl::Status saved =
      pool_.InTransaction(absl::Now() + kStatementBudget, [&](pqxx::work& tx) -> absl::Status {
        if (!rows.empty()) {
          // Before the insert: an erasure is then either seen by the insert or sees its rows
          // (EraseCandidate takes the same lock); and this worker's rows commit in seq order.
          LockRoleMatchWrites(tx);
          std::vector<EventHeader> headers;
          std::vector<events::v1::Event> events;
          for (auto& [i, made] : InsertRoleMatches(tx, rows)) {
            headers.push_back({.type = "role_match.created",
                               .resource = made.name(),
                               .candidate_id = rows[i].candidate_id});
            *events.emplace_back().mutable_role_match() = AnnouncedMatch(made);
          }
          AppendEvents(tx, headers, Caller{}, std::move(events));
        }
        SaveRoleMatchProgress(tx, through);
        return absl::OkStatus();
      });
  if (!saved.ok()) return saved;
  position_ = through;
  const absl::Time now = absl::Now();
  for (const CandidateChange& change : changes) {
    if (change.change_time == absl::InfinitePast()) continue;
    Metrics().role_match_lag.Observe(
        std::max(0.0, absl::ToDoubleSeconds(now - change.change_time)));
  }
  return absl::OkStatus();
}

bool RoleMatchWorker::Step() {
  std::deque<IndexFollower::Applied> batches;
  {
    std::lock_guard lock(mutex_);
    batches.swap(queue_);
  }
  if (!position_known_) {
    absl::StatusOr<int64_t> saved = pool_.InTransaction<int64_t>(
        absl::Now() + kStatementBudget,
        [](pqxx::work& tx) -> absl::StatusOr<int64_t> { return RoleMatchProgress(tx); });
    if (!saved.ok()) {
      log::Warning("role alerts: cannot read where matching got to; retrying",
                   {{"error", saved.status().message()}});
      return false;
    }
    position_ = *saved;
    position_known_ = true;
  }
  // What the index shows (every batch taken above is at or below it).
  const int64_t target = follower_.position();
  while (position_.load() < target) {
    const int64_t from = position_.load();
    while (!batches.empty() && batches.front().through <= from) batches.pop_front();
    absl::Status status;
    if (!batches.empty() && batches.front().after == from) {
      // The follower's batches start where matching stopped: no need to read the feed. Those
      // that follow on from each other go in one transaction.
      std::vector<CandidateChange> changes = std::move(batches.front().changes);
      int64_t through = batches.front().through;
      batches.pop_front();
      while (!batches.empty() && batches.front().after == through &&
             static_cast<int>(changes.size()) < options_.catch_up_batch) {
        std::move(batches.front().changes.begin(), batches.front().changes.end(),
                  std::back_inserter(changes));
        through = batches.front().through;
        batches.pop_front();
      }
      status = MatchAndRecord(changes, through);
    } else {
      // A gap (a dropped batch, a start, a failure before): read the feed from the position.
      std::vector<CandidateChange> changes;
      int64_t through = target;
      absl::Status read =
          pool_.InTransaction(absl::Now() + kStatementBudget, [&](pqxx::work& tx) -> absl::Status {
            // Up to the target: the index has applied it, so it is below the horizon.
            changes = ReadCandidateChanges(tx, from, target, options_.catch_up_batch);
            return absl::OkStatus();
          });
      if (read.ok()) {
        // A full read may stop short of the target: then it goes up to its last change.
        const bool full = static_cast<int>(changes.size()) == options_.catch_up_batch;
        if (full && changes.back().seq <= target) through = changes.back().seq;
        while (!changes.empty() && changes.back().seq > target) changes.pop_back();
        status = MatchAndRecord(changes, through);
      } else {
        status = read;
      }
    }
    if (!status.ok()) {
      if (!failing_) {  // once per outage: it is retried every retry_interval
        log::Warning("role alerts: matching failed; retrying from where it got to",
                     {{"position", from}, {"error", status.message()}});
      }
      failing_ = true;
      Metrics().role_match_backlog.Set(static_cast<double>(target - position_.load()));
      return false;
    }
  }
  if (failing_) log::Info("role alerts: matching works again", {{"position", position_.load()}});
  failing_ = false;
  Metrics().role_match_backlog.Set(
      static_cast<double>(std::max<int64_t>(0, follower_.position() - position_.load())));
  return true;
}

}  // namespace meridian::talent
