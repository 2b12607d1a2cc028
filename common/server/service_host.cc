#include "common/server/service_host.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/logging/log.h"
#include "common/server/rpc_call.h"
#include "common/server/tls_credentials.h"
#include "grpc/grpc.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/impl/server_builder_option.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace meridian {
namespace {

constexpr int kMaxServerThreads = 256;

// Takes the reflection plugin (which every ServerBuilder gets once it is linked in) off a
// builder, so that the plaintext health listener shows nothing but health.
class WithoutReflection final : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    const std::string reflection = grpc::reflection::ProtoServerReflectionPlugin().name();
    std::erase_if(*plugins, [&](const auto& plugin) { return plugin->name() == reflection; });
  }
};

// A plaintext server with the default health service and nothing else. `unimplemented`
// answers every other method UNIMPLEMENTED (its default): the default health service polls a
// queue of its own, and gRPC refuses a server with no method of its own to poll for.
std::unique_ptr<grpc::Server> StartHealthServer(const std::string& address,
                                                grpc::CallbackGenericService* unimplemented,
                                                int* port) {
  grpc::ServerBuilder builder;
  builder.RegisterCallbackGenericService(unimplemented);
  builder.SetOption(std::make_unique<WithoutReflection>());
  // gRPC lets sockets share a port by default (SO_REUSEPORT): the health listener must fail
  // on the service's own port, not take half of its connections.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), port);
  return builder.BuildAndStart();
}

}  // namespace

ServiceHost::ServiceHost(Options options, std::vector<grpc::Service*> services,
                         std::function<absl::Status()> readiness)
    : options_(std::move(options)),
      services_(std::move(services)),
      readiness_(std::move(readiness)) {}

BoundedThread::BoundedThread(std::function<void()> fn) : state_(std::make_shared<State>()) {
  thread_ = std::thread([state = state_, fn = std::move(fn)] {
    fn();
    {
      std::lock_guard lock(state->mutex);
      state->done = true;
    }
    state->done_changed.notify_all();
  });
}

BoundedThread::~BoundedThread() {
  if (!thread_.joinable()) return;
  bool done = false;
  {
    std::lock_guard lock(state_->mutex);
    done = state_->done;
  }
  if (done) {
    thread_.join();
  } else {
    thread_.detach();
  }
}

bool BoundedThread::WaitUntil(absl::Time deadline) {
  {
    std::unique_lock lock(state_->mutex);
    if (!state_->done_changed.wait_until(lock, absl::ToChronoTime(deadline),
                                         [this] { return state_->done; })) {
      return false;
    }
  }
  if (thread_.joinable()) thread_.join();
  return true;
}

ServiceHost::~ServiceHost() {
  // After calls were left running, the server must still outlive them: a process that cannot
  // wait exits without running destructors (RunServer does).
  if (!Shutdown()) server_stop_->WaitUntil(absl::InfiniteFuture());
  if (health_thread_.joinable()) health_thread_.join();
}

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
  absl::StatusOr<ServerTlsPem> tls = ReadServerTls(options_.tls);
  if (!tls.ok()) return tls.status();
  builder.AddListeningPort(options_.listen_address, MakeServerCredentials(*tls), &port_);
  for (grpc::Service* service : services_) builder.RegisterService(service);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    server_.reset();
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options_.listen_address));
  }
  if (!options_.health_listen_address.empty()) {
    health_server_ =
        StartHealthServer(options_.health_listen_address, &health_unimplemented_, &health_port_);
    if (health_server_ == nullptr || health_port_ == 0) {
      health_server_.reset();
      server_->Shutdown(std::chrono::system_clock::now());
      server_->Wait();
      server_.reset();
      return absl::UnavailableError(
          absl::StrCat("cannot listen on ", options_.health_listen_address, " (health)"));
    }
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
  // "" (the whole server, what liveness probes ask) stays SERVING while the process runs: a
  // database outage must take replicas out of rotation, not restart them all.
  for (grpc::HealthCheckServiceInterface* health : HealthServices()) {
    for (const std::string& name : options_.health_service_names) {
      health->SetServingStatus(name, serving);
    }
  }
  log::Write(serving ? log::Severity::kInfo : log::Severity::kWarning, "health changed",
             {{"serving", serving}});
}

