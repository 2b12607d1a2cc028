// The contract meridian_call calls: every Meridian service, read from the descriptor set the
// build writes (docs/contract.binpb, with the .proto comments) and compiled into the tool, so
// that it reaches every service the protos define (the events service included) without
// linking their generated code, and --describe has the comments wherever the tool runs.
// Requests and responses are dynamic messages of that pool.
//
//   absl::StatusOr<std::unique_ptr<Contract>> contract = Contract::Embedded();
//   absl::StatusOr<const MethodDescriptor*> method =
//       FindMethod((*contract)->services(), "StreamEvents", "events");
//   ParseRequest(json, *(*method)->input_type(), (*contract)->factory());
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/message.h"

namespace meridian::call {

class Contract final {
 public:
  // The descriptor set compiled into this binary (contract_descriptors.cc, made by the build).
  static absl::StatusOr<std::unique_ptr<Contract>> Embedded();
  // A serialized FileDescriptorSet with its imports (protoc --include_imports);
  // INVALID_ARGUMENT when it does not parse or a file does not build.
  static absl::StatusOr<std::unique_ptr<Contract>> FromDescriptorSet(absl::string_view bytes);

  const google::protobuf::DescriptorPool& pool() const { return *pool_; }
  // Meridian's own services (meridian.*), sorted by full name.
  const std::vector<const google::protobuf::ServiceDescriptor*>& services() const {
    return services_;
  }
  // Makes the messages of this pool's types (requests, responses).
  google::protobuf::MessageFactory* factory() const { return factory_.get(); }

 private:
  Contract() = default;

  std::unique_ptr<google::protobuf::DescriptorPool> pool_;
  // Declared after the pool: the prototypes it made refer to the pool's descriptors.
  std::unique_ptr<google::protobuf::DynamicMessageFactory> factory_;
  std::vector<const google::protobuf::ServiceDescriptor*> services_;
};

}  // namespace meridian::call
