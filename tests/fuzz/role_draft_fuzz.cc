// Texts pasted into DraftRole: any bytes give a draft or INVALID_ARGUMENT, every evidence span
// lies inside the text, and the draft is a message protobuf can send (UTF-8, no surprises).
// Input: the text.
#include <string>

#include "services/intake/domain/role_draft.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::CheckDraft(intake::DraftRoleFromText(text, fuzz::TestCatalog()), size);
  return 0;
}
