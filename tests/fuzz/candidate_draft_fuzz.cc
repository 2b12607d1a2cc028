// CVs pasted into DraftCandidate: any bytes give a draft or INVALID_ARGUMENT, every evidence
// span lies inside the text, and the draft is a message protobuf can send (UTF-8, no
// surprises). Input: the text; today is fixed, so that a finding replays the same.
#include <string>

#include "services/talent/domain/candidate_draft.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian;
  const std::string text(reinterpret_cast<const char*>(data), size);
  fuzz::CheckDraft(
      talent::DraftCandidateFromText(text, fuzz::TestCatalog(), absl::CivilDay(2026, 11, 30)),
      size);
  return 0;
}
