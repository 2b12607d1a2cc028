#include "tests/support/postgres_cluster.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>

#include "absl/strings/str_cat.h"

namespace meridian::testing {
namespace {

bool IsRoot() { return geteuid() == 0; }

}  // namespace

int PickFreePort() {
  // Below the kernel's ephemeral range (32768 by default): a port from that range can be
  // handed to an outgoing connection (another test's client, a database connection) between
  // now and the server's bind, or while a test restarts a server on the same port.
  int low = 32768;
  int high = 60999;
  if (FILE* range = std::fopen("/proc/sys/net/ipv4/ip_local_port_range", "r")) {
    if (std::fscanf(range, "%d %d", &low, &high) != 2) low = 32768;
    std::fclose(range);
  }
  const int first = low - 20000 >= 2000 ? 20000 : high + 1;
  const int count = low - 20000 >= 2000 ? low - 20000 : 65535 - high;
  static thread_local std::mt19937 random(std::random_device{}());
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int port = first + static_cast<int>(random() % static_cast<unsigned>(count));
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) break;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    const bool bound = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    close(fd);
    if (bound) return port;
  }
  throw std::runtime_error("no free port");
}

PostgresCluster::PostgresCluster() {
  const char* bindir = std::getenv("MERIDIAN_TEST_PG_BINDIR");
  bindir_ = bindir != nullptr && *bindir != '\0' ? bindir : "/usr/lib/postgresql/15/bin";
  // Inside the test run's folder when there is one, so that `./meridian test` removes
  // whatever a crashed test leaves behind.
  const char* parent = std::getenv("MERIDIAN_TEST_TMPDIR");
  std::string pattern = absl::StrCat(parent != nullptr && *parent != '\0' ? parent : "/tmp",
                                     "/meridian-cluster.XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  directory_ = pattern;
  if (IsRoot()) Run(absl::StrCat("chown postgres: ", directory_));
  Run(absl::StrCat(IsRoot() ? "cd / && runuser -u postgres -- " : "", bindir_, "/initdb -D ",
                   directory_, "/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync",
                   " > ", directory_, "/initdb.log 2>&1"));
  port_ = PickFreePort();
  Start();
}

PostgresCluster::~PostgresCluster() {
  try {
    Stop();
  } catch (const std::exception&) {
  }
  std::system(absl::StrCat("rm -rf ", directory_).c_str());
}

void PostgresCluster::Run(const std::string& command) const {
  if (std::system(command.c_str()) != 0) {
    throw std::runtime_error(absl::StrCat("command failed: ", command));
  }
}

void PostgresCluster::Start() {
  if (running_) return;
  Run(absl::StrCat(IsRoot() ? "cd / && runuser -u postgres -- " : "", bindir_, "/pg_ctl -D ",
                   directory_, "/data -l ", directory_, "/server.log -w start -o \"-p ", port_,
                   " -c listen_addresses=127.0.0.1 -c unix_socket_directories=", directory_,
                   " -c fsync=off\" > /dev/null"));
  running_ = true;
}

void PostgresCluster::Stop() {
  if (!running_) return;
  running_ = false;
  Run(absl::StrCat(IsRoot() ? "cd / && runuser -u postgres -- " : "", bindir_, "/pg_ctl -D ",
                   directory_, "/data -m fast -w stop > /dev/null"));
}

std::string PostgresCluster::url(const std::string& database) const {
  return absl::StrCat("postgresql://postgres@127.0.0.1:", port_, "/", database);
}

}  // namespace meridian::testing
