// The index load's scanner of jsonb's lists (ReadJsonList) on any bytes: it never crashes or
// reads past the text, and on every text a general parser (nlohmann) reads as a JSON array it
// makes exactly the calls that parser's document gives. (Left out of the comparison: texts
// nested deeper than the scanner reads, which it refuses on purpose, and texts with a NUL.)
#include <algorithm>
#include <string>

#include "nlohmann/json.hpp"
#include "services/talent/index_load/json_list.h"
#include "tests/fuzz/fuzz_support.h"
#include "tests/services/talent/index_load/json_list_reference.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian::talent;
  // A copy of just the input's bytes, so that AddressSanitizer sees any read past them.
  const std::string text(reinterpret_cast<const char*>(data), size);
  JsonDecoded decoded;
  JsonCalls calls;
  const bool read = ReadJsonList(text, decoded, calls);
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  const auto openings =
      std::count_if(text.begin(), text.end(), [](char c) { return c == '[' || c == '{'; });
  // nlohmann takes a NUL byte for the end of the text (PostgreSQL's text never holds one).
  const bool has_nul = text.find('\0') != std::string::npos;
  if (parsed.is_discarded() || !parsed.is_array() || openings > 60 || has_nul) return 0;
  FUZZ_CHECK(read, "refused a JSON array a general parser reads");
  FUZZ_CHECK(calls.calls() == ReferenceCalls(parsed), "read a list otherwise than nlohmann");
  return 0;
}
