// Hosts a service's gRPC implementations with what every Meridian server offers:
// grpc.health.v1.Health (each service name is SERVING while the database answers and
// NOT_SERVING while it does not; "" stays SERVING until shutdown, for liveness probes), server
// reflection (grpc.reflection.v1alpha), and a graceful shutdown that lets calls in flight finish
// within a grace period.
//
//   ServiceHost host({.listen_address = "127.0.0.1:0",
//                     .health_service_names = {"meridian.intake.v1.IntakeService"}},
//                    {&intake_grpc}, [&] { return pool.Ping(absl::Now() + absl::Seconds(1)); });
//   absl::Status started = host.Start();   // host.port() is the bound port
//   ...
//   host.Shutdown();
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
#include "grpcpp/impl/codegen/service_type.h"
#include "grpcpp/server.h"

namespace meridian {

class ServiceHost final {
 public:
  struct Options {
    std::string listen_address;
    // Names reported by the health service, besides "" (the whole server).
    std::vector<std::string> health_service_names;
    absl::Duration shutdown_grace = absl::Seconds(10);
    absl::Duration health_check_interval = absl::Seconds(2);
  };

  // `readiness` says whether the service can do its work (typically: the database answers);
  // it is called at start and then every health_check_interval. The services must outlive
  // the host.
  ServiceHost(Options options, std::vector<grpc::Service*> services,
              std::function<absl::Status()> readiness);
  ~ServiceHost();

  // Binds and starts serving. UNAVAILABLE when the address cannot be bound.
  absl::Status Start();

  // The bound port (useful with port 0).
  int port() const { return port_; }

  // Health turns NOT_SERVING, new calls are refused, calls in flight get shutdown_grace to
  // finish and are then cancelled. Safe to call more than once.
  void Shutdown();

 private:
  void WatchHealth();
  void SetServing(bool serving);

  const Options options_;
  const std::vector<grpc::Service*> services_;
  const std::function<absl::Status()> readiness_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;

  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;
  bool serving_ = false;
  std::thread health_thread_;
};

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts later: call it
// first thing in main(), then WaitForShutdownSignal() once the server runs. (A signal
// handler must not call grpc::Server::Shutdown: that can deadlock.)
void BlockShutdownSignals();

// Waits for SIGINT or SIGTERM and returns its name.
std::string WaitForShutdownSignal();

}  // namespace meridian
