// A private PostgreSQL cluster for tests that stop and restart the database, so that they
// never disturb the shared test server. Uses the binaries in MERIDIAN_TEST_PG_BINDIR
// (default /usr/lib/postgresql/15/bin), in a folder under MERIDIAN_TEST_TMPDIR (default
// /tmp); as root it runs them as the postgres user.
//
//   PostgresCluster cluster;          // initdb in a temp dir, free port, started
//   std::string url = cluster.url();  // postgresql://postgres@127.0.0.1:PORT/postgres
//   cluster.Stop();  ...  cluster.Start();
#pragma once

#include <string>

namespace meridian::testing {

class PostgresCluster final {
 public:
  // Creates and starts the cluster; throws on failure.
  PostgresCluster();
  // Stops the cluster and removes its directory.
  ~PostgresCluster();
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  void Start();
  void Stop();

  int port() const { return port_; }
  std::string url(const std::string& database = "postgres") const;

 private:
  void Run(const std::string& command) const;

  std::string directory_;
  std::string bindir_;
  int port_ = 0;
  bool running_ = false;
};

// A TCP port on 127.0.0.1 that was free a moment ago, below the kernel's ephemeral range so
// that no outgoing connection takes it before (or between) a server's binds.
int PickFreePort();

}  // namespace meridian::testing
