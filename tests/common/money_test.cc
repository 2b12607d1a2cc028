// Tests for common/money/money.h: ISO 4217 currency codes and Money validation.
#include "common/money/money.h"

#include <map>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

namespace meridian {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

// field -> description of every violation `ValidateMoney` reports under "role.monthly_budget".
std::multimap<std::string, std::string> ViolationsOf(const common::v1::Money& money) {
  FieldViolations violations;
  ValidateMoney(money, "role.monthly_budget", violations);
  return testing::ViolationsOf(violations.ToStatus());
}

common::v1::Money MakeMoney(absl::string_view code, int64_t units) {
  common::v1::Money money;
  money.set_currency_code(std::string(code));
  money.set_units(units);
  return money;
}

TEST(IsIsoCurrencyCode, AcceptsActiveCodes) {
  for (absl::string_view code : {"USD", "EUR", "INR", "BRL", "GBP", "JPY", "AED", "ZWL"}) {
    EXPECT_TRUE(IsIsoCurrencyCode(code)) << code;
  }
}

TEST(IsIsoCurrencyCode, RejectsLowerCaseTestingAndMalformedCodes) {
  for (absl::string_view code : {"usd", "Usd", "XXX", "XTS", "XAU", "US", "USDD", "", " USD"}) {
    EXPECT_FALSE(IsIsoCurrencyCode(code)) << "\"" << code << "\"";
  }
}

TEST(ValidateMoney, AcceptsZeroAndPositiveAmounts) {
  EXPECT_THAT(ViolationsOf(MakeMoney("USD", 0)), IsEmpty());
  EXPECT_THAT(ViolationsOf(MakeMoney("EUR", 12000)), IsEmpty());
}

TEST(ValidateMoney, RejectsNegativeUnits) {
  EXPECT_THAT(ViolationsOf(MakeMoney("USD", -1)), ElementsAre(Key("role.monthly_budget.units")));
}

TEST(ValidateMoney, RejectsUnknownCodeNamingIt) {
  EXPECT_THAT(ViolationsOf(MakeMoney("ABC", 100)),
              ElementsAre(Pair("role.monthly_budget.currency_code", HasSubstr("\"ABC\""))));
}

TEST(ValidateMoney, RequiresACode) {
  EXPECT_THAT(ViolationsOf(MakeMoney("", 100)),
              ElementsAre(Pair("role.monthly_budget.currency_code", "is required")));
}

TEST(ValidateMoney, ReportsCodeAndUnitsTogether) {
  EXPECT_THAT(ViolationsOf(MakeMoney("usd", -5)),
              UnorderedElementsAre(Key("role.monthly_budget.currency_code"),
                                   Key("role.monthly_budget.units")));
}

// Issue 17: INT64_MAX units were accepted and narrowed further down.
TEST(ValidateMoney, RejectsUnitsAboveTheBound) {
  EXPECT_THAT(ViolationsOf(MakeMoney("VND", kMaxMoneyUnits)), IsEmpty());
  EXPECT_THAT(ViolationsOf(MakeMoney("VND", kMaxMoneyUnits + 1)),
              ElementsAre(Pair("role.monthly_budget.units", HasSubstr("at most"))));
  EXPECT_THAT(ViolationsOf(MakeMoney("USD", INT64_MAX)),
              ElementsAre(Key("role.monthly_budget.units")));
}

std::multimap<std::string, std::string> UsdViolationsOf(const common::v1::Money& money,
                                                        std::optional<double> usd_per_unit) {
  FieldViolations violations;
  ValidateMonthlyAmountInUsd(money, usd_per_unit, "candidate.monthly_rate", violations);
  return testing::ViolationsOf(violations.ToStatus());
}

TEST(ValidateMonthlyAmountInUsd, RefusesMoreThanAMillionDollarsAtTheCurrencysRate) {
  EXPECT_THAT(UsdViolationsOf(MakeMoney("USD", 1'000'000), 1.0), IsEmpty());
  EXPECT_THAT(UsdViolationsOf(MakeMoney("USD", 1'000'001), 1.0),
              ElementsAre(Pair("candidate.monthly_rate.units", HasSubstr("1,000,000 USD"))));
  // 24,999,000,000 VND is 999,960 USD at 0.00004; 25,001,000,000 is 40 USD over the bound.
  EXPECT_THAT(UsdViolationsOf(MakeMoney("VND", 24'999'000'000), 0.00004), IsEmpty());
  EXPECT_THAT(UsdViolationsOf(MakeMoney("VND", 25'001'000'000), 0.00004),
              ElementsAre(Key("candidate.monthly_rate.units")));
  // No rate in the table: only the bound on units applies.
  EXPECT_THAT(UsdViolationsOf(MakeMoney("LBP", 900'000'000'000), std::nullopt), IsEmpty());
}

}  // namespace
}  // namespace meridian
