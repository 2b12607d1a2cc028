#include "bench/talent_process.h"

#include <unistd.h>

#include <csignal>
#include <deque>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/process/health_client.h"

namespace meridian::bench {

std::atomic<pid_t> g_talent_server_pid{0};

namespace {

constexpr char kTalentService[] = "meridian.talent.v1.TalentService";

int64_t ProcStatusBytes(pid_t pid, absl::string_view key) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (!absl::StartsWith(line, key)) continue;
    std::istringstream fields(line.substr(key.size()));
    int64_t kib = 0;
    if (fields >> kib) return kib * 1024;
  }
  return -1;
}

}  // namespace

TalentProcess::TalentProcess(std::string binary, std::string database_url, std::string log_path,
                             std::vector<std::string> extra_flags)
    : binary_(std::move(binary)),
      database_url_(std::move(database_url)),
      log_path_(std::move(log_path)),
      extra_flags_(std::move(extra_flags)) {}

TalentProcess::~TalentProcess() {
  if (process_ != nullptr) {
    process_.reset();  // kills it
    g_talent_server_pid = 0;
  }
}

absl::Status TalentProcess::Start() {
  if (access(binary_.c_str(), X_OK) != 0) {
    return absl::NotFoundError(absl::StrCat("talent_server not found at ", binary_));
  }
  std::vector<std::string> argv = {binary_, "--listen_address=127.0.0.1:0",
                                   "--intake_address=127.0.0.1:1", "--health_check_interval=100ms"};
  argv.insert(argv.end(), extra_flags_.begin(), extra_flags_.end());
  try {
    // The URL through the environment, as the services expect a password to travel.
    process_ = std::make_unique<Subprocess>(
        argv, std::map<std::string, std::string>{{"MERIDIAN_DATABASE_URL", database_url_}},
        log_path_);
  } catch (const std::runtime_error& error) {
    return absl::InternalError(error.what());
  }
  g_talent_server_pid = process_->pid();
  port_ = 0;
  return absl::OkStatus();
}

absl::Status TalentProcess::WaitUntilServing(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (process_ == nullptr) return absl::FailedPreconditionError("talent_server not started");
    if (const std::optional<int> code = process_->Poll()) {
      process_.reset();
      g_talent_server_pid = 0;
      return absl::InternalError(absl::StrCat("talent_server exited during start-up (exit code ",
                                              *code, "); its log:\n", LogTail()));
    }
    if (port_ == 0) {
      if (std::optional<nlohmann::json> serving = FindLogLine("serving")) {
        port_ = serving->value("port", 0);
      }
    }
    if (port_ != 0 && HealthStatus(address(), kTalentService, absl::Seconds(1)) ==
                          grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    absl::SleepFor(absl::Milliseconds(port_ == 0 ? 20 : 50));
  }
  return absl::DeadlineExceededError(absl::StrCat("talent_server was not SERVING within ",
                                                  absl::FormatDuration(timeout), "; its log:\n",
                                                  LogTail()));
}

absl::Status TalentProcess::Stop(absl::Duration grace) {
  if (process_ == nullptr) return absl::OkStatus();
  process_->Signal(SIGTERM);
  const int code = process_->Wait(grace);  // -1: killed after the grace
  process_.reset();
  g_talent_server_pid = 0;
  if (code == -1) return absl::DeadlineExceededError("talent_server did not stop on SIGTERM");
  if (code != 0) {
    return absl::InternalError(absl::StrCat("talent_server exited with exit code ", code));
  }
  return absl::OkStatus();
}

std::string TalentProcess::address() const { return absl::StrCat("127.0.0.1:", port_); }

int64_t TalentProcess::RssBytes() const { return ProcStatusBytes(pid(), "VmRSS:"); }

int64_t TalentProcess::PeakRssBytes() const { return ProcStatusBytes(pid(), "VmHWM:"); }

std::optional<nlohmann::json> TalentProcess::FindLogLine(const std::string& message) const {
  std::ifstream in(log_path_);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find(message) == std::string::npos) continue;
    nlohmann::json parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_object() && parsed.value("message", "") == message) return parsed;
  }
  return std::nullopt;
}

std::string TalentProcess::LogTail(int lines) const {
  std::ifstream in(log_path_);
  std::deque<std::string> tail;
  std::string line;
  while (std::getline(in, line)) {
    tail.push_back(line);
    if (static_cast<int>(tail.size()) > lines) tail.pop_front();
  }
  std::string out;
  for (const std::string& l : tail) absl::StrAppend(&out, "  ", l, "\n");
  return out;
}

}  // namespace meridian::bench
