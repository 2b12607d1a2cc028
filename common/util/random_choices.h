// Seeded random choices that come out the same on every standard library (the standard
// distributions do not), over any generator of 64-bit numbers, so that the demo data
// (tools/demo_data) and the benchmark's pool (bench/pool.cc) follow from their seed alone.
//
//   RandomChoices<SplitMix64Engine> rng(SplitMix64Engine(SplitMix64(seed)));
//   const Region& region = rng.Weighted(Regions());  // by each item's `weight` member
//   if (rng.Chance(0.9)) ...
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace meridian {

// splitmix64's finaliser: one-to-one on 64-bit values, for mixing seeds and indexes.
constexpr uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// splitmix64 as a generator: cheap to seed, one stream per (seed, index).
class SplitMix64Engine final {
 public:
  explicit SplitMix64Engine(uint64_t state) : state_(state) {}
  uint64_t operator()() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return SplitMix64(state_);
  }

 private:
  uint64_t state_;
};

template <typename Engine>
class RandomChoices final {
 public:
  explicit RandomChoices(Engine engine) : engine_(std::move(engine)) {}

  uint64_t Next() { return engine_(); }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in [lo, hi].
  int Uniform(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(double probability) { return Unit() < probability; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Uniform(0, static_cast<int>(items.size()) - 1))];
  }
  // An item chosen with probability proportional to its `weight` member.
  template <typename T>
  const T& Weighted(const std::vector<T>& items) {
    int total = 0;
    for (const T& item : items) total += item.weight;
    int ticket = Uniform(0, total - 1);
    for (const T& item : items) {
      if (ticket < item.weight) return item;
      ticket -= item.weight;
    }
    return items.back();
  }
  // An index drawn from a cumulative distribution (last entry 1).
  int FromCdf(const std::vector<double>& cdf) {
    const double u = Unit();
    return static_cast<int>(std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin()) %
           static_cast<int>(cdf.size());
  }

 private:
  Engine engine_;
};

}  // namespace meridian
