#include "tools/meridian_call/contract.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.pb.h"

// Written by the build from docs/contract.binpb (embed_contract.cmake).
extern const unsigned char kMeridianContractDescriptors[];
extern const size_t kMeridianContractDescriptorsSize;

namespace meridian::call {

namespace pb = google::protobuf;

absl::StatusOr<std::unique_ptr<Contract>> Contract::Embedded() {
  return FromDescriptorSet(
      absl::string_view(reinterpret_cast<const char*>(kMeridianContractDescriptors),
                        kMeridianContractDescriptorsSize));
}

absl::StatusOr<std::unique_ptr<Contract>> Contract::FromDescriptorSet(absl::string_view bytes) {
  pb::FileDescriptorSet set;
  if (!set.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::InvalidArgumentError("the contract is not a FileDescriptorSet");
  }
  std::unique_ptr<Contract> contract(new Contract());
  contract->pool_ = std::make_unique<pb::DescriptorPool>();
  // protoc writes imports before the files that use them, so each file builds in order.
  for (const pb::FileDescriptorProto& file : set.file()) {
    const pb::FileDescriptor* built = contract->pool_->BuildFile(file);
    if (built == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("the contract's ", file.name(), " does not build"));
    }
    for (int i = 0; i < built->service_count(); ++i) {
      // Meridian's own: gRPC's health service is not called through this tool.
      if (absl::StartsWith(built->service(i)->full_name(), "meridian.")) {
        contract->services_.push_back(built->service(i));
      }
    }
  }
  std::sort(contract->services_.begin(), contract->services_.end(),
            [](const auto* a, const auto* b) { return a->full_name() < b->full_name(); });
  contract->factory_ = std::make_unique<pb::DynamicMessageFactory>(contract->pool_.get());
  return contract;
}

}  // namespace meridian::call
