// A child process that runs one of Meridian's binaries, for the tests and the benchmark: started
// with extra environment variables and its stdout and stderr in a file, signalled, waited for.
// Linked by both (no test framework in it), so that starting and stopping a server is written
// once.
//
//   Subprocess server({binary, "--listen_address=127.0.0.1:0"}, {{"MERIDIAN_DATABASE_URL", url}},
//                     "/tmp/server.log");
//   server.Signal(SIGTERM);
//   EXPECT_EQ(server.Wait(absl::Seconds(30)), 0);
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace meridian {

class Subprocess final {
 public:
  // Starts `argv` with the current environment plus `environment` (whose values win), stdout
  // and stderr into `log_path` (truncated), stdin from /dev/null, and every signal at its
  // default and unblocked (the caller may block or ignore some for itself). The child is
  // killed when the thread that started it ends (PR_SET_PDEATHSIG), so that a crashed test or
  // an interrupted benchmark leaves no server behind: start it from a thread that outlives it.
  // Throws std::runtime_error when the program cannot be started.
  Subprocess(const std::vector<std::string>& argv,
             const std::map<std::string, std::string>& environment, const std::string& log_path);
  // Kills the process if it still runs.
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  void Signal(int signal);
  // The exit code (128 + signal number when killed by a signal) once the process has ended,
  // nullopt while it runs. Does not wait.
  std::optional<int> Poll();
  // The exit code, or -1 if it did not exit within `timeout` (the process is then killed).
  int Wait(absl::Duration timeout);
  bool running() const { return pid_ > 0; }
  // The process id while it runs, -1 after.
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// The contents of a file, or "" when it cannot be read.
std::string ReadFile(const std::string& path);

}  // namespace meridian
