// meridianctl's tables: columns aligned by what a terminal shows, not by bytes.
#include "tools/meridianctl/table.h"

#include "gtest/gtest.h"

namespace meridian::ctl {
namespace {

TEST(DisplayWidthTest, CountsCodePointsAndSkipsColourCodes) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("São Paulo"), 9u);
  EXPECT_EQ(DisplayWidth("\x1b[32mOPEN\x1b[0m"), 4u);
  EXPECT_EQ(DisplayWidth(""), 0u);
}

TEST(TruncateTest, CutsWithAnEllipsisAndResetsAColour) {
  EXPECT_EQ(Truncate("abcdef", 10), "abcdef");
  EXPECT_EQ(Truncate("abcdef", 4), "abc…");
  EXPECT_EQ(Truncate("çãõéí", 3), "çã…");
  EXPECT_EQ(Truncate("\x1b[31mabcdef\x1b[0m", 3), "\x1b[31mab…\x1b[0m");
}

TEST(TableTest, AlignsColumnsTwoSpacesApartWithoutTrailingSpaces) {
  Table table({"NAME", "COUNTRY", "SCORE"});
  table.AlignRight(2);
  table.AddRow({"Ana Lima", "PT", "91.5"});
  table.AddRow({"João", "BR", "8.0"});
  EXPECT_EQ(table.Render(),
            "NAME      COUNTRY  SCORE\n"
            "Ana Lima  PT        91.5\n"
            "João      BR         8.0\n");
}

TEST(TableTest, ColouredCellsKeepTheColumnsInLine) {
  Table table({"STATE", "NAME"});
  table.AddRow({"\x1b[32mOPEN\x1b[0m", "a"});
  table.AddRow({"ON_HOLD", "b"});
  EXPECT_EQ(table.Render(),
            "STATE    NAME\n"
            "\x1b[32mOPEN\x1b[0m     a\n"
            "ON_HOLD  b\n");
}

TEST(TableTest, MaxWidthCutsLongCellsAndMissingCellsAreEmpty) {
  Table table({"A", "B", "C"});
  table.SetMaxWidth(0, 5);
  table.AddRow({"a very long cell", "x"});
  EXPECT_EQ(table.Render(),
            "A      B  C\n"
            "a ve…  x\n");
}

TEST(TableTest, BoldHeaderOnlyWhenAsked) {
  Table table({"A"});
  EXPECT_EQ(table.Render(true), "\x1b[1mA\x1b[0m\n");
  EXPECT_EQ(table.Render(false), "A\n");
}

}  // namespace
}  // namespace meridian::ctl
