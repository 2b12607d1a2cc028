// What a server hosts for one service: the ServerDescription it is known by, and the
// ServiceBundle a wiring function (services/<svc>/<svc>_wiring.h) builds: the gRPC services,
// the objects they use (indexes, clients, background workers), kept alive as long as the
// services and released in a safe order, and an optional readiness condition. The binary's
// main() (through RunServer) and the in-process test servers host a bundle from the same
// wiring function, so that the two cannot wire a service differently.
//
//   ServiceBundle bundle;
//   SearchIndex& index = bundle.Make<SearchIndex>();
//   IndexFollower& follower = bundle.Make<IndexFollower>(pool, index, options);
//   bundle.AddService(std::make_unique<TalentGrpc>(pool, ...));
//   bundle.set_ready([&follower] { return follower.loaded(); });
//   ...
//   IndexFollower* same = bundle.Find<IndexFollower>();   // what a test reaches inside
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <typeindex>
#include <utility>
#include <vector>

#include "meridian/access/v1/access.pb.h"

#include "absl/status/status.h"
#include "common/db/pool.h"
#include "grpcpp/impl/codegen/service_type.h"

namespace meridian {

// A service binary: what its logs, its default port and its health service call it.
struct ServerDescription {
  // Short name for logs: "intake".
  std::string service;
  // Port used when --listen_address is not given.
  int default_port = 0;
  // Fully qualified gRPC service names, reported by the health service.
  std::vector<std::string> grpc_service_names;
  // The role of the key the service calls other services with (--peer_key_bootstrap makes
  // one of it); ROLE_UNSPECIFIED for a service that calls none.
  access::v1::Role peer_role = access::v1::ROLE_UNSPECIFIED;
};

class ServiceBundle final {
 public:
  ServiceBundle() = default;
  ServiceBundle(ServiceBundle&&) = default;
  // No move assignment: it would destroy the old contents in member order, not in the order
  // Release keeps. Call Release instead.
  ServiceBundle& operator=(ServiceBundle&&) = delete;
  ~ServiceBundle() { Release(); }

  // Builds a T from `args` and keeps it until Release; objects made later may refer to it.
  template <typename T, typename... Args>
  T& Make(Args&&... args) {
    auto object = std::make_shared<T>(std::forward<Args>(args)...);
    T& made = *object;
    kept_.push_back({std::move(object), std::type_index(typeid(T))});
    return made;
  }

  // The object of exactly type T that Make built (the first, if several), or nullptr. How a
  // test reaches what a service runs (an index follower to wait on, a worker to drive).
  template <typename T>
  T* Find() const {
    for (const Kept& kept : kept_) {
      if (kept.type == std::type_index(typeid(T))) return static_cast<T*>(kept.object.get());
    }
    return nullptr;
  }

  void AddService(std::unique_ptr<grpc::Service> service);
  // The services to register with the server; the bundle owns them.
  std::vector<grpc::Service*> services() const;

  // A readiness condition besides the database answering (e.g. an index finished loading).
  // It may refer to what Make built: it is released first.
  void set_ready(std::function<bool()> ready) { ready_ = std::move(ready); }
  // The condition, or true when there is none.
  bool ready() const { return !ready_ || ready_(); }

  // How a background worker that holds leases in the database (a webhook delivery, a durable
  // task) stops: it takes no new work and returns once what it holds is finished and
  // committed. The server's shutdown calls these (StopBackground) at the signal, while its
  // calls drain, so that the worker's leases are released within the grace instead of being
  // left to expire, which would hold that work up after a rolling restart. `stop` must be
  // safe to call again and at the same time as the worker's destructor.
  void OnShutdown(std::function<void()> stop) { stops_.push_back(std::move(stop)); }
  // Runs what OnShutdown registered, the last registered first. Once only (later calls do
  // nothing); call it before Release, from one thread.
  void StopBackground();

  // Destroys the readiness condition, then the services, then the kept objects, the last made
  // first: a background worker stops before what it uses goes away. Call it only once the
  // server has stopped. The bundle is empty afterwards.
  void Release();

 private:
  struct Kept {
    std::shared_ptr<void> object;
    std::type_index type;
  };

  std::vector<Kept> kept_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::function<bool()> ready_;
  std::vector<std::function<void()>> stops_;
};

// Whether a server hosting `bundle` can do its work: UNAVAILABLE while the bundle is not
// ready, else whether the database answers on `pool` within a second. What the health service
// reports for the service names.
absl::Status CheckReadiness(const ServiceBundle& bundle, db::ConnectionPool& pool);

}  // namespace meridian
