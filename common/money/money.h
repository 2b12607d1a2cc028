// Validation of Money values and ISO 4217 currency codes.
//
//   FieldViolations violations;
//   ValidateMoney(role.monthly_budget(), "role.monthly_budget", violations);
#pragma once

#include "absl/strings/string_view.h"

#include "common/errors/errors.h"
#include "meridian/common/v1/common.pb.h"

namespace meridian {

// True for an active ISO 4217 currency code ("USD", "EUR", "INR"), upper case only.
bool IsIsoCurrencyCode(absl::string_view code);

// Adds violations for a missing or unknown currency code and negative units.
void ValidateMoney(const common::v1::Money& money, absl::string_view field,
                   FieldViolations& violations);

}  // namespace meridian
