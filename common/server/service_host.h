// Hosts a service's gRPC implementations with what every Meridian server offers:
// grpc.health.v1.Health (each service name is SERVING while the database answers and
// NOT_SERVING while it does not; "" stays SERVING until shutdown, for liveness probes), server
// reflection (grpc.reflection.v1alpha), and a graceful shutdown that lets calls in flight finish
// within a grace period and then cancels them (gRPC's sync server would let their handlers run
// on: the cancel_in_flight hook stops their database work), bounded by a small margin.
// The listener serves plaintext, TLS or mTLS (Options::tls). Kubernetes' gRPC probes speak no
// TLS, so Options::health_listen_address adds a second, plaintext listener with the same health
// statuses and nothing else (no reflection, no service RPCs).
//
//   ServiceHost host({.listen_address = "127.0.0.1:0",
//                     .health_service_names = {"meridian.intake.v1.IntakeService"},
//                     .tls = {.cert_file = "server.pem", .key_file = "server.key"},
//                     .health_listen_address = "127.0.0.1:0"},
//                    {&intake_grpc}, [&] { return pool.Ping(absl::Now() + absl::Seconds(1)); });
//   absl::Status started = host.Start();   // host.port() is the bound port, host.health_port()
//                                           // the plaintext health one
//   ...
//   bool clean = host.Shutdown();   // false: calls were left running (do not destroy what
//                                   // they use; exit the process)
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/config/tls_config.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "grpcpp/server.h"

namespace meridian {

// A function on a thread of its own that a caller waits for only up to a deadline: shutdown
// steps that could hang (a handler stuck, a worker in a slow call) must not hold up the exit.
// The destructor joins a finished thread and leaves an unfinished one running (detached), so
// `fn` must only use what outlives it or the process.
//
//   BoundedThread teardown([&] { bundle = {}; });
//   if (!teardown.WaitUntil(absl::Now() + absl::Seconds(2))) { /* still running */ }
class BoundedThread final {
 public:
  explicit BoundedThread(std::function<void()> fn);
  ~BoundedThread();
  BoundedThread(const BoundedThread&) = delete;
  BoundedThread& operator=(const BoundedThread&) = delete;

  // True (and joined) when `fn` returned by the deadline.
  bool WaitUntil(absl::Time deadline);

 private:
  struct State {
    std::mutex mutex;
    std::condition_variable done_changed;
    bool done = false;
  };
  std::shared_ptr<State> state_;
  std::thread thread_;
};

class ServiceHost final {
 public:
  // How often readiness is asked while NOT_SERVING (at most): a recovery shows within this.
  static constexpr absl::Duration kNotServingRecheckInterval = absl::Milliseconds(250);

  struct Options {
    std::string listen_address;
    // Names reported by the health service, besides "" (the whole server).
    std::vector<std::string> health_service_names;
    absl::Duration shutdown_grace = absl::Seconds(10);
    absl::Duration health_check_interval = absl::Seconds(2);
    // Called, on a thread of its own, when calls are still in flight at the end of the grace,
    // with the time by which they must be gone: it makes them finish (cancels their database
    // work, so that what they wrote rolls back). Empty: none.
    std::function<void(absl::Time)> cancel_in_flight = nullptr;
    // How long cancelled calls get to return after the grace before the host gives up on them.
    absl::Duration cancel_margin = absl::Seconds(2);
    // TLS (and mTLS) on listen_address; plaintext when nothing is set. Read at Start.
    ServerTls tls = {};
    // Empty, or a host:port where grpc.health.v1 alone is also served, in plaintext, with the
    // same statuses as on listen_address (port 0 picks a free one).
    std::string health_listen_address = {};
  };

  // `readiness` says whether the service can do its work (typically: the database answers);
  // it is called at start and then every health_check_interval, or while NOT_SERVING every
  // kNotServingRecheckInterval if that is sooner. The services must outlive the host.
  ServiceHost(Options options, std::vector<grpc::Service*> services,
              std::function<absl::Status()> readiness);
  ~ServiceHost();

  // Binds and starts serving. UNAVAILABLE when an address cannot be bound; INVALID_ARGUMENT
  // (naming the flag) when a TLS file is missing or wrong.
  absl::Status Start();

  // The bound port (useful with port 0).
  int port() const { return port_; }
  // The bound plaintext health port; 0 without health_listen_address.
  int health_port() const { return health_port_; }

  // Health turns NOT_SERVING, new calls are refused, calls in flight get shutdown_grace to
  // finish; then cancel_in_flight runs and they get cancel_margin more to return (gRPC
  // cancels whatever is still open a quarter of the margin after the grace). Returns true
  // when the server stopped and every call returned; false when some still run after grace
  // plus margin (they are left running: the caller must not destroy what they use). Safe to
  // call more than once (later calls return the first result).
  bool Shutdown();

 private:
  void WatchHealth();
  void SetServing(bool serving);
  // The health services of the listener and of the health listener (when there is one).
  std::vector<grpc::HealthCheckServiceInterface*> HealthServices() const;

  const Options options_;
  const std::vector<grpc::Service*> services_;
  const std::function<absl::Status()> readiness_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  // The plaintext health listener (null without health_listen_address), and what answers
  // every method there but health.
  grpc::CallbackGenericService health_unimplemented_;
  std::unique_ptr<grpc::Server> health_server_;
  int health_port_ = 0;

  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  bool serving_ = false;
  bool stopped_cleanly_ = true;
  std::thread health_thread_;
  // Runs grpc::Server::Shutdown and Wait, which return only when every handler has.
  std::unique_ptr<BoundedThread> server_stop_;
};

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts later: call it
// first thing in main(), then WaitForShutdownSignal() once the server runs. (A signal
// handler must not call grpc::Server::Shutdown: that can deadlock.)
void BlockShutdownSignals();

// Waits for SIGINT or SIGTERM and returns its name.
std::string WaitForShutdownSignal();

}  // namespace meridian
