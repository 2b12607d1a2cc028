// The real talent_server binary as a child process (a Subprocess, common/process): started
// with the database URL in its environment, its JSON log in a file, watched through /proc and
// its health service.
//
//   TalentProcess server(binary, url, "/tmp/bench/talent-1.log", {"--index_poll_interval=100ms"});
//   server.Start();                                    // from the main thread (see Start)
//   absl::Status ready = server.WaitUntilServing(absl::Minutes(30));
//   int64_t rss = server.RssBytes();
//   server.Stop();
#pragma once

#include <sys/types.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/process/subprocess.h"
#include "nlohmann/json.hpp"

namespace meridian::bench {

// The pid of the running talent_server, for the signal handler that must stop it (0: none).
extern std::atomic<pid_t> g_talent_server_pid;

class TalentProcess final {
 public:
  TalentProcess(std::string binary, std::string database_url, std::string log_path,
                std::vector<std::string> extra_flags);
  // Kills the process if it still runs.
  ~TalentProcess();
  TalentProcess(const TalentProcess&) = delete;
  TalentProcess& operator=(const TalentProcess&) = delete;

  // Starts the binary on 127.0.0.1 port 0, with --intake_address pointing at a closed port
  // (searches use inline criteria). The child dies with the thread that started it
  // (PR_SET_PDEATHSIG): call this from the main thread.
  absl::Status Start();
  // Waits until the log names the port and health reports SERVING for
  // meridian.talent.v1.TalentService (i.e. the index is loaded).
  absl::Status WaitUntilServing(absl::Duration timeout);
  // SIGTERM, then SIGKILL after `grace`. OK when it exited with status 0.
  absl::Status Stop(absl::Duration grace = absl::Seconds(20));

  std::string address() const;
  pid_t pid() const { return process_ != nullptr ? process_->pid() : -1; }
  // VmRSS and VmHWM (peak) of the process, bytes; -1 when unreadable.
  int64_t RssBytes() const;
  int64_t PeakRssBytes() const;
  // The first log line whose "message" is `message`, parsed.
  std::optional<nlohmann::json> FindLogLine(const std::string& message) const;
  // The log's last lines, for error messages.
  std::string LogTail(int lines = 20) const;
  const std::string& log_path() const { return log_path_; }

 private:
  std::string binary_;
  std::string database_url_;
  std::string log_path_;
  std::vector<std::string> extra_flags_;
  std::unique_ptr<Subprocess> process_;
  int port_ = 0;
};

}  // namespace meridian::bench
