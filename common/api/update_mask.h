// Applying an AIP-134 update_mask to a stored resource.
//
//   absl::Status status = ApplyUpdateMask(request.client(), request.update_mask(),
//                                         {.resource_field = "client",
//                                          .immutable = {"name", "create_time", ...}},
//                                         &stored_client);
//
// An empty mask means "every field set in the patch"; "*" replaces every updatable field.
// Paths may reach into messages ("working_hours.start"); repeated and message fields named
// by a path are replaced, not merged. Unknown paths and immutable fields are
// INVALID_ARGUMENT on update_mask.
#pragma once

#include <set>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace meridian {

struct UpdateMaskRules {
  // The request field holding the resource, for error messages ("client").
  std::string resource_field;
  // Top-level fields that no update may change (name, output-only fields).
  std::set<std::string> immutable;
};

absl::Status ApplyUpdateMask(const google::protobuf::Message& patch,
                             const google::protobuf::FieldMask& mask, const UpdateMaskRules& rules,
                             google::protobuf::Message* target);

}  // namespace meridian
