// Validation of Money values and ISO 4217 currency codes, and the bounds every amount obeys
// so that no computation on it (search, conversion to dollars) can overflow or lose precision.
//
//   FieldViolations violations;
//   ValidateMoney(role.monthly_budget(), "role.monthly_budget", violations);
//   std::optional<double> usd = LoadUsdPerUnit(tx, role.monthly_budget().currency_code());
//   ValidateMonthlyAmountInUsd(role.monthly_budget(), usd, "role.monthly_budget", violations);
#pragma once

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "common/errors/errors.h"
#include "meridian/common/v1/common.pb.h"
#include "pqxx/pqxx"

namespace meridian {

// The largest number of units any amount may have, in any currency: a million dollars a month
// in the currency with the most units to the dollar (the Iranian rial, around 1e6 at market
// rates) stays below it, every amount converts to a double exactly (< 2^53), and the search
// index's 40-bit rate field holds it.
inline constexpr int64_t kMaxMoneyUnits = 1'000'000'000'000;

// The largest monthly amount (a rate or a budget) in US dollars: far above any real salary,
// low enough that a typo of a few extra zeros is caught.
inline constexpr double kMaxMonthlyUsd = 1'000'000;

// True for an active ISO 4217 code ("USD", "EUR", "INR"), upper case only.
bool IsIsoCurrencyCode(absl::string_view code);

// Adds violations for a missing or unknown currency code, negative units and units above
// kMaxMoneyUnits.
void ValidateMoney(const common::v1::Money& money, absl::string_view field,
                   FieldViolations& violations);

// Adds a violation on `field`.units when the amount is worth more than kMaxMonthlyUsd at
// `usd_per_unit` (today's rate of its currency; nullopt when the rate table has none, and then
// only kMaxMoneyUnits applies).
void ValidateMonthlyAmountInUsd(const common::v1::Money& money, std::optional<double> usd_per_unit,
                                absl::string_view field, FieldViolations& violations);

// The same, with today's rate read from shared.exchange_rates: OK, or INVALID_ARGUMENT naming
// `field`.units. Call it once the amount has passed ValidateMoney.
absl::Status CheckMonthlyAmountInUsd(pqxx::work& tx, const common::v1::Money& money,
                                     absl::string_view field);

// What one unit of `currency_code` is worth in US dollars (shared.exchange_rates), or nullopt.
std::optional<double> LoadUsdPerUnit(pqxx::work& tx, absl::string_view currency_code);

}  // namespace meridian
