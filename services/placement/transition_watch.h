// Runs PlacementService::ReportTransitions every `interval` on a thread of its own, so that a
// placement turning AT_RISK (or back), and a check-in turning overdue, reach the event feed
// within about that long, although nothing writes to the database when they happen.
//
//   TransitionWatch watch(placements, {.interval = absl::Minutes(1)});
//   watch.Start();   // stopped by the destructor
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/time/time.h"
#include "services/placement/placement_service.h"

namespace meridian::placement {

class TransitionWatch final {
 public:
  struct Options {
    absl::Duration interval = absl::Minutes(1);
  };

  TransitionWatch(PlacementService& placements, Options options)
      : placements_(placements), options_(options) {}
  ~TransitionWatch();
  TransitionWatch(const TransitionWatch&) = delete;
  TransitionWatch& operator=(const TransitionWatch&) = delete;

  void Start();

 private:
  void Run();

  PlacementService& placements_;
  const Options options_;
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace meridian::placement
