// API keys: how they are made, sent, stored and compared.
//
// A key is "mrd_" followed by 43 base64url characters (256 bits from OpenSSL's CSPRNG). The
// database keeps only its SHA-256: a leaked table gives no usable key, and since the keys
// are long random strings, a fast unsalted hash is the right tool (a password hash protects
// guessable secrets, which these are not).
//
//   std::string key = NewApiKey();                 // shown once, to the caller who made it
//   std::string stored = ApiKeyHash(key);          // what access.api_keys holds
//   std::optional<std::string> sent = BearerKey("Bearer mrd_...");
//   bool same = HashesEqual(ApiKeyHash(*sent), stored);   // constant time
#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace meridian {

// The prefix every key starts with, so a leaked key is recognisable (secret scanners).
inline constexpr absl::string_view kApiKeyPrefix = "mrd_";

// A new random key.
std::string NewApiKey();

// True for a string shaped like a key NewApiKey() makes; anything else is refused before a
// database lookup.
bool LooksLikeApiKey(absl::string_view key);

// The stored form: SHA-256 of the key, 64 lowercase hex characters.
std::string ApiKeyHash(absl::string_view key);

// The key in an `authorization` metadata value "Bearer <key>" (the scheme in any case, one or
// more spaces); nullopt when the value has another shape.
std::optional<std::string> BearerKey(absl::string_view authorization);

// Compares two hashes in time that depends only on their length.
bool HashesEqual(absl::string_view a, absl::string_view b);

}  // namespace meridian
