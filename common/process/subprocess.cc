#include "common/process/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

extern char** environ;

namespace meridian {
namespace {

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

Subprocess::Subprocess(const std::vector<std::string>& argv,
                       const std::map<std::string, std::string>& environment,
                       const std::string& log_path) {
  // Everything the child needs is prepared before fork: after it, only system calls (other
  // threads may hold locks the child would wait on forever).
  std::map<std::string, std::string> merged;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const size_t equals = text.find('=');
    if (equals != std::string::npos) merged[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& [key, value] : environment) merged[key] = value;
  std::vector<std::string> env_strings;
  for (const auto& [key, value] : merged) env_strings.push_back(absl::StrCat(key, "=", value));

  std::vector<char*> raw_argv;
  for (const std::string& arg : argv) raw_argv.push_back(const_cast<char*>(arg.c_str()));
  raw_argv.push_back(nullptr);
  std::vector<char*> raw_env;
  for (std::string& entry : env_strings) raw_env.push_back(entry.data());
  raw_env.push_back(nullptr);

  const int log_fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    throw std::runtime_error(absl::StrCat("cannot create ", log_path, ": ", strerror(errno)));
  }
  // The child writes exec's errno here when exec fails; a successful exec closes it unwritten.
  int exec_error[2];
  if (pipe2(exec_error, O_CLOEXEC) != 0) {
    close(log_fd);
    throw std::runtime_error(absl::StrCat("pipe: ", strerror(errno)));
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(log_fd);
    close(exec_error[0]);
    close(exec_error[1]);
    throw std::runtime_error(absl::StrCat("fork: ", strerror(errno)));
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent is gone already
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) ::signal(signal, SIG_DFL);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    execve(raw_argv[0], raw_argv.data(), raw_env.data());
    const int error = errno;
    if (write(exec_error[1], &error, sizeof(error)) < 0) _exit(127);
    _exit(127);
  }
  close(log_fd);
  close(exec_error[1]);
  int error = 0;
  ssize_t got;
  do {
    got = read(exec_error[0], &error, sizeof(error));
  } while (got < 0 && errno == EINTR);
  close(exec_error[0]);
  if (got > 0) {
    waitpid(pid, nullptr, 0);
    throw std::runtime_error(absl::StrCat("cannot start ", argv[0], ": ", strerror(error)));
  }
  pid_ = pid;
}

Subprocess::~Subprocess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void Subprocess::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

std::optional<int> Subprocess::Poll() {
  if (pid_ <= 0) return std::nullopt;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return std::nullopt;
  pid_ = -1;
  return ExitCodeOf(status);
}

int Subprocess::Wait(absl::Duration timeout) {
  if (pid_ <= 0) return -1;
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    if (const std::optional<int> code = Poll()) return *code;
    if (absl::Now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
      return -1;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

}  // namespace meridian
