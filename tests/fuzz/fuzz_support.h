// What the fuzz targets share: splitting one input into fields, a check that stops the run
// with a message (libFuzzer then keeps the input as a crash), and a small skill catalog.
//
//   std::vector<std::string> parts = SplitInput(data, size, 2);  // fields split on 0x1F
//   FUZZ_CHECK(decoded == value, "a page token did not round-trip");
//
// Inputs that fill protobuf messages are protobuf text format, so that the seeds in
// tests/fuzz/corpus/ can be read and written by hand.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/skills/skill_catalog.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace meridian::fuzz {

// The input as `count` fields split on the ASCII unit separator (0x1F); missing fields are
// empty and the last field keeps any further separators.
inline std::vector<std::string> SplitInput(const uint8_t* data, size_t size, size_t count) {
  std::vector<std::string> parts(count);
  size_t field = 0;
  for (size_t i = 0; i < size; ++i) {
    const char c = static_cast<char>(data[i]);
    if (c == '\x1f' && field + 1 < count) {
      ++field;
    } else {
      parts[field].push_back(c);
    }
  }
  return parts;
}

// Fills `message` from text format; false when the text is not a valid message.
inline bool ParseText(const std::string& text, google::protobuf::Message* message) {
  google::protobuf::TextFormat::Parser parser;
  parser.AllowPartialMessage(true);
  // Quiet: most fuzzed inputs are not valid text format, and that is not news.
  class Silent final : public google::protobuf::io::ErrorCollector {
    void AddError(int, int, const std::string&) override {}
  } silent;
  parser.RecordErrorsTo(&silent);
  return parser.ParseFromString(text, message);
}

// A catalog of a few skills with the kinds of aliases the real one has.
inline const SkillCatalog& TestCatalog() {
  static const auto* catalog = new SkillCatalog({
      {"go", "go"},
      {"golang", "go"},
      {"nodejs", "nodejs"},
      {"node.js", "nodejs"},
      {"node", "nodejs"},
      {"postgresql", "postgresql"},
      {"postgres", "postgresql"},
      {"react", "react"},
      {"reactjs", "react"},
      {"kubernetes", "kubernetes"},
      {"k8s", "kubernetes"},
      {"c++", "cpp"},
      {"cpp", "cpp"},
      {"c#", "csharp"},
      {"csharp", "csharp"},
  });
  return *catalog;
}

}  // namespace meridian::fuzz

// Stops the run when `condition` is false: a broken property is a finding, like a crash.
#define FUZZ_CHECK(condition, what)                                              \
  do {                                                                           \
    if (!(condition)) {                                                          \
      std::fprintf(stderr, "fuzz property broken: %s (%s)\n", what, #condition); \
      std::abort();                                                              \
    }                                                                            \
  } while (false)

namespace meridian::fuzz {

// What every drafter (DraftRole, DraftCandidate) promises for any text of `size` bytes: a
// draft or INVALID_ARGUMENT, every evidence span inside the text, and a draft protobuf can
// send and read back (UTF-8, no surprises).
template <typename Draft>
void CheckDraft(const absl::StatusOr<Draft>& draft, size_t size) {
  if (!draft.ok()) {
    FUZZ_CHECK(draft.status().code() == absl::StatusCode::kInvalidArgument,
               "a text was refused with something other than INVALID_ARGUMENT");
    return;
  }
  for (const auto& evidence : draft->evidence()) {
    FUZZ_CHECK(evidence.begin() >= 0 && evidence.begin() <= evidence.end() &&
                   static_cast<size_t>(evidence.end()) <= size,
               "an evidence span outside the text");
  }
  std::string bytes;
  FUZZ_CHECK(draft->SerializeToString(&bytes), "the draft does not serialise");
  Draft parsed;
  FUZZ_CHECK(parsed.ParseFromString(bytes), "the draft does not parse back (not UTF-8?)");
}

}  // namespace meridian::fuzz
