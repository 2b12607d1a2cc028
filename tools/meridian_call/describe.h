// What `./meridian call <svc> <Method> --describe` prints: the method's purpose, the request's
// fields (nested messages expanded) with their types, enum values, whether they are required,
// and their comments, and an example request to start from. Output-only fields are left out:
// a request ignores them.
//
//   const DescriptorPool* comments = LoadCommentedPool("build/docs/contract.binpb");  // or null
//   std::string text = DescribeMethod(*method, comments);
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace meridian::call {

// A pool built from a descriptor set written with --include_source_info (the build's
// docs/contract.binpb), whose elements carry the .proto comments. The generated pool has none.
absl::StatusOr<std::unique_ptr<google::protobuf::DescriptorPool>> LoadCommentedPool(
    const std::string& path);

// The description; comments come from `commented` when given (nullptr: types only).
std::string DescribeMethod(const google::protobuf::MethodDescriptor& method,
                           const google::protobuf::DescriptorPool* commented);

// A request with every required field filled with a placeholder of the right shape (resource
// names from their patterns, the first value of an enum), as one line of JSON.
std::string ExampleRequest(const google::protobuf::Descriptor& type);

}  // namespace meridian::call
