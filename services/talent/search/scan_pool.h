// Worker threads that let one search scan a long posting list on several cores at once.
//
// A search splits its scan into parts and hands them to Run(), which runs them on the calling
// thread and on whichever workers are free, and returns when all are done. The pool serves one
// search at a time: a search that finds it busy runs its parts itself, so that under load
// (every core already busy with searches) nothing waits for a worker and nothing is queued.
//
//   ScanPool& pool = ScanPool::Shared();
//   std::vector<size_t> counts(4);
//   pool.Run(counts.size(), [&](size_t part) { counts[part] = CountPart(part); });
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace meridian::talent {

class ScanPool final {
 public:
  explicit ScanPool(size_t workers);
  ~ScanPool();
  ScanPool(const ScanPool&) = delete;
  ScanPool& operator=(const ScanPool&) = delete;

  // The process's pool: a worker for each core but the caller's.
  static ScanPool& Shared();

  size_t workers() const { return threads_.size(); }

  // Calls part(0) ... part(parts - 1), each exactly once, some on the calling thread and some
  // on workers, and returns when all have returned. When a part throws, the parts not yet
  // started are skipped and the first exception is rethrown here, after every part already
  // running has returned.
  void Run(size_t parts, const std::function<void(size_t)>& part);

 private:
  void Work();
  // Runs part `p` of the current job, recording its exception if it throws; called with
  // `lock` held, which it releases while the part runs.
  void RunPart(size_t p, const std::function<void(size_t)>& part,
               std::unique_lock<std::mutex>& lock);

  std::mutex mutex_;
  std::condition_variable wake_;                      // a job was posted, or the pool stops
  std::condition_variable done_;                      // the job's last part finished
  const std::function<void(size_t)>* job_ = nullptr;  // set while a Run is in progress
  size_t parts_ = 0;
  size_t next_ = 0;           // the next part nobody has taken
  size_t finished_ = 0;       // parts that returned (or threw, or were skipped after a throw)
  std::exception_ptr error_;  // the job's first exception
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace meridian::talent
