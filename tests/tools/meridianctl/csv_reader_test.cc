// The CSV reader against RFC 4180's cases, and the line numbers an import reports.
#include "tools/meridianctl/csv_reader.h"

#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian::ctl {
namespace {

using ::testing::ElementsAre;

std::vector<CsvRecord> ReadAll(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (true) {
    absl::StatusOr<bool> more = reader.Next(&record);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    records.push_back(record);
  }
  return records;
}

TEST(CsvReaderTest, SplitsFieldsAndRecords) {
  auto records = ReadAll("a,b,c\n1,,3\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_THAT(records[1].fields, ElementsAre("1", "", "3"));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[1].raw, "1,,3");
}

TEST(CsvReaderTest, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  auto records = ReadAll("\"Lima, Ana\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,x,y\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[0].fields, ElementsAre("Lima, Ana", "say \"hi\"", "two\nlines"));
  EXPECT_EQ(records[0].line, 1);
  // The record after a quoted line break starts on line 3.
  EXPECT_EQ(records[1].line, 3);
}

TEST(CsvReaderTest, CrLfAndNoFinalLineBreakAndBlankLines) {
  auto records = ReadAll("a,b\r\n\r\n1,2");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[0].fields, ElementsAre("a", "b"));
  EXPECT_THAT(records[1].fields, ElementsAre("1", "2"));
  EXPECT_EQ(records[1].line, 3);
}

TEST(CsvReaderTest, TrailingCommaIsAnEmptyLastField) {
  auto records = ReadAll("a,\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_THAT(records[0].fields, ElementsAre("a", ""));
}

TEST(CsvReaderTest, RefusesAnOpenQuoteAndTextAfterAClosingQuote) {
  {
    std::istringstream in("ok\n\"never closed\n");
    CsvReader reader(in);
    CsvRecord record;
    ASSERT_TRUE(*reader.Next(&record));
    absl::StatusOr<bool> more = reader.Next(&record);
    ASSERT_FALSE(more.ok());
    EXPECT_THAT(std::string(more.status().message()), ::testing::HasSubstr("line 2"));
  }
  {
    std::istringstream in("\"a\"b,c\n");
    CsvReader reader(in);
    CsvRecord record;
    EXPECT_FALSE(reader.Next(&record).ok());
  }
}

}  // namespace
}  // namespace meridian::ctl
