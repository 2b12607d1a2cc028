#include "bench/load/phases.h"

#include <fstream>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "bench/latency.h"
#include "bench/load/stats.h"

namespace meridian::bench::load {

PhaseStats::PhaseStats(std::string phase_file) : phase_file_(std::move(phase_file)) {
  {
    absl::MutexLock lock(&mutex_);
    phases_.push_back({.name = "run", .start_unix_ms = absl::ToUnixMillis(absl::Now())});
  }
  if (phase_file_.empty()) return;
  ReadFile();
  thread_ = std::thread([this] { Follow(); });
}

PhaseStats::~PhaseStats() { Stop(); }

void PhaseStats::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

void PhaseStats::Follow() {
  while (!stop_.WaitForNotificationWithTimeout(absl::Milliseconds(50))) ReadFile();
}

void PhaseStats::ReadFile() {
  std::ifstream in(phase_file_);
  std::string line;
  if (!in || !std::getline(in, line)) return;
  line = std::string(absl::StripAsciiWhitespace(line));
  std::vector<std::string> parts = absl::StrSplit(line, ' ', absl::SkipEmpty());
  int64_t start = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[1], &start)) return;
  absl::MutexLock lock(&mutex_);
  if (line == last_line_) return;
  last_line_ = line;
  // The first phase the file names replaces "run" if nothing was recorded in it yet.
  Phase& current = phases_.back();
  if (phases_.size() == 1 && current.ok_micros.empty() && current.failed_micros.empty()) {
    phases_.clear();
  }
  phases_.push_back({.name = parts[0], .start_unix_ms = start});
  if (parts[0] == "end") ended_ = true;
}

PhaseStats::Phase& PhaseStats::Current() { return phases_.back(); }

void PhaseStats::Record(bool write, const grpc::Status& status, int64_t micros) {
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  absl::MutexLock lock(&mutex_);
  Phase& phase = Current();
  if (!status.ok()) {
    ++phase.errors[CodeName(status.error_code())];
    phase.failed_micros.push_back(micros);
    return;
  }
  phase.ok_micros.push_back(micros);
  if (write) {
    ++phase.ok_writes;
    if (phase.first_ok_write_unix_ms == 0) phase.first_ok_write_unix_ms = now_ms;
  }
}

void PhaseStats::RecordUnknown() {
  absl::MutexLock lock(&mutex_);
  ++Current().unknown_writes;
}

nlohmann::json PhaseStats::ToJson() const {
  absl::MutexLock lock(&mutex_);
  nlohmann::json out = nlohmann::json::array();
  for (const Phase& phase : phases_) {
    const Summary failed = Summarize(phase.failed_micros, 1);
    const Summary ok = Summarize(phase.ok_micros, 1);
    out.push_back({
        {"phase", phase.name},
        {"start_unix_ms", phase.start_unix_ms},
        {"calls", failed.count + ok.count},
        {"ok", ok.count},
        {"errors", phase.errors},
        {"failed_p50_us", failed.p50_us},
        {"failed_p99_us", failed.p99_us},
        {"failed_max_us", failed.max_us},
        {"ok_p50_us", ok.p50_us},
        {"ok_p99_us", ok.p99_us},
        {"ok_writes", phase.ok_writes},
        {"first_ok_write_unix_ms", phase.first_ok_write_unix_ms},
        {"first_ok_write_after_ms", phase.first_ok_write_unix_ms == 0
                                        ? -1
                                        : phase.first_ok_write_unix_ms - phase.start_unix_ms},
        {"unknown_writes", phase.unknown_writes},
    });
  }
  return out;
}

}  // namespace meridian::bench::load
