// README.md's error reasons table against the ErrorReason enum: every value is documented,
// and nothing is documented that the enum lacks. The table sits between the markers
// `<!-- error-reasons:begin` and `<!-- error-reasons:end -->`; each row starts with the reason
// in backticks and names its status code next:
//
//   | `ETAG_MISMATCH` | ABORTED | the `etag` sent is stale: ... |
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "meridian/common/v1/error_reason.pb.h"

namespace meridian {
namespace {

using ::testing::IsEmpty;

struct ReadmeReason {
  std::string name;
  std::string codes;  // The second column, "ABORTED" or "INTERNAL, UNKNOWN or DATA_LOSS".
};

// The rows of the marked table in README.md; fails the test when the markers are missing.
std::vector<ReadmeReason> ReadmeReasons() {
  std::ifstream file(MERIDIAN_README_PATH);
  EXPECT_TRUE(file.good()) << "cannot read " << MERIDIAN_README_PATH;
  std::stringstream text;
  text << file.rdbuf();
  const std::string readme = text.str();
  const size_t begin = readme.find("<!-- error-reasons:begin");
  const size_t end = readme.find("<!-- error-reasons:end -->");
  EXPECT_NE(begin, std::string::npos) << "README.md has no error-reasons:begin marker";
  EXPECT_NE(end, std::string::npos) << "README.md has no error-reasons:end marker";
  if (begin == std::string::npos || end == std::string::npos || end < begin) return {};

  std::vector<ReadmeReason> reasons;
  const std::regex row(R"(^\| `([A-Z][A-Z0-9_]*)` \| ([^|]+) \|)");
  std::istringstream lines(readme.substr(begin, end - begin));
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, row)) reasons.push_back({match[1], match[2]});
  }
  return reasons;
}

// Every value of ErrorReason but the proto3 default, which is never sent.
std::set<std::string> EnumReasons() {
  const google::protobuf::EnumDescriptor* reasons = common::v1::ErrorReason_descriptor();
  std::set<std::string> names;
  for (int i = 0; i < reasons->value_count(); ++i) {
    if (reasons->value(i)->number() == common::v1::ERROR_REASON_UNSPECIFIED) continue;
    names.insert(reasons->value(i)->name());
  }
  return names;
}

TEST(ErrorReasonReadme, DocumentsEveryReasonOfTheEnumAndNoOther) {
  const std::vector<ReadmeReason> rows = ReadmeReasons();
  ASSERT_FALSE(rows.empty()) << "no `REASON` rows between the README's error-reasons markers";
  std::set<std::string> documented;
  std::vector<std::string> twice;
  for (const ReadmeReason& row : rows) {
    if (!documented.insert(row.name).second) twice.push_back(row.name);
  }
  const std::set<std::string> declared = EnumReasons();

  std::vector<std::string> undocumented;
  for (const std::string& name : declared) {
    if (!documented.contains(name)) undocumented.push_back(name);
  }
  std::vector<std::string> undeclared;
  for (const std::string& name : documented) {
    if (!declared.contains(name)) undeclared.push_back(name);
  }
  EXPECT_THAT(undocumented, IsEmpty()) << "ErrorReason values missing from README.md's table";
  EXPECT_THAT(undeclared, IsEmpty())
      << "README.md documents reasons that proto/meridian/common/v1/error_reason.proto lacks";
  EXPECT_THAT(twice, IsEmpty()) << "reasons documented twice";
  EXPECT_THAT(documented, ::testing::Not(::testing::Contains("ERROR_REASON_UNSPECIFIED")));
}

TEST(ErrorReasonReadme, NamesAStatusCodeForEveryReason) {
  // The code column is read by people deciding what to retry; a typo there misleads.
  const std::regex codes(
      R"(^(any other|(OK|CANCELLED|UNKNOWN|INVALID_ARGUMENT|DEADLINE_EXCEEDED|NOT_FOUND|)"
      R"(ALREADY_EXISTS|PERMISSION_DENIED|RESOURCE_EXHAUSTED|FAILED_PRECONDITION|ABORTED|)"
      R"(OUT_OF_RANGE|UNIMPLEMENTED|INTERNAL|UNAVAILABLE|DATA_LOSS|UNAUTHENTICATED)"
      R"(|,| or| )+)$)");
  for (const ReadmeReason& row : ReadmeReasons()) {
    EXPECT_TRUE(std::regex_match(row.codes, codes))
        << row.name << ": \"" << row.codes << "\" is not a status code";
  }
}

}  // namespace
}  // namespace meridian