std::vector<grpc::HealthCheckServiceInterface*> ServiceHost::HealthServices() const {
  std::vector<grpc::HealthCheckServiceInterface*> services = {server_->GetHealthCheckService()};
  if (health_server_ != nullptr) services.push_back(health_server_->GetHealthCheckService());
  return services;
}

void ServiceHost::WatchHealth() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // While NOT_SERVING the next look comes sooner: a service whose database is back (or whose
    // start-up work is done) must not stay out of rotation for a whole interval more.
    const absl::Duration wait =
        serving_ ? options_.health_check_interval
                 : std::min(options_.health_check_interval, kNotServingRecheckInterval);
    stop_.wait_for(lock, absl::ToChronoNanoseconds(wait));
    if (stopping_) break;
    lock.unlock();
    const bool ready = readiness_().ok();
    SetServing(ready);
    lock.lock();
  }
}

bool ServiceHost::Shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || server_ == nullptr) return stopped_cleanly_;
    stopping_ = true;
  }
  stop_.notify_all();
  // NOT_SERVING for every name, and no later change. The health thread is joined only after
  // the server stops: a probe stuck on the database must not delay the shutdown.
  for (grpc::HealthCheckServiceInterface* health : HealthServices()) health->Shutdown();
  log::Info("shutting down", {{"grace_ms", absl::ToInt64Milliseconds(options_.shutdown_grace)}});
  const absl::Time grace_end = absl::Now() + options_.shutdown_grace;
  const absl::Time give_up = grace_end + options_.cancel_margin;
  // gRPC cancels the calls still open a little after the grace, when ours have already been
  // cancelled and answered with their own status; this catches the rest (streams, handlers
  // stuck outside the database). Its Shutdown does not end the handlers themselves.
  server_stop_ =
      std::make_unique<BoundedThread>([this, deadline = grace_end + options_.cancel_margin / 4] {
        server_->Shutdown(absl::ToChronoTime(deadline));
        server_->Wait();
        // Probes read NOT_SERVING on the health listener until the service has stopped; no
        // call there is worth waiting for.
        if (health_server_ != nullptr) {
          health_server_->Shutdown(std::chrono::system_clock::now());
          health_server_->Wait();
        }
      });
  BoundedThread& server_stop = *server_stop_;
  std::optional<BoundedThread> cancel;
  if (!server_stop.WaitUntil(grace_end) && InFlightCalls::Count() > 0 &&
      options_.cancel_in_flight) {
    log::Warning("shutdown grace over; cancelling calls in flight",
                 {{"calls", InFlightCalls::Count()}});
    cancel.emplace([hook = options_.cancel_in_flight, give_up] { hook(give_up); });
  }
  // The count is the process's: it is only waited for when the host cancels calls (one host
  // per server process). Otherwise grpc::Server::Wait, which returns after every handler, is.
  const bool calls_done = !options_.cancel_in_flight || InFlightCalls::WaitForNone(give_up);
  const bool server_done = server_stop.WaitUntil(give_up);
  const bool cancel_done = !cancel.has_value() || cancel->WaitUntil(give_up);
  const bool clean = calls_done && server_done && cancel_done;
  if (clean) {
    if (health_thread_.joinable()) health_thread_.join();
  } else {
    // The health thread is left too (the destructor joins it): whatever still runs may hold
    // up its readiness check.
    log::Error("calls still running after the shutdown grace and margin; leaving them",
               {{"calls", InFlightCalls::Count()}});
  }
  std::lock_guard lock(mutex_);
  stopped_cleanly_ = clean;
  return clean;
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
