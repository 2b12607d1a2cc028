// Page tokens come back from callers as they please: decoding any text never crashes, refuses
// what we did not make (for this list's fingerprint), and what we make decodes to itself.
// Input: token 0x1F fingerprint.
#include "common/paging/paging.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian;
  const std::vector<std::string> parts = fuzz::SplitInput(data, size, 2);
  const std::string& token = parts[0];
  const std::string& fingerprint = parts[1];

  absl::StatusOr<int64_t> after = DecodePageToken(token, fingerprint);
  if (after.ok()) {
    absl::StatusOr<int64_t> again =
        DecodePageToken(EncodePageToken(*after, fingerprint), fingerprint);
    FUZZ_CHECK(again.ok() && *again == *after, "a decoded page token did not round-trip");
  }
  (void)DecodeOpaqueToken(token, fingerprint);

  // Any position we encode (never empty; bounded, as list positions are) decodes to itself,
  // and not under another fingerprint.
  if (token.empty() || token.size() > 1000) return 0;
  absl::StatusOr<std::string> position =
      DecodeOpaqueToken(EncodeOpaqueToken(token, fingerprint), fingerprint);
  FUZZ_CHECK(position.ok() && *position == token, "an opaque token did not round-trip");
  absl::StatusOr<std::string> elsewhere =
      DecodeOpaqueToken(EncodeOpaqueToken(token, fingerprint), fingerprint + "x");
  FUZZ_CHECK(!elsewhere.ok(), "a token was accepted under another list's fingerprint");
  return 0;
}
