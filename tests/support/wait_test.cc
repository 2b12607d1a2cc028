// Tests for tests/support/wait.h: WaitUntil stops asking once the condition holds, and gives
// up (false) when it never does, after asking once more at the end.
#include "tests/support/wait.h"

#include "gtest/gtest.h"

namespace meridian::testing {
namespace {

TEST(WaitUntil, ReturnsTrueAtTheFirstCallThatHolds) {
  int calls = 0;
  EXPECT_TRUE(WaitUntil([&] { return ++calls == 3; }, absl::Seconds(30), absl::Milliseconds(1)));
  EXPECT_EQ(calls, 3);
}

TEST(WaitUntil, ReturnsFalseWhenTheConditionNeverHoldsHavingAskedAgainAtTheEnd) {
  int calls = 0;
  EXPECT_FALSE(WaitUntil(
      [&] {
        ++calls;
        return false;
      },
      absl::Milliseconds(30), absl::Seconds(10)));
  // Once at the start, once when the timeout is reached (not after a 10 s interval).
  EXPECT_EQ(calls, 2);
}

TEST(WaitUntil, AsksOnceEvenWithoutTime) {
  int calls = 0;
  EXPECT_TRUE(WaitUntil([&] { return ++calls == 1; }, absl::ZeroDuration()));
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(WaitUntil([] { return false; }, absl::ZeroDuration()));
}

}  // namespace
}  // namespace meridian::testing
