// The trace id that follows one action through the services: `x-request-id` metadata. A
// server takes it from the call (or makes one: RunRpc) and logs it on every line of the call
// as "trace_id"; every call it makes to another service passes it on.
//
//   grpc::ClientContext context;
//   PassTraceId(context);   // the calling thread's trace id, when it serves a call
#pragma once

#include "absl/strings/string_view.h"
#include "grpcpp/client_context.h"

namespace meridian {

inline constexpr absl::string_view kTraceIdMetadata = "x-request-id";

// Adds the calling thread's trace id (log::CurrentTraceId) to `context`, if it has one.
void PassTraceId(grpc::ClientContext& context);

// True for an id worth keeping from a caller: 1-128 characters of letters, digits and
// . _ : / -; anything else is replaced by a new one (it lands in every log line).
bool IsUsableTraceId(absl::string_view id);

}  // namespace meridian
