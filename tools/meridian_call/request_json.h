// Reading a request typed by a person: the JSON of `./meridian call`, checked against the
// request's type with messages that say what to fix, before protobuf's own JSON parser makes
// the message.
//
//   absl::StatusOr<std::unique_ptr<Message>> request =
//       ParseRequest(R"({"interview": {"kind": "TECNICAL", "titel": "x"}})",
//                    *CreateInterviewRequest::descriptor());
//   // INVALID_ARGUMENT:
//   //   interview.kind: "TECNICAL" is not a meridian.talent.v1.Interview.Kind; allowed:
//   //     SCREENING, TECHNICAL, CULTURE, FINAL
//   //   interview.titel: unknown field of meridian.talent.v1.Interview; did you mean title?
//
// What is reported, all at once: JSON that does not parse (with its line, column and the
// text there; single quotes, comments and trailing commas are not JSON and are refused), every
// unknown field (with the nearest known name), an enum value that is not one (with the values
// allowed), and a value of the wrong JSON type (with the type expected).
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace meridian::call {

// The request as a message of `type` made by `factory` (a DynamicMessageFactory over the pool
// `type` is of; the generated factory for a generated type).
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> ParseRequest(
    absl::string_view json, const google::protobuf::Descriptor& type,
    google::protobuf::MessageFactory* factory =
        google::protobuf::MessageFactory::generated_factory());

}  // namespace meridian::call
