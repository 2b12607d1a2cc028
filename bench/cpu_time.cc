#include "bench/cpu_time.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "pqxx/pqxx"

namespace meridian::bench {
namespace {

struct ProcStat {
  pid_t parent = -1;
  double own_seconds = 0;       // utime + stime
  double children_seconds = 0;  // cutime + cstime: children that exited and were waited for
};

// /proc/<pid>/stat; false when the process is gone.
bool ReadStat(pid_t pid, ProcStat* stat) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return false;
  // The command (field 2) is in parentheses and may hold spaces: fields restart after ')'.
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(line.substr(close + 2));
  std::vector<std::string> rest;
  for (std::string field; fields >> field;) rest.push_back(field);
  // rest[0] is field 3 (state): ppid is field 4, utime..cstime fields 14-17.
  if (rest.size() < 15) return false;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  stat->parent = static_cast<pid_t>(std::atol(rest[1].c_str()));
  stat->own_seconds = (std::atof(rest[11].c_str()) + std::atof(rest[12].c_str())) / tick;
  stat->children_seconds = (std::atof(rest[13].c_str()) + std::atof(rest[14].c_str())) / tick;
  return true;
}

}  // namespace

CpuClock::CpuClock(pid_t talent_server, const std::string& database_url)
    : talent_server_(talent_server) {
  try {
    pqxx::connection conn(database_url);
    pqxx::nontransaction tx(conn);
    const std::string data_directory = tx.exec1("SHOW data_directory")[0].as<std::string>();
    std::ifstream pid_file(data_directory + "/postmaster.pid");
    pid_t pid = -1;
    if (pid_file >> pid) postmaster_ = pid;
  } catch (const std::exception&) {
    // Another user's cluster, or no permission to see it: no PostgreSQL figure.
  }
}

CpuSeconds CpuClock::Now() const {
  CpuSeconds now;
  ProcStat stat;
  if (talent_server_ > 0 && ReadStat(talent_server_, &stat)) now.talent_server = stat.own_seconds;
  if (postmaster_ <= 0) return now;
  if (ReadStat(postmaster_, &stat)) now.postgres = stat.own_seconds + stat.children_seconds;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (ReadStat(static_cast<pid_t>(std::atol(name.c_str())), &stat) &&
        stat.parent == postmaster_) {
      now.postgres += stat.own_seconds;
    }
  }
  return now;
}

double OwnCpuSeconds() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  const auto seconds = [](const timeval& time) {
    return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace meridian::bench
