// Shapes of contact details people type: email addresses and phone numbers.
//
//   if (!LooksLikeEmail(contact.email())) violations.Add("...email", "must be an email address");
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace meridian {

// One "@", a non-empty local part, a dotted domain, no spaces, at most 254 characters.
bool LooksLikeEmail(absl::string_view email);

// 5-20 digits with - . or spaces between them, one "+" at the start at most, and one balanced
// pair of parentheses at most ("+1 (555) 010-9999"); at most 32 characters.
bool LooksLikePhone(absl::string_view phone);

// The key two spellings of one email share: trimmed, lower case.
std::string EmailKey(absl::string_view email);

// The key two spellings of one phone number share: its digits ("+351 912-345-678" and
// "351912345678" are one number).
std::string PhoneKey(absl::string_view phone);

}  // namespace meridian
