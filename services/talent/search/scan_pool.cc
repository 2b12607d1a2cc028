#include "services/talent/search/scan_pool.h"

#include <algorithm>
#include <utility>

namespace meridian::talent {

ScanPool::ScanPool(size_t workers) {
  threads_.reserve(workers);
  for (size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { Work(); });
}

ScanPool::~ScanPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

ScanPool& ScanPool::Shared() {
  // Never destroyed: searches may still run while the process exits.
  static ScanPool* pool =
      new ScanPool(std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 16) - 1);
  return *pool;
}

void ScanPool::Run(size_t parts, const std::function<void(size_t)>& part) {
  std::unique_lock lock(mutex_);
  if (job_ != nullptr || threads_.empty() || parts < 2) {
    // Busy with another search (or nothing to share): this search runs its parts itself.
    lock.unlock();
    for (size_t p = 0; p < parts; ++p) part(p);
    return;
  }
  job_ = &part;
  parts_ = parts;
  next_ = 0;
  finished_ = 0;
  error_ = nullptr;
  wake_.notify_all();
  while (next_ < parts_) RunPart(next_++, part, lock);
  done_.wait(lock, [&] { return finished_ == parts_; });
  job_ = nullptr;
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void ScanPool::RunPart(size_t p, const std::function<void(size_t)>& part,
                       std::unique_lock<std::mutex>& lock) {
  lock.unlock();
  std::exception_ptr error;
  try {
    part(p);
  } catch (...) {
    error = std::current_exception();
  }
  lock.lock();
  if (error) {
    if (!error_) error_ = error;
    // Nobody starts the parts left: count them as finished.
    finished_ += parts_ - next_;
    next_ = parts_;
  }
  if (++finished_ == parts_) done_.notify_all();
}

void ScanPool::Work() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || (job_ != nullptr && next_ < parts_); });
    if (stopping_) return;
    RunPart(next_++, *job_, lock);
  }
}

}  // namespace meridian::talent
