#include "services/talent/index_follower.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/ordered_reads.h"
#include "common/logging/log.h"
#include "common/metrics/metrics.h"
#include "services/talent/search_proto/candidate_input.h"
#include "services/talent/talent_store.h"

namespace meridian::talent {
namespace {

constexpr absl::Duration kStatementBudget = absl::Seconds(60);

}  // namespace

IndexFollower::IndexFollower(db::ConnectionPool& pool, SearchIndex& index, Options options)
    : pool_(pool), index_(index), options_(options) {}

IndexFollower::~IndexFollower() { Stop(); }

void IndexFollower::SetListener(Listener listener) {
  std::lock_guard lock(listener_mutex_);
  listener_ = std::move(listener);
}

void IndexFollower::Tell(Applied applied) {
  std::lock_guard lock(listener_mutex_);
  if (listener_) listener_(std::move(applied));
}

void IndexFollower::Start() {
  thread_ = std::thread([this] { Run(); });
}

void IndexFollower::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool IndexFollower::SleepFor(absl::Duration duration) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, absl::ToChronoNanoseconds(duration), [this] { return stopping_; });
  return !stopping_;
}

void IndexFollower::Run() {
  // Load until it works (the database may not be up yet), then follow.
  while (!loaded_) {
    const absl::Time start = absl::Now();
    if (absl::Status status = Load(); status.ok()) {
      loaded_ = true;
      Metrics().search_index_load_seconds.Set(absl::ToDoubleSeconds(absl::Now() - start));
      PublishSize();
      log::Info("search index loaded",
                {{"candidates", index_.size()},
                 {"seconds", absl::ToDoubleSeconds(absl::Now() - start)},
                 {"bytes_per_candidate",
                  index_.size() == 0 ? 0 : index_.ApproximateBytes() / index_.size()}});
      Tell({.after = position_.load(), .through = position_.load(), .changes = {}});
    } else {
      log::Warning("search index load failed; retrying", {{"error", status.message()}});
      if (!SleepFor(absl::Seconds(1))) return;
    }
  }
  while (SleepFor(options_.poll_interval)) {
    if (absl::Status status = FollowOnce(); !status.ok()) {
      log::Warning("following candidate changes failed; retrying", {{"error", status.message()}});
    }
  }
}

void IndexFollower::PublishSize() {
  Metrics().search_index_candidates.Set(static_cast<double>(index_.size()));
  Metrics().search_index_bytes.Set(static_cast<double>(index_.ApproximateBytes()));
}

absl::Status IndexFollower::Load() {
  // The feed position first, then the rows: the position is the readable horizon, so every
  // change at or below it has committed before the rows are read (they reflect it), and every
  // later one is in the feed behind it and applied afterwards; applying a change the rows
  // already reflect is harmless.
  absl::StatusOr<int64_t> position = pool_.InTransaction<int64_t>(
      absl::Now() + absl::Seconds(30), [](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        std::optional<int64_t> readable =
            db::ReadableThrough(tx, "talent.candidate_changes", "seq", absl::Seconds(20));
        if (!readable) {
          return absl::UnavailableError(
              "a transaction has been running for 20 s; the index loads once it ends");
        }
        return *readable;
      });
  if (!position.ok()) return position.status();
  absl::StatusOr<std::pair<int64_t, int64_t>> range =
      pool_.InTransaction<std::pair<int64_t, int64_t>>(
          absl::Now() + kStatementBudget,
          [](pqxx::work& tx) -> absl::StatusOr<std::pair<int64_t, int64_t>> {
            return CandidateSeqRange(tx);
          });
  if (!range.ok()) return range.status();
  // A candidate not yet committed when `position` was read is past it in the feed (and may be
  // past the range too): the feed adds it.
  SearchIndex::Builder builder;
  std::mutex builder_mutex;
  std::atomic<int64_t> next_range{range->first};
  std::atomic<bool> failed{false};
  const int readers = std::max(1, options_.load_readers);
  std::vector<absl::Status> statuses(readers);
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < readers; ++i) {
      threads.emplace_back([&, i] {
        statuses[i] = LoadRanges(next_range, range->second, builder, builder_mutex, failed);
      });
    }
  }
  for (const absl::Status& status : statuses) {
    if (!status.ok()) return status;
  }
  // Built in bulk and published at once.
  index_.Load(std::move(builder));
  position_ = *position;
  return absl::OkStatus();
}

absl::Status IndexFollower::LoadRanges(std::atomic<int64_t>& next_range, int64_t last,
                                       SearchIndex::Builder& builder, std::mutex& builder_mutex,
                                       std::atomic<bool>& failed) {
  const int64_t width = std::max<int64_t>(1, options_.load_range);
  // One page of candidates; its messages serve every page.
  std::vector<v1::Candidate> page;
  CandidateInput input;  // views into one candidate of the page at a time
  while (!failed) {
    const int64_t first = next_range.fetch_add(width);
    if (first > last) return absl::OkStatus();
    int64_t after = first - 1;
    const int64_t through = first + width - 1;
    while (true) {
      int64_t last_read = after;
      absl::StatusOr<int> loaded = pool_.InTransaction<int>(
          absl::Now() + kStatementBudget, [&](pqxx::work& tx) -> absl::StatusOr<int> {
            return ReadSearchableCandidates(tx, after, through, options_.load_batch, last_read,
                                            page);
          });
      if (!loaded.ok()) {
        failed = true;
        return loaded.status();
      }
      {
        std::lock_guard lock(builder_mutex);
        for (int i = 0; i < *loaded; ++i) {
          FillInput(page[i], input);
          builder.Add(input);
        }
      }
      after = last_read;
      if (*loaded < options_.load_batch) break;
    }
  }
  return absl::OkStatus();
}

absl::Status IndexFollower::FollowOnce() {
  Applied applied;
  absl::Status status = pool_.InTransaction(absl::Now() + absl::Seconds(10), [&](pqxx::work& tx) {
    // Nothing new while transactions in flight hold the horizon back (the next poll retries).
    const int64_t through = ReadableCandidateChange(tx).value_or(position_.load());
    std::vector<CandidateChange> changes =
        ReadCandidateChanges(tx, position_.load(), through, options_.batch_size);
    applied = {.after = position_.load(), .through = position_.load(), .changes = {}};
    std::set<std::string> ids;
    for (const CandidateChange& change : changes) ids.insert(change.candidate_id);
    std::vector<v1::Candidate> upserts;
    std::vector<std::string> removed;
    for (const std::string& id : ids) {
      std::optional<StoredCandidate> stored = FindCandidate(tx, id, false);
      if (!stored || stored->erased) {
        removed.push_back(id);
      } else {
        upserts.push_back(std::move(stored->candidate));
      }
    }
    // One published version per batch: searches see all of it or none of it.
    if (!upserts.empty() || !removed.empty()) {
      index_.Apply(InputsOf(upserts), removed);
      PublishSize();
    }
    if (!changes.empty()) position_ = changes.back().seq;
    applied.through = position_.load();
    applied.changes = std::move(changes);
    Metrics().search_index_lag.Set(
        static_cast<double>(std::max<int64_t>(0, LatestCandidateChange(tx) - position_.load())));
    return absl::OkStatus();
  });
  // Once the transaction is over (a retry of it would read the same changes again).
  if (status.ok() && !applied.changes.empty()) Tell(std::move(applied));
  return status;
}

}  // namespace meridian::talent
