// ISO 3166-1 alpha-2 country codes, for candidates' countries and the countries a search
// includes or excludes.
//
//   if (!IsIsoCountryCode("PT")) ...
#pragma once

#include "absl/strings/string_view.h"

namespace meridian::talent {

// True for an assigned ISO 3166-1 alpha-2 code in upper case ("PT", "NG", "IN").
bool IsIsoCountryCode(absl::string_view code);

}  // namespace meridian::talent
