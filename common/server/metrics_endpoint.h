// Serves the process's metrics (common/metrics/metrics.h) at http://<address>/metrics for
// Prometheus, with prometheus-cpp's own HTTP server, on a port of its own beside gRPC's.
//
//   std::unique_ptr<MetricsEndpoint> metrics = MetricsEndpoint::Start("0.0.0.0:9090");
//   int port = metrics->port();   // the bound port (useful with :0)
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "prometheus/exposer.h"

namespace meridian {

class MetricsEndpoint final {
 public:
  // Listens on `address` (host:port; port 0 picks a free one); an address that cannot be
  // bound is FAILED_PRECONDITION.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(const std::string& address);

  int port() const;

 private:
  explicit MetricsEndpoint(std::unique_ptr<prometheus::Exposer> exposer)
      : exposer_(std::move(exposer)) {}

  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace meridian
