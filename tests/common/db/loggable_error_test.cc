// Tests for common/db/loggable_error.h: PostgreSQL's error text, with the values left out.
#include "common/db/loggable_error.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian::db {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Issue 17: "unique violation from a concurrent write" logged the email from DETAIL.
TEST(LoggableError, KeepsTheConstraintAndDropsTheKeyValues) {
  const std::string logged = LoggableError(
      "ERROR:  duplicate key value violates unique constraint \"candidates_email\"\n"
      "DETAIL:  Key (email_key)=(ana.silva@example.com) already exists.\n");
  EXPECT_EQ(logged, "duplicate key value violates unique constraint \"candidates_email\"");
}

TEST(LoggableError, MasksQuotedValuesAndWhatFollowsAConversionError) {
  EXPECT_EQ(LoggableError("ERROR:  invalid input syntax for type bigint: \"351912345678x\""),
            "invalid input syntax for type bigint: ...");
  EXPECT_EQ(LoggableError("ERROR:  value \"Ana Silva\" is not a known skill"),
            "value \"...\" is not a known skill");
  EXPECT_THAT(LoggableError("ERROR:  timestamp out of range: \"-5000-01-01\""),
              Not(HasSubstr("5000")));
  EXPECT_EQ(LoggableError("ERROR:  relation \"talent.candidates\" does not exist"),
            "relation \"talent.candidates\" does not exist");
  EXPECT_EQ(LoggableError("ERROR:  unterminated \"ana@example.com"), "unterminated \"...\"");
}

TEST(LoggableError, IsBounded) { EXPECT_LE(LoggableError(std::string(10000, 'x')).size(), 300u); }

}  // namespace
}  // namespace meridian::db
