// Tests for services/talent/domain/countries.h: ISO 3166-1 alpha-2 codes.
#include "services/talent/domain/countries.h"

#include "gtest/gtest.h"

namespace meridian::talent {
namespace {

TEST(IsIsoCountryCode, AcceptsAssignedCodesFromFirstToLast) {
  for (absl::string_view code : {"AD", "BR", "IN", "NG", "PT", "US", "ZW"}) {
    EXPECT_TRUE(IsIsoCountryCode(code)) << code;
  }
}

TEST(IsIsoCountryCode, RefusesLowerCaseUnassignedAndMisshapenCodes) {
  for (absl::string_view code : {"pt", "Pt", "UK", "XX", "AA", "", "P", "PRT", " PT"}) {
    EXPECT_FALSE(IsIsoCountryCode(code)) << code;
  }
}

}  // namespace
}  // namespace meridian::talent
