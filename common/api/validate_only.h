// What a create with validate_only (AIP-163) returns: the resource as it would have been
// created (defaults applied, skills canonical, output-only fields worked out), without what
// only a real create gives it.
//
//   absl::StatusOr<v1::Client> client = pool.InTransactionOrDryRun<v1::Client>(...);
//   if (client.ok() && request.validate_only()) ClearIdentityFields(*client);
#pragma once

#include "google/protobuf/message.h"

namespace meridian {

// Clears the top-level name, create_time, update_time and etag fields that `resource` has:
// nothing was created, so there is no such resource to name, date or guard.
void ClearIdentityFields(google::protobuf::Message& resource);

}  // namespace meridian
