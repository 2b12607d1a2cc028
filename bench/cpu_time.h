// CPU time spent by the processes under test, from /proc: a figure the machine's other load
// does not change much, unlike latencies, so it tells what a step costs on a shared machine.
//
//   CpuClock cpu(talent_server_pid, database_url);
//   CpuSeconds before = cpu.Now();
//   ... the phase ...
//   CpuSeconds spent = cpu.Now() - before;  // .talent_server, .postgres
#pragma once

#include <sys/types.h>

#include <string>

namespace meridian::bench {

struct CpuSeconds {
  double talent_server = 0;
  // The PostgreSQL cluster: the postmaster and its children, those that exited included.
  double postgres = 0;
  CpuSeconds operator-(const CpuSeconds& other) const {
    return {talent_server - other.talent_server, postgres - other.postgres};
  }
};

class CpuClock final {
 public:
  // Finds the cluster's postmaster through the database's data_directory (postmaster.pid);
  // a figure that cannot be read is 0.
  CpuClock(pid_t talent_server, const std::string& database_url);
  CpuSeconds Now() const;

 private:
  pid_t talent_server_;
  pid_t postmaster_ = -1;
};

// The CPU this process has spent so far, every thread's, user and system.
double OwnCpuSeconds();

}  // namespace meridian::bench
