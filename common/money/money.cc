#include "common/money/money.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace meridian {
namespace {

// Active ISO 4217 codes (list one of 2024), sorted for binary search. Funds, precious
// metals and testing codes are left out: nobody is paid in them.
constexpr std::array<absl::string_view, 155> kCurrencyCodes = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL",
};

}  // namespace

bool IsIsoCurrencyCode(absl::string_view code) {
  return std::binary_search(kCurrencyCodes.begin(), kCurrencyCodes.end(), code);
}

void ValidateMoney(const common::v1::Money& money, absl::string_view field,
                   FieldViolations& violations) {
  if (money.currency_code().empty()) {
    violations.Add(absl::StrCat(field, ".currency_code"), "is required");
  } else if (!IsIsoCurrencyCode(money.currency_code())) {
    violations.Add(absl::StrCat(field, ".currency_code"),
                   absl::StrCat("must be an ISO 4217 code such as \"USD\"; ",
                                Quote(money.currency_code()), " is not one"));
  }
  if (money.units() < 0) {
    violations.Add(absl::StrCat(field, ".units"), "must not be negative");
  } else if (money.units() > kMaxMoneyUnits) {
    violations.Add(absl::StrCat(field, ".units"), "must be at most 1,000,000,000,000");
  }
}

void ValidateMonthlyAmountInUsd(const common::v1::Money& money, std::optional<double> usd_per_unit,
                                absl::string_view field, FieldViolations& violations) {
  if (!usd_per_unit.has_value() || money.units() <= 0 || money.units() > kMaxMoneyUnits) return;
  const double usd = static_cast<double>(money.units()) * *usd_per_unit;
  if (usd > kMaxMonthlyUsd) {
    violations.Add(absl::StrCat(field, ".units"),
                   absl::StrFormat("must be worth at most 1,000,000 USD a month; %d %s is %.4g USD "
                                   "at %.6g USD/%s",
                                   money.units(), money.currency_code(), usd, *usd_per_unit,
                                   money.currency_code()));
  }
}

absl::Status CheckMonthlyAmountInUsd(pqxx::work& tx, const common::v1::Money& money,
                                     absl::string_view field) {
  FieldViolations violations;
  ValidateMonthlyAmountInUsd(money, LoadUsdPerUnit(tx, money.currency_code()), field, violations);
  return violations.ToStatus();
}

std::optional<double> LoadUsdPerUnit(pqxx::work& tx, absl::string_view currency_code) {
  const pqxx::result rows = tx.exec_params(
      "SELECT usd_per_unit::float8 FROM shared.exchange_rates WHERE currency_code = $1",
      std::string(currency_code));
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<double>();
}

}  // namespace meridian
