// What business logic may know about the call it serves: when its caller stops waiting, which
// RPC it is, who is calling, and the request_id it carries. No gRPC types: the RPC layer
// (common/server/rpc_call.h) fills it in, cores read it.
//
//   absl::StatusOr<v1::Candidate> CandidateService::CreateCandidate(
//       const v1::CreateCandidateRequest& request, const CallContext& call) {
//     ... candidate.set_owner(call.caller.agency); ...
//     return pool_.InTransaction<v1::Candidate>(call.deadline, ...);
//   }
#pragma once

#include <string>

#include "absl/time/time.h"
#include "common/auth/caller.h"

namespace meridian {

struct CallContext {
  // When the caller stops waiting; a finite default applies when it set none.
  absl::Time deadline = absl::InfiniteFuture();
  // The RPC's name in its .proto ("CreateCandidate"), for logs.
  std::string method = {};
  // Who is calling, once authenticated.
  Caller caller = {};
  // The request's request_id, when it has one.
  std::string request_id = {};
};

}  // namespace meridian
