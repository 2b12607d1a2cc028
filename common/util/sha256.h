// SHA-256 digests (OpenSSL) for checksums and request fingerprints.
//
//   std::string hex = meridian::Sha256Hex("abc");  // "ba7816bf..."
#pragma once

#include <string>
#include "absl/strings/string_view.h"

namespace meridian {

// The 32-byte digest.
std::string Sha256(absl::string_view data);
// The digest as 64 lowercase hex characters.
std::string Sha256Hex(absl::string_view data);

}  // namespace meridian
