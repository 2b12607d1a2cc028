// Money from callers (text format of meridian.common.v1.Money, then 0x1F and a rate): the
// checks never crash, and an amount they pass is inside the documented bounds.
#include <cstdlib>
#include <string>

#include "common/errors/errors.h"
#include "common/money/money.h"
#include "meridian/common/v1/common.pb.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian;
  const std::vector<std::string> parts = fuzz::SplitInput(data, size, 2);
  (void)IsIsoCurrencyCode(parts[0]);
  common::v1::Money money;
  if (!fuzz::ParseText(parts[0], &money)) return 0;
  FieldViolations violations;
  ValidateMoney(money, "monthly_rate", violations);
  if (violations.empty()) {
    FUZZ_CHECK(IsIsoCurrencyCode(money.currency_code()), "an unknown currency passed");
    FUZZ_CHECK(money.units() >= 0 && money.units() <= kMaxMoneyUnits, "units out of bounds passed");
  }
  char* end = nullptr;
  const double rate = std::strtod(parts[1].c_str(), &end);
  ValidateMonthlyAmountInUsd(money,
                             end != parts[1].c_str() ? std::optional<double>(rate) : std::nullopt,
                             "monthly_rate", violations);
  return 0;
}
