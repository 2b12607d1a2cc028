// Waiting in tests for something that happens on another thread or in another process (an
// index catching up, a session blocking on a lock, health turning SERVING), instead of a
// hand-written sleep-and-poll loop in each test.
//
//   ASSERT_TRUE(WaitUntil([&] { return follower.position() >= latest; }, absl::Seconds(10)));
//   // A condition with a side effect, asked every 100 ms:
//   WaitUntil([&] { return worker.RunDueTasks() == 0; }, absl::Seconds(20),
//   absl::Milliseconds(100));
#pragma once

#include <functional>

#include "absl/time/time.h"

namespace meridian::testing {

// Calls `condition` until it returns true, `interval` apart, for up to `timeout`; true when it
// did. It is asked at least once, and once more when the timeout is reached, so a slow
// machine fails only when the condition is still false at the end.
bool WaitUntil(const std::function<bool()>& condition, absl::Duration timeout,
               absl::Duration interval = absl::Milliseconds(20));

}  // namespace meridian::testing
