#include "bench/talent_process.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

extern char** environ;

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

int HealthStatus(const std::string& address, const std::string& service, absl::Duration timeout) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  if (!stub->Check(&context, request, &response).ok()) return -1;
  return response.status();
}

TalentProcess::TalentProcess(std::string binary, std::string database_url, std::string log_path,
                             std::vector<std::string> extra_flags)
    : binary_(std::move(binary)),
      database_url_(std::move(database_url)),
      log_path_(std::move(log_path)),
      extra_flags_(std::move(extra_flags)) {}

TalentProcess::~TalentProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    g_talent_server_pid = 0;
  }
}

absl::Status TalentProcess::Start() {
  if (access(binary_.c_str(), X_OK) != 0) {
    return absl::NotFoundError(absl::StrCat("talent_server not found at ", binary_));
  }
  // Everything the child needs is prepared before fork: after it, only system calls.
  std::vector<std::string> args = {binary_, "--listen_address=127.0.0.1:0",
                                   "--intake_address=127.0.0.1:1", "--health_check_interval=100ms"};
  args.insert(args.end(), extra_flags_.begin(), extra_flags_.end());
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (!absl::StartsWith(*e, "MERIDIAN_DATABASE_URL=")) env.emplace_back(*e);
  }
  // The URL through the environment, as the services expect a password to travel.
  env.push_back(absl::StrCat("MERIDIAN_DATABASE_URL=", database_url_));
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (std::string& entry : env) envp.push_back(entry.data());
  envp.push_back(nullptr);
  const int log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return absl::InternalError(absl::StrCat("cannot create ", log_path_, ": ", strerror(errno)));
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(log_fd);
    return absl::InternalError(absl::StrCat("fork: ", strerror(errno)));
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);  // this program blocks its shutdown signals
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(log_fd);
  pid_ = pid;
  g_talent_server_pid = pid;
  port_ = 0;
  return absl::OkStatus();
}

absl::Status TalentProcess::WaitUntilServing(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    int status = 0;
    if (pid_ > 0 && waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      g_talent_server_pid = 0;
      return absl::InternalError(absl::StrCat("talent_server exited during start-up (status ",
                                              status, "); its log:\n", LogTail()));
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
  if (pid_ <= 0) return absl::OkStatus();
  kill(pid_, SIGTERM);
  const absl::Time deadline = absl::Now() + grace;
  int status = 0;
  bool exited = false;
  while (absl::Now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exited = true;
      break;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  if (!exited) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  g_talent_server_pid = 0;
  if (!exited) return absl::DeadlineExceededError("talent_server did not stop on SIGTERM");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(absl::StrCat("talent_server exited with status ", status));
  }
  return absl::OkStatus();
}

std::string TalentProcess::address() const { return absl::StrCat("127.0.0.1:", port_); }

int64_t TalentProcess::RssBytes() const { return ProcStatusBytes(pid_, "VmRSS:"); }

int64_t TalentProcess::PeakRssBytes() const { return ProcStatusBytes(pid_, "VmHWM:"); }

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
