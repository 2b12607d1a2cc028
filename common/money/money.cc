#include "common/money/money.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"

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
  }
}

}  // namespace meridian
