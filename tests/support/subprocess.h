// A child process for tests that exercise a real service binary: start it with extra
// environment variables and its stdout/stderr in a file, signal it, wait for its exit code.
//
//   Subprocess server({binary, "--listen_address=127.0.0.1:0"}, {{"MERIDIAN_DATABASE_URL", url}},
//                     "/tmp/server.log");
//   server.Signal(SIGTERM);
//   EXPECT_EQ(server.Wait(absl::Seconds(30)), 0);
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace meridian::testing {

class Subprocess final {
 public:
  // Starts `argv` with the current environment plus `environment`; output goes to `log_path`.
  Subprocess(const std::vector<std::string>& argv,
             const std::map<std::string, std::string>& environment, const std::string& log_path);
  // Kills the process if it still runs.
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  void Signal(int signal);
  // The exit code (128 + signal number when killed by a signal), or -1 if it did not exit
  // within `timeout` (the process is then killed).
  int Wait(absl::Duration timeout);
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

// The contents of a file, or "" when it cannot be read.
std::string ReadFile(const std::string& path);

}  // namespace meridian::testing
