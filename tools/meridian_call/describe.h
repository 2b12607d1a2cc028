// What `./meridian call <svc> <Method> --describe` prints: the method's purpose, the request's
// fields (nested messages expanded) with their types, enum values, whether they are required,
// and their comments, and an example request to start from. Output-only fields are left out:
// a request ignores them.
//
//   std::string text = DescribeMethod(*method, &contract.pool(), contract.services());
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace meridian::call {

// A pool built from a descriptor set written with --include_source_info (the build's
// docs/contract.binpb), whose elements carry the .proto comments. The generated pool has none.
absl::StatusOr<std::unique_ptr<google::protobuf::DescriptorPool>> LoadCommentedPool(
    const std::string& path);

// The description; comments come from `commented` when given (nullptr: types only), resource
// name patterns from the files of `services` (the contract's, contract.h).
std::string DescribeMethod(const google::protobuf::MethodDescriptor& method,
                           const google::protobuf::DescriptorPool* commented,
                           const std::vector<const google::protobuf::ServiceDescriptor*>& services);

// A request with every required field filled with a placeholder of the right shape (resource
// names from the patterns of the files of `services`, the first value of an enum), as one line
// of JSON.
std::string ExampleRequest(const google::protobuf::Descriptor& type,
                           const std::vector<const google::protobuf::ServiceDescriptor*>& services);

}  // namespace meridian::call
