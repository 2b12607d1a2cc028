#include "common/server/service_bundle.h"

#include "absl/time/clock.h"

namespace meridian {

void ServiceBundle::AddService(std::unique_ptr<grpc::Service> service) {
  services_.push_back(std::move(service));
}

std::vector<grpc::Service*> ServiceBundle::services() const {
  std::vector<grpc::Service*> services;
  for (const auto& service : services_) services.push_back(service.get());
  return services;
}

void ServiceBundle::StopBackground() {
  std::vector<std::function<void()>> stops;
  stops.swap(stops_);
  for (auto stop = stops.rbegin(); stop != stops.rend(); ++stop) (*stop)();
}

void ServiceBundle::Release() {
  ready_ = nullptr;
  stops_.clear();
  // One at a time from the back: std::vector's destructor and clear() destroy from the front,
  // which would free an index while the follower that writes it still runs.
  while (!services_.empty()) services_.pop_back();
  while (!kept_.empty()) kept_.pop_back();
}

absl::Status CheckReadiness(const ServiceBundle& bundle, db::ConnectionPool& pool) {
  if (!bundle.ready()) return absl::UnavailableError("not ready");
  return pool.Ping(absl::Now() + absl::Seconds(1));
}

}  // namespace meridian
