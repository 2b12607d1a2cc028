// Tests for common/logging/log.h: JSON log lines, severities and database URL redaction.
#include "common/logging/log.h"

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace meridian::log {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::SizeIs;

// Restores the process-wide log settings a test changes.
class LogOutputTest : public ::testing::Test {
 protected:
  void TearDown() override {
    SetMinSeverity(Severity::kInfo);
    SetServiceName("meridian");
  }

  // The non-empty lines `write` printed to stdout.
  template <typename Fn>
  static std::vector<std::string> LinesOf(Fn write) {
    ::testing::internal::CaptureStdout();
    write();
    const std::string out = ::testing::internal::GetCapturedStdout();
    return absl::StrSplit(out, '\n', absl::SkipEmpty());
  }
};

TEST_F(LogOutputTest, WritesOneJsonObjectPerLine) {
  SetServiceName("intake");
  const std::vector<std::string> lines = LinesOf([] {
    Info("listening", {{"address", "127.0.0.1:50051"}, {"port", 50051}, {"tls", false}});
  });
  ASSERT_THAT(lines, SizeIs(1));
  const nlohmann::json line = nlohmann::json::parse(lines[0]);
  ASSERT_TRUE(line.is_object());
  EXPECT_EQ(line["severity"], "INFO");
  EXPECT_EQ(line["message"], "listening");
  EXPECT_EQ(line["service"], "intake");
  EXPECT_EQ(line["address"], "127.0.0.1:50051");
  EXPECT_EQ(line["port"], 50051);
  EXPECT_EQ(line["tls"], false);
  ASSERT_TRUE(line["time"].is_string());
  // RFC 3339 in UTC.
  EXPECT_THAT(line["time"].get<std::string>(),
              MatchesRegex(R"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z)"));
}

TEST_F(LogOutputTest, NamesEachSeverity) {
  SetMinSeverity(Severity::kDebug);
  const std::vector<std::string> lines = LinesOf([] {
    Debug("d");
    Info("i");
    Warning("w");
    Error("e");
  });
  ASSERT_THAT(lines, SizeIs(4));
  EXPECT_EQ(nlohmann::json::parse(lines[0])["severity"], "DEBUG");
  EXPECT_EQ(nlohmann::json::parse(lines[1])["severity"], "INFO");
  EXPECT_EQ(nlohmann::json::parse(lines[2])["severity"], "WARNING");
  EXPECT_EQ(nlohmann::json::parse(lines[3])["severity"], "ERROR");
}

TEST_F(LogOutputTest, DropsLinesBelowTheMinimumSeverity) {
  SetMinSeverity(Severity::kWarning);
  const std::vector<std::string> lines = LinesOf([] {
    Debug("debug line");
    Info("info line");
    Warning("warning line");
    Error("error line");
  });
  ASSERT_THAT(lines, SizeIs(2));
  EXPECT_EQ(nlohmann::json::parse(lines[0])["message"], "warning line");
  EXPECT_EQ(nlohmann::json::parse(lines[1])["message"], "error line");
}

TEST_F(LogOutputTest, DebugIsOffByDefault) {
  const std::vector<std::string> lines = LinesOf([] { Debug("hidden"); });
  EXPECT_TRUE(lines.empty());
}

TEST_F(LogOutputTest, EscapesNewlinesAndSurvivesInvalidUtf8) {
  const std::vector<std::string> lines = LinesOf([] {
    Error("line one\nline two", {{"error", std::string("bad \xff byte")}});
  });
  ASSERT_THAT(lines, SizeIs(1));
  const nlohmann::json line = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(line["message"], "line one\nline two");
  EXPECT_TRUE(line["error"].is_string());
}

TEST(ParseSeverity, ParsesTheFourNames) {
  Severity severity = Severity::kError;
  ASSERT_TRUE(ParseSeverity("debug", &severity));
  EXPECT_EQ(severity, Severity::kDebug);
  ASSERT_TRUE(ParseSeverity("info", &severity));
  EXPECT_EQ(severity, Severity::kInfo);
  ASSERT_TRUE(ParseSeverity("warning", &severity));
  EXPECT_EQ(severity, Severity::kWarning);
  ASSERT_TRUE(ParseSeverity("error", &severity));
  EXPECT_EQ(severity, Severity::kError);
}

TEST(ParseSeverity, RejectsOtherTextAndLeavesTheValue) {
  Severity severity = Severity::kWarning;
  for (absl::string_view text : {"", "INFO", "warn", "fatal", " info"}) {
    EXPECT_FALSE(ParseSeverity(text, &severity)) << "\"" << text << "\"";
  }
  EXPECT_EQ(severity, Severity::kWarning);
}

TEST(RedactDatabaseUrl, HidesPasswordInUrlForm) {
  EXPECT_EQ(RedactDatabaseUrl("postgresql://user:secret@host/db"), "postgresql://user:***@host/db");
  EXPECT_EQ(
      RedactDatabaseUrl("postgres://meridian:s3cr%40t@10.0.0.5:5432/meridian?sslmode=require"),
      "postgres://meridian:***@10.0.0.5:5432/meridian?sslmode=require");
}

TEST(RedactDatabaseUrl, HidesPasswordInKeyValueForm) {
  EXPECT_EQ(RedactDatabaseUrl("host=db user=app password=secret dbname=meridian"),
            "host=db user=app password=*** dbname=meridian");
  EXPECT_EQ(RedactDatabaseUrl("host=db password='a b' dbname=meridian"),
            "host=db password=*** dbname=meridian");
  EXPECT_THAT(RedactDatabaseUrl("host=db password = secret"), Not(HasSubstr("secret")));
}

TEST(RedactDatabaseUrl, HidesPasswordGivenAsUrlParameter) {
  EXPECT_THAT(RedactDatabaseUrl("postgresql://user@host/db?password=secret&sslmode=require"),
              Not(HasSubstr("secret")));
}

TEST(RedactDatabaseUrl, LeavesUrlsWithoutPasswordUnchanged) {
  for (absl::string_view url :
       {"postgresql://user@127.0.0.1:5432/meridian", "postgresql://127.0.0.1:5432/meridian",
        "postgresql:///meridian?host=/var/run/postgresql", "host=db user=app dbname=meridian",
        ""}) {
    EXPECT_EQ(RedactDatabaseUrl(url), url);
  }
}

// Regression (found in review): libpq lets a key=value password escape characters with a backslash,
// inside quotes
// ('it\'s secret') and outside them (a\ secret). The redaction stops at the escaped quote or
// space, so the rest of the password is logged.
TEST(RedactDatabaseUrl, HidesPasswordsWithBackslashEscapes) {
  const std::string quoted = RedactDatabaseUrl(R"(host=db password='it\'s secret' dbname=m)");
  EXPECT_THAT(quoted, Not(HasSubstr("secret"))) << quoted;
  const std::string unquoted = RedactDatabaseUrl(R"(host=db password=a\ secret dbname=m)");
  EXPECT_THAT(unquoted, Not(HasSubstr("secret"))) << unquoted;
}

}  // namespace
}  // namespace meridian::log
