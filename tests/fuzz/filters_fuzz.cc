// Every filter language we parse (AIP-160 subsets): any text is either parsed or refused with
// INVALID_ARGUMENT, never a crash.
// Input: the filter text.
#include <string>

#include "common/api/filter.h"
#include "common/events/event_filter.h"
#include "services/intake/domain/role_filter.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian;
  const std::string text(reinterpret_cast<const char*>(data), size);

  absl::StatusOr<ParsedFilter> parsed = ParseFilter(
      text, {.equality = {"state", "candidate", "client"}, .ordered = {"create_time", "due_time"}});
  FUZZ_CHECK(parsed.ok() || parsed.status().code() == absl::StatusCode::kInvalidArgument,
             "ParseFilter failed with a code other than INVALID_ARGUMENT");
  (void)ParseEqualityFilter(text, {"state", "kind"});
  (void)intake::ParseRoleFilter(text);

  absl::StatusOr<EventSelection> selection = ParseEventFilter(text);
  FUZZ_CHECK(selection.ok() || selection.status().code() == absl::StatusCode::kInvalidArgument,
             "ParseEventFilter failed with a code other than INVALID_ARGUMENT");
  if (selection.ok()) {
    // What one filter selects is what the same filter selects again (resuming a stream
    // compares selections this way).
    absl::StatusOr<EventSelection> again = ParseEventFilter(text);
    FUZZ_CHECK(again.ok() && CanonicalSelection(*again) == CanonicalSelection(*selection),
               "the same event filter selected differently");
  }
  return 0;
}
