// A grpc::ClientContext with a deadline, as every real caller should set: a test whose server
// hangs fails at the deadline instead of hanging ctest.
//
//   grpc::Status status = stub->GetClient(Context().get(), request, &client);
//   health->Check(Context(absl::Seconds(2)).get(), request, &response);
#pragma once

#include <memory>

#include "absl/time/time.h"
#include "grpcpp/client_context.h"

namespace meridian::testing {

// A new context whose deadline is `timeout` from now.
std::unique_ptr<grpc::ClientContext> Context(absl::Duration timeout = absl::Seconds(20));

}  // namespace meridian::testing
