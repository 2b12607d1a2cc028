#include "tests/support/wait.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace meridian::testing {

bool WaitUntil(const std::function<bool()>& condition, absl::Duration timeout,
               absl::Duration interval) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!condition()) {
    const absl::Time now = absl::Now();
    if (now >= deadline) return false;
    absl::SleepFor(std::min(interval, deadline - now));
  }
  return true;
}

}  // namespace meridian::testing
