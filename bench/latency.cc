#include "bench/latency.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace meridian::bench {

void Samples::Merge(const Samples& other) {
  all_.insert(all_.end(), other.all_.begin(), other.all_.end());
  for (int c = 0; c < kMaxClasses; ++c) {
    by_class_[c].insert(by_class_[c].end(), other.by_class_[c].begin(), other.by_class_[c].end());
  }
  errors_ += other.errors_;
}

Summary Summarize(std::vector<int64_t> samples, double seconds) {
  Summary summary;
  summary.count = static_cast<int64_t>(samples.size());
  if (samples.empty()) return summary;
  std::sort(samples.begin(), samples.end());
  const auto rank = [&samples](double fraction) {
    // Nearest rank: the smallest sample with at least `fraction` of the samples at or below.
    const auto n = static_cast<double>(samples.size());
    const auto index = static_cast<size_t>(std::max(0.0, std::ceil(fraction * n) - 1));
    return samples[std::min(index, samples.size() - 1)];
  };
  summary.p50_us = rank(0.50);
  summary.p90_us = rank(0.90);
  summary.p99_us = rank(0.99);
  summary.max_us = samples.back();
  summary.mean_us =
      static_cast<double>(std::accumulate(samples.begin(), samples.end(), int64_t{0})) /
      static_cast<double>(samples.size());
  summary.qps = seconds > 0 ? static_cast<double>(samples.size()) / seconds : 0;
  return summary;
}

nlohmann::json Summary::ToJson() const {
  return {{"count", count},
          {"qps", std::round(qps * 10) / 10},
          {"p50_us", p50_us},
          {"p90_us", p90_us},
          {"p99_us", p99_us},
          {"max_us", max_us},
          {"mean_us", std::round(mean_us)}};
}

}  // namespace meridian::bench
