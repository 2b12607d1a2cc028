// Latency samples of one phase and their summary: percentiles by nearest rank, throughput
// over the phase's measured time.
//
//   Samples samples;                        // one per client thread, merged afterwards
//   samples.Add(/*query_class=*/0, micros);
//   Summary all = Summarize(samples.all(), seconds);
#pragma once

#include <cstdint>
#include <vector>

#include "nlohmann/json.hpp"

namespace meridian::bench {

class Samples final {
 public:
  static constexpr int kMaxClasses = 4;

  void Add(int query_class, int64_t micros) {
    all_.push_back(micros);
    by_class_[query_class].push_back(micros);
  }
  void AddError() { ++errors_; }
  void Merge(const Samples& other);

  const std::vector<int64_t>& all() const { return all_; }
  const std::vector<int64_t>& of_class(int query_class) const { return by_class_[query_class]; }
  int64_t errors() const { return errors_; }

 private:
  std::vector<int64_t> all_;
  std::vector<int64_t> by_class_[kMaxClasses];
  int64_t errors_ = 0;
};

struct Summary {
  int64_t count = 0;
  double qps = 0;
  double mean_us = 0;
  int64_t p50_us = 0;
  int64_t p90_us = 0;
  int64_t p99_us = 0;
  int64_t max_us = 0;

  nlohmann::json ToJson() const;
};

// `samples` is taken by value: it is sorted.
Summary Summarize(std::vector<int64_t> samples, double seconds);

}  // namespace meridian::bench
