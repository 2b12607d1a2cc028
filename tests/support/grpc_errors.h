// Reading the google.rpc details of a status in tests: a grpc::Status the way a client would,
// an absl::Status the way the RPC boundary would.
//
//   EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::RESOURCE_NOT_FOUND));
//   EXPECT_THAT(ViolationsOf(status), Contains(Key("client.display_name")));
//   EXPECT_THAT(ViolationsOf(ValidateClient(client, "client")),
//               ElementsAre(Pair("client.website", HasSubstr("https"))));
//   EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask.paths[1]",
//   "update_mask.paths[0]"));
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/errors/errors.h"  // ReasonName, to compare with ReasonOf.
#include "grpcpp/support/status.h"

namespace meridian::testing {

// ErrorInfo.reason from the status details, or "" when there is none.
std::string ReasonOf(const grpc::Status& status);

// ErrorInfo.metadata from the status details.
std::map<std::string, std::string> ErrorMetadataOf(const grpc::Status& status);

// The BadRequest field violations, field -> description, sorted by field; a field that broke
// two rules is there twice. Empty when the status has no BadRequest.
std::multimap<std::string, std::string> ViolationsOf(const grpc::Status& status);
std::multimap<std::string, std::string> ViolationsOf(const absl::Status& status);

// The fields of the BadRequest field violations, in the order they were reported.
std::vector<std::string> ViolatedFields(const absl::Status& status);

}  // namespace meridian::testing
