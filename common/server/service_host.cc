#include "common/server/service_host.h"

#include <pthread.h>
#include <signal.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "common/logging/log.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace meridian {
namespace {

constexpr int kMaxServerThreads = 256;

}  // namespace

ServiceHost::ServiceHost(Options options, std::vector<grpc::Service*> services,
                         std::function<absl::Status()> readiness)
    : options_(std::move(options)),
      services_(std::move(services)),
      readiness_(std::move(readiness)) {}

ServiceHost::~ServiceHost() { Shutdown(); }

absl::Status ServiceHost::Start() {
  grpc::EnableDefaultHealthCheckService(true);
  // Explicit, so that the linker keeps the reflection plugin.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // The synchronous server runs a thread per call in progress; cap them so that a burst of
  // calls waiting for the database cannot exhaust the process (excess calls are refused
  // with RESOURCE_EXHAUSTED).
  grpc::ResourceQuota quota("meridian-server");
  quota.SetMaxThreads(kMaxServerThreads);
  builder.SetResourceQuota(quota);
  builder.AddListeningPort(options_.listen_address, grpc::InsecureServerCredentials(), &port_);
  for (grpc::Service* service : services_) builder.RegisterService(service);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    server_.reset();
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.listen_address));
  }
  const bool ready = readiness_().ok();
  {
    std::lock_guard lock(mutex_);
    serving_ = !ready;  // Force the first SetServing to publish.
  }
  SetServing(ready);
  health_thread_ = std::thread([this] { WatchHealth(); });
  return absl::OkStatus();
}

void ServiceHost::SetServing(bool serving) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || serving_ == serving) return;
    serving_ = serving;
  }
  grpc::HealthCheckServiceInterface* health = server_->GetHealthCheckService();
  // "" (the whole server, what liveness probes ask) stays SERVING while the process runs: a
  // database outage must take replicas out of rotation, not restart them all.
  for (const std::string& name : options_.health_service_names) {
    health->SetServingStatus(name, serving);
  }
  log::Write(serving ? log::Severity::kInfo : log::Severity::kWarning, "health changed",
             {{"serving", serving}});
}

void ServiceHost::WatchHealth() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    stop_.wait_for(lock, absl::ToChronoNanoseconds(options_.health_check_interval));
    if (stopping_) break;
    lock.unlock();
    const bool ready = readiness_().ok();
    SetServing(ready);
    lock.lock();
  }
}

void ServiceHost::Shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || server_ == nullptr) return;
    stopping_ = true;
  }
  stop_.notify_all();
  // NOT_SERVING for every name, and no later change. The health thread is joined only after
  // the server stops: a probe stuck on the database must not delay the shutdown.
  server_->GetHealthCheckService()->Shutdown();
  log::Info("shutting down", {{"grace_ms", absl::ToInt64Milliseconds(options_.shutdown_grace)}});
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoNanoseconds(options_.shutdown_grace));
  server_->Wait();
  if (health_thread_.joinable()) health_thread_.join();
}

void BlockShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

std::string WaitForShutdownSignal() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  int signal = 0;
  while (sigwait(&signals, &signal) != 0) {
  }
  return signal == SIGINT ? "SIGINT" : "SIGTERM";
}

}  // namespace meridian
