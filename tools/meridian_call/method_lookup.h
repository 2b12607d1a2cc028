// Finding the RPC a person means on `./meridian call`: by its name alone ("CreateClient") or
// its full name, among the services of the port being called, with a suggestion when it is
// not there ("did you mean CreateCandidate?", "CreateClient is intake's: ./meridian call
// intake CreateClient").
//
//   absl::StatusOr<const MethodDescriptor*> method =
//       FindMethod(contract.services(), "CreateCandidat", "talent");
//   // NOT_FOUND: "unknown method CreateCandidat; did you mean CreateCandidate?"
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace meridian::call {

// The services, of `services` (the contract's, contract.h), served on `port` ("intake",
// "talent", "placement"; "access" and "events": intake's, whose port also serves them; "":
// every service).
std::vector<const google::protobuf::ServiceDescriptor*> ServicesOf(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services,
    absl::string_view port);

// The port ("intake", "talent", "placement") that serves `service`.
std::string PortOf(const google::protobuf::ServiceDescriptor& service);

// Resolves "Method", "pkg.Service/Method" or "/pkg.Service/Method" among the methods of
// `services` that `port` serves ("" for any). NOT_FOUND says which port serves a method of
// another one, or suggests the nearest names; INVALID_ARGUMENT when a bare name is ambiguous.
absl::StatusOr<const google::protobuf::MethodDescriptor*> FindMethod(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services, absl::string_view name,
    absl::string_view port);

}  // namespace meridian::call
