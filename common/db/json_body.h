// How resources are stored: the descriptive fields of a protobuf message as proto JSON in a
// jsonb `body` column (field names as in the .proto, so operators can query them), next to
// the columns queries need.
//
//   tx.exec_params("INSERT ... body) VALUES (..., $2::jsonb)", ToJsonBody(client));
//   v1::Client client = FromJsonBody<v1::Client>(row[2].as<std::string>());
#pragma once

#include <stdexcept>
#include <string>

#include "google/protobuf/message.h"
#include "google/protobuf/util/json_util.h"

namespace meridian::db {

inline std::string ToJsonBody(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) {
    throw std::runtime_error("cannot encode a resource as JSON");
  }
  return json;
}

// Bodies written by a newer release may carry fields this one does not know: they are skipped.
template <typename T>
T FromJsonBody(const std::string& json) {
  T message;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(json, &message, options).ok()) {
    throw std::runtime_error("a stored resource body does not parse");
  }
  return message;
}

}  // namespace meridian::db
