#include "tests/support/client_context.h"

#include "absl/time/clock.h"

namespace meridian::testing {

std::unique_ptr<grpc::ClientContext> Context(absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  return context;
}

}  // namespace meridian::testing
