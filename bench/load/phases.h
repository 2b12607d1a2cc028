// Per-phase figures of a load run under faults (bench/README.md, "Faults"): a driver script
// writes the name of what it is doing now ("db-down", "kill-talent", ...) and when it began to
// a phase file; the tool reads it every 50 ms and files every call under the phase it ended
// in. Per phase: calls by outcome, how fast the failed calls failed (the "fail fast, not after
// a hang" figure), and when the first write after the phase began was acknowledged.
//
//   PhaseStats phases("/tmp/faults/phase");   // "" = one phase, "run"
//   phases.Record(/*write=*/true, status, /*micros=*/1800);
//   phases.RecordUnknown();                    // a write given up on, outcome unknown
//   phases.Stop();
//   nlohmann::json figures = phases.ToJson();  // [{"phase": "db-down", ...}, ...]
//
// The file holds one line, "NAME UNIX_MILLIS"; an unreadable or empty file keeps the phase.
// The phase "end" ends the run early: no new operation starts (ended() turns true).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "grpcpp/support/status.h"
#include "nlohmann/json.hpp"

namespace meridian::bench::load {

class PhaseStats final {
 public:
  // Follows `phase_file` (if not empty) in a thread of its own until Stop().
  explicit PhaseStats(std::string phase_file);
  ~PhaseStats();
  PhaseStats(const PhaseStats&) = delete;
  PhaseStats& operator=(const PhaseStats&) = delete;

  // One attempt of a call ended: `micros` is how long the attempt took (from when it was sent).
  void Record(bool write, const grpc::Status& status, int64_t micros);
  // A write the tool gave up on without an answer (its outcome is unknown).
  void RecordUnknown();
  void Stop();
  // True once the phase file said "end".
  bool ended() const { return ended_.load(); }

  // In the order the phases began: {phase, start_unix_ms, calls, ok, errors: {CODE: n},
  // failed_p50_us, failed_p99_us, failed_max_us, ok_p50_us, ok_p99_us, ok_writes,
  // first_ok_write_unix_ms (0: none), first_ok_write_after_ms, unknown_writes}.
  nlohmann::json ToJson() const;

 private:
  struct Phase {
    std::string name;
    int64_t start_unix_ms = 0;
    std::map<std::string, int64_t> errors = {};
    std::vector<int64_t> failed_micros = {};
    std::vector<int64_t> ok_micros = {};
    int64_t ok_writes = 0;
    int64_t first_ok_write_unix_ms = 0;
    int64_t unknown_writes = 0;
  };
  void Follow();
  void ReadFile();
  Phase& Current() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const std::string phase_file_;
  absl::Notification stop_;
  std::atomic<bool> ended_{false};
  std::thread thread_;
  mutable absl::Mutex mutex_;
  std::vector<Phase> phases_ ABSL_GUARDED_BY(mutex_);
  std::string last_line_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace meridian::bench::load
