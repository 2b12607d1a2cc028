// A clock for the services under test (the `clock` of a wiring's options): the real time until
// a test sets one, then that time, standing still until the next Set.
//
//   TestClock clock;
//   ServiceBundle bundle = MakePlacementServices(pool, {.clock = clock.AsFunction()});
//   clock.Set(absl::FromCivil(absl::CivilSecond(2027, 3, 16, 12, 0, 0), absl::UTCTimeZone()));
#pragma once

#include <functional>
#include <mutex>
#include <optional>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace meridian::testing {

class TestClock final {
 public:
  void Set(absl::Time now) {
    std::lock_guard lock(mutex_);
    fixed_ = now;
  }

  absl::Time Now() const {
    std::lock_guard lock(mutex_);
    return fixed_.value_or(absl::Now());
  }

  // Reads this clock, which must outlive every copy of the function.
  std::function<absl::Time()> AsFunction() const {
    return [this] { return Now(); };
  }

 private:
  mutable std::mutex mutex_;
  std::optional<absl::Time> fixed_;
};

}  // namespace meridian::testing
