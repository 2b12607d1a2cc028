// Rules for every text a caller sends: no control characters. PostgreSQL cannot store NUL
// in text or jsonb, and other control characters have no business in names and notes, so
// they are refused up front as INVALID_ARGUMENT instead of failing later in the database.
//
//   FieldViolations violations;
//   CheckTextFields(client, "client", violations);  // walks every string, nested too
#pragma once

#include "absl/strings/string_view.h"
#include "common/errors/errors.h"
#include "google/protobuf/message.h"

namespace meridian {

// True when `text` has a control character other than tab, newline and carriage return.
bool HasControlCharacter(absl::string_view text);

// Adds a violation for every string field of `message` (recursively, repeated fields
// included) that has a control character, named by its path under `path`.
void CheckTextFields(const google::protobuf::Message& message, absl::string_view path,
                     FieldViolations& violations);

}  // namespace meridian
