// Tests for common/logging/protobuf_log.h: protobuf's own log lines come out as our JSON lines.
#include "common/logging/protobuf_log.h"

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "common/logging/log.h"
#include "gmock/gmock.h"
#include "google/protobuf/any.pb.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace meridian::log {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

class ProtobufLogTest : public ::testing::Test {
 protected:
  // Process-wide, as in a server: every test here wants it.
  void SetUp() override { RouteProtobufLog(); }

  // What `write` printed on stdout and stderr, as lines.
  template <typename Fn>
  static std::vector<std::string> LinesOf(Fn write) {
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    write();
    const std::string out =
        ::testing::internal::GetCapturedStdout() + ::testing::internal::GetCapturedStderr();
    return absl::StrSplit(out, '\n', absl::SkipEmpty());
  }
};

TEST_F(ProtobufLogTest, ProtobufErrorsBecomeJsonLinesWithTheirSeverity) {
  const std::vector<std::string> lines = LinesOf([] {
    GOOGLE_LOG(ERROR) << "something protobuf did not like";
    GOOGLE_LOG(WARNING) << "a warning";
  });
  ASSERT_THAT(lines, SizeIs(2));
  const nlohmann::json error = nlohmann::json::parse(lines[0], nullptr, false);
  ASSERT_TRUE(error.is_object()) << lines[0];
  EXPECT_EQ(error.value("severity", ""), "ERROR");
  EXPECT_EQ(error.value("message", ""), "something protobuf did not like");
  EXPECT_EQ(error.value("source", ""), "protobuf");
  EXPECT_THAT(error.value("file", ""), HasSubstr("protobuf_log_test.cc"));
  EXPECT_TRUE(error.contains("line"));
  const nlohmann::json warning = nlohmann::json::parse(lines[1], nullptr, false);
  EXPECT_EQ(warning.value("severity", ""), "WARNING");
}

TEST_F(ProtobufLogTest, InvalidUtf8InAParsedStringIsOneJsonLineAndNoPlainText) {
  // google.protobuf.Any is proto3: its type_url (field 1) must be UTF-8.
  const std::string bytes(
      "\x0a\x03"
      "a\xff"
      "b",
      5);
  google::protobuf::Any any;
  bool parsed = true;
  const std::vector<std::string> lines = LinesOf([&] { parsed = any.ParseFromString(bytes); });
  EXPECT_FALSE(parsed);
  ASSERT_THAT(lines, SizeIs(1));
  const nlohmann::json entry = nlohmann::json::parse(lines[0], nullptr, false);
  ASSERT_TRUE(entry.is_object()) << lines[0];
  EXPECT_EQ(entry.value("severity", ""), "ERROR");
  EXPECT_EQ(entry.value("source", ""), "protobuf");
  EXPECT_THAT(entry.value("message", ""), HasSubstr("invalid UTF-8"));
}

TEST_F(ProtobufLogTest, MessagesAreBoundedAndStayValidJson) {
  const std::vector<std::string> lines = LinesOf([] {
    HandleProtobufLog(google::protobuf::LOGLEVEL_FATAL, "x.cc", 7, std::string(5000, 'm'));
    HandleProtobufLog(google::protobuf::LOGLEVEL_INFO, nullptr, 8, "caller bytes \xff\xfe");
  });
  ASSERT_THAT(lines, SizeIs(2));
  const nlohmann::json fatal = nlohmann::json::parse(lines[0], nullptr, false);
  ASSERT_TRUE(fatal.is_object()) << lines[0];
  EXPECT_EQ(fatal.value("message", "").size(), kMaxProtobufLogMessage);
  EXPECT_EQ(fatal.value("severity", ""), "ERROR");
  EXPECT_EQ(fatal.value("line", 0), 7);
  const nlohmann::json info = nlohmann::json::parse(lines[1], nullptr, false);
  ASSERT_TRUE(info.is_object()) << lines[1];
  EXPECT_EQ(info.value("severity", ""), "INFO");
}

}  // namespace
}  // namespace meridian::log
