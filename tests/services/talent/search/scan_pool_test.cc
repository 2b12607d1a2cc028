// ScanPool: every part of a scan runs exactly once and Run returns only when all have, whether
// workers are free, busy with another search, or absent; a part that throws fails only its Run.
#include "services/talent/search/scan_pool.h"

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian::talent {
namespace {

using ::testing::Each;

TEST(ScanPoolTest, RunsEveryPartExactlyOnceBeforeReturning) {
  ScanPool pool(/*workers=*/3);
  for (size_t parts : {1u, 2u, 4u, 7u, 64u}) {
    std::vector<std::atomic<int>> runs(parts);
    pool.Run(parts, [&](size_t p) { runs[p].fetch_add(1); });
    for (size_t p = 0; p < parts; ++p)
      EXPECT_EQ(runs[p].load(), 1) << parts << " parts, part " << p;
  }
}

TEST(ScanPoolTest, WithoutWorkersTheCallerRunsEveryPart) {
  ScanPool pool(/*workers=*/0);
  std::vector<std::thread::id> ran_on(5);
  pool.Run(ran_on.size(), [&](size_t p) { ran_on[p] = std::this_thread::get_id(); });
  EXPECT_THAT(ran_on, Each(std::this_thread::get_id()));
}

TEST(ScanPoolTest, WorkersTakeSomePartsWhenFree) {
  ScanPool pool(/*workers=*/1);
  const std::thread::id caller = std::this_thread::get_id();
  // Parts that wait for each other can only finish if two threads run them at once.
  std::atomic<int> started{0};
  std::vector<std::thread::id> ran_on(2);
  pool.Run(2, [&](size_t p) {
    ran_on[p] = std::this_thread::get_id();
    started.fetch_add(1);
    while (started.load() < 2) std::this_thread::yield();
  });
  EXPECT_NE(ran_on[0], ran_on[1]);
  EXPECT_TRUE(ran_on[0] == caller || ran_on[1] == caller);
}

TEST(ScanPoolTest, APartThatThrowsFailsTheRunAndLeavesThePoolUsable) {
  ScanPool pool(/*workers=*/2);
  for (size_t throwing_part : {0u, 3u, 7u}) {
    EXPECT_THROW(pool.Run(8,
                          [&](size_t p) {
                            if (p == throwing_part) throw std::runtime_error("out of memory");
                          }),
                 std::runtime_error);
  }
  // The next search still gets all its parts run, workers included.
  std::atomic<int> started{0};
  std::vector<std::thread::id> ran_on(2);
  pool.Run(2, [&](size_t p) {
    ran_on[p] = std::this_thread::get_id();
    started.fetch_add(1);
    while (started.load() < 2) std::this_thread::yield();
  });
  EXPECT_NE(ran_on[0], ran_on[1]);
}

TEST(ScanPoolTest, ConcurrentCallersEachGetAllTheirPartsRun) {
  ScanPool pool(/*workers=*/2);
  constexpr int kCallers = 6;
  constexpr int kRounds = 200;
  constexpr size_t kParts = 5;
  std::atomic<int> wrong{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&] {
      for (int round = 0; round < kRounds; ++round) {
        std::vector<int> runs(kParts, 0);  // written by whichever thread runs the part
        pool.Run(kParts, [&](size_t p) { ++runs[p]; });
        for (int count : runs) wrong += count != 1;
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace meridian::talent
