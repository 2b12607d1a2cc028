// Candidates as callers write them (text format of meridian.talent.v1.Candidate): preparing
// never crashes, reports INVALID_ARGUMENT or passes, and a prepared candidate prepares again.
#include <string>

#include "services/talent/domain/candidate_rules.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian;
  talent::v1::Candidate candidate;
  if (!fuzz::ParseText(std::string(reinterpret_cast<const char*>(data), size), &candidate))
    return 0;
  talent::ClearOutputOnlyFields(candidate);
  const absl::Status status = talent::PrepareCandidate(candidate, "candidate", fuzz::TestCatalog());
  FUZZ_CHECK(status.ok() || status.code() == absl::StatusCode::kInvalidArgument,
             "PrepareCandidate failed with a code other than INVALID_ARGUMENT");
  if (status.ok()) {
    talent::v1::Candidate again = candidate;
    FUZZ_CHECK(talent::PrepareCandidate(again, "candidate", fuzz::TestCatalog()).ok(),
               "a prepared candidate failed again");
    FUZZ_CHECK(again.SerializeAsString() == candidate.SerializeAsString(),
               "preparing a prepared candidate changed it");
  }
  return 0;
}
