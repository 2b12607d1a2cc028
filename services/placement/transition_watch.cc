#include "services/placement/transition_watch.h"

#include "absl/time/clock.h"
#include "common/logging/log.h"

namespace meridian::placement {

TransitionWatch::~TransitionWatch() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TransitionWatch::Start() {
  thread_ = std::thread([this] { Run(); });
}

void TransitionWatch::Run() {
  while (true) {
    absl::StatusOr<int> reported = placements_.ReportTransitions(absl::Now() + absl::Seconds(30));
    if (!reported.ok()) {
      log::Warning("placement transitions not reported; next pass retries",
                   {{"error", std::string(reported.status().message())}});
    }
    std::unique_lock lock(mutex_);
    if (stop_.wait_for(lock, absl::ToChronoMilliseconds(options_.interval),
                       [&] { return stopping_; })) {
      return;
    }
  }
}

}  // namespace meridian::placement
