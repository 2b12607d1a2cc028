// Reading the google.rpc details of a grpc::Status in tests, the way a client would.
//
//   EXPECT_EQ(ReasonOf(status), ReasonName(common::v1::RESOURCE_NOT_FOUND));
//   EXPECT_THAT(FieldViolationsOf(status), Contains(Key("client.display_name")));
#pragma once

#include <map>
#include <string>

#include "common/errors/errors.h"  // ReasonName, to compare with ReasonOf.
#include "grpcpp/support/status.h"

namespace meridian::testing {

// ErrorInfo.reason from the status details, or "" when there is none.
std::string ReasonOf(const grpc::Status& status);

// ErrorInfo.metadata from the status details.
std::map<std::string, std::string> ErrorMetadataOf(const grpc::Status& status);

// BadRequest field violations, field -> description.
std::map<std::string, std::string> FieldViolationsOf(const grpc::Status& status);

}  // namespace meridian::testing
