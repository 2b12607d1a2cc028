#include "services/talent/index_follower.h"

#include <malloc.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/ordered_reads.h"
#include "common/logging/log.h"
#include "common/metrics/metrics.h"
#include "services/talent/index_load/searchable_page.h"
#include "services/talent/search_proto/candidate_input.h"
#include "services/talent/talent_store.h"

namespace meridian::talent {
namespace {

constexpr absl::Duration kStatementBudget = absl::Seconds(60);

}  // namespace

// Pages of candidates on their way from the load's readers to the one thread that builds the
// index (the builder is not thread-safe, and its memory then comes from one thread's malloc
// arena). Pages are reused, at most kMaxReady wait, and all are freed before the index is
// built and the memory trimmed.
class PageHandoff final {
 public:
  using Page = SearchablePage;

  explicit PageHandoff(int readers) : readers_left_(readers) {}

  // A page to read into: a used one when there is one.
  std::unique_ptr<Page> Empty() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) return std::make_unique<Page>();
    std::unique_ptr<Page> page = std::move(free_.back());
    free_.pop_back();
    return page;
  }
  // Hands a read page to the builder; waits while kMaxReady are waiting already.
  void Ready(std::unique_ptr<Page> page) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return ready_.size() < kMaxReady; });
    ready_.push_back(std::move(page));
    filled_.notify_one();
  }
  // A reader has stopped, done or failed.
  void ReaderDone() {
    std::lock_guard lock(mutex_);
    --readers_left_;
    filled_.notify_one();
  }
  // The next read page; nullptr once every reader has stopped and every page is taken.
  std::unique_ptr<Page> Next() {
    std::unique_lock lock(mutex_);
    filled_.wait(lock, [&] { return !ready_.empty() || readers_left_ == 0; });
    if (ready_.empty()) return nullptr;
    std::unique_ptr<Page> page = std::move(ready_.front());
    ready_.pop_front();
    space_.notify_one();
    return page;
  }
  void Recycle(std::unique_ptr<Page> page) {
    page->Release();  // its rows are used: no need to hold them while the page waits
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(page));
  }

 private:
  static constexpr size_t kMaxReady = 2;
  std::mutex mutex_;
  std::condition_variable filled_;
  std::condition_variable space_;
  std::deque<std::unique_ptr<Page>> ready_;
  std::vector<std::unique_ptr<Page>> free_;
  int readers_left_;
};

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
  struct Start {
    int64_t position = 0;
    std::pair<int64_t, int64_t> range;  // the lowest and highest seq of the table
  };
  absl::StatusOr<Start> start = pool_.InTransaction<Start>(
      absl::Now() + absl::Seconds(30), [](pqxx::work& tx) -> absl::StatusOr<Start> {
        std::optional<int64_t> readable =
            db::ReadableThrough(tx, "talent.candidate_changes", "seq", absl::Seconds(20));
        if (!readable) {
          return absl::UnavailableError(
              "a transaction has been running for 20 s; the index loads once it ends");
        }
        // Read after the position (each statement sees what has committed by then): a
        // candidate not yet committed when the position was read is past it in the feed, and
        // the feed adds it, whether or not it is inside the range.
        return Start{.position = *readable, .range = CandidateSeqRange(tx)};
      });
  if (!start.ok()) return start.status();
  std::atomic<int64_t> next_range{start->range.first};
  std::atomic<bool> failed{false};
  const int readers = std::max(1, options_.load_readers);
  std::vector<absl::Status> statuses(readers);
  SearchIndex::Builder builder;
  {
    // Gone before the index is built: the pages' memory is free by then.
    PageHandoff pages(readers);
    std::vector<std::jthread> threads;  // joined before the pages go
    for (int i = 0; i < readers; ++i) {
      threads.emplace_back([&, i] {
        statuses[i] = LoadRanges(next_range, start->range.second, pages, failed);
        pages.ReaderDone();
      });
    }
    while (std::unique_ptr<PageHandoff::Page> page = pages.Next()) {
      for (const CandidateInput& input : page->inputs()) {
        if (failed) break;
        builder.Add(input);
      }
      pages.Recycle(std::move(page));
    }
  }
  for (const absl::Status& status : statuses) {
    if (!status.ok()) return status;
  }
  // Built in bulk and published at once.
  index_.Load(std::move(builder));
  // The pages, the builder's scratch and the readers' malloc arenas are free now: give that
  // memory back to the system rather than keep it as the process's.
  malloc_trim(0);
  position_ = start->position;
  return absl::OkStatus();
}

absl::Status IndexFollower::LoadRanges(std::atomic<int64_t>& next_range, int64_t last,
                                       PageHandoff& pages, std::atomic<bool>& failed) {
  const int64_t width = std::max<int64_t>(1, options_.load_range);
  while (!failed) {
    const int64_t first = next_range.fetch_add(width);
    if (first > last) return absl::OkStatus();
    int64_t after = first - 1;
    const int64_t through = first + width - 1;
    while (!failed) {
      std::unique_ptr<PageHandoff::Page> page = pages.Empty();
      int64_t last_read = after;
      absl::StatusOr<int> loaded = pool_.InTransaction<int>(
          absl::Now() + kStatementBudget, [&](pqxx::work& tx) -> absl::StatusOr<int> {
            return page->Read(tx, after, through, options_.load_batch, last_read);
          });
      if (!loaded.ok()) {
        failed = true;
        return loaded.status();
      }
      pages.Ready(std::move(page));
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
