// The demo data's client side: calls that are retried while the failure is transient
// (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED), with what a create's answer
// means for a loader that may run again (created now, there already, failed), and the reading
// of an error's details.
//
//   Outcome outcome = Send<intake::Client>(run_start, [&](auto* context, auto* response) {
//     return stub->CreateClient(context, request, response);
//   });
//   grpc::Status status = Call([&](grpc::ClientContext* context) { return ...; });
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace meridian::demo_data {

inline constexpr absl::Duration kCallTimeout = absl::Seconds(30);
inline constexpr int kMaxAttempts = 5;

enum class Result { kCreated, kAlreadyThere, kFailed };

struct Outcome {
  Result result = Result::kFailed;
  std::string name;   // the resource, when it is there
  std::string error;  // when it failed
};

struct Tally {
  int created = 0;
  int already_there = 0;
  int failed = 0;
  void Count(const Outcome& outcome) {
    switch (outcome.result) {
      case Result::kCreated:
        ++created;
        break;
      case Result::kAlreadyThere:
        ++already_there;
        break;
      case Result::kFailed:
        ++failed;
        break;
    }
  }
};

absl::Time ToTime(const google::protobuf::Timestamp& timestamp);

bool IsTransient(grpc::StatusCode code);

// True when the request_id was used before for a request that differed (an earlier run on
// another day generated other available_from dates): the resource is there already.
bool RequestIdUsedBefore(const grpc::Status& status);

std::string Describe(const grpc::Status& status);

// Calls `rpc(context)` until it succeeds or fails for good. Only for calls that are safe to
// repeat (a repeated move or record fails with an error this code reads as "already done").
template <typename Rpc>
grpc::Status Call(const Rpc& rpc) {
  grpc::Status status;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
    status = rpc(&context);
    if (status.ok() || !IsTransient(status.error_code())) break;
    absl::SleepFor(absl::Milliseconds(100) * (1 << (attempt - 1)));
  }
  return status;
}

// Calls `rpc(context, response)` until it succeeds or fails for good; retries are safe
// because every request carries a request_id. A resource created before `run_start` was
// there already: a retry of an earlier run's request returns it unchanged.
template <typename Response, typename Rpc>
Outcome Send(absl::Time run_start, const Rpc& rpc) {
  Response response;
  const grpc::Status status = Call([&](grpc::ClientContext* context) {
    response = Response();
    return rpc(context, &response);
  });
  if (status.ok()) {
    return {ToTime(response.create_time()) < run_start ? Result::kAlreadyThere : Result::kCreated,
            response.name(), ""};
  }
  if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS || RequestIdUsedBefore(status)) {
    return {Result::kAlreadyThere, "", ""};
  }
  return {Result::kFailed, "", Describe(status)};
}

// Waits up to `timeout` for `channel` to connect; false, with a message naming the service and
// its address flag, when it does not.
bool Connect(const std::shared_ptr<grpc::Channel>& channel, absl::string_view service,
             absl::string_view address, absl::Duration timeout);

// The ErrorInfo of a failed call, if it has one.
std::optional<google::rpc::ErrorInfo> ErrorInfoOf(const grpc::Status& status);

std::string ErrorReason(const grpc::Status& status);

std::string ErrorMetadata(const grpc::Status& status, const std::string& key);

}  // namespace meridian::demo_data
