// Texts pasted into DraftRole: any bytes give a draft or INVALID_ARGUMENT, every evidence span
// lies inside the text, and the draft is a message protobuf can send (UTF-8, no surprises).
// Input: the text.
#include <string>

#include "services/intake/domain/role_draft.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian;
  const std::string text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<intake::v1::RoleDraft> draft =
      intake::DraftRoleFromText(text, fuzz::TestCatalog());
  if (!draft.ok()) {
    FUZZ_CHECK(draft.status().code() == absl::StatusCode::kInvalidArgument,
               "a text was refused with something other than INVALID_ARGUMENT");
    return 0;
  }
  for (const intake::v1::FieldEvidence& evidence : draft->evidence()) {
    FUZZ_CHECK(evidence.begin() >= 0 && evidence.begin() <= evidence.end() &&
                   static_cast<size_t>(evidence.end()) <= size,
               "an evidence span outside the text");
  }
  std::string bytes;
  FUZZ_CHECK(draft->SerializeToString(&bytes), "the draft does not serialise");
  intake::v1::RoleDraft parsed;
  FUZZ_CHECK(parsed.ParseFromString(bytes), "the draft does not parse back (not UTF-8?)");
  return 0;
}
