// Server-generated resource ids: random UUIDs (version 4), so ids reveal nothing about
// order or volume and never collide across replicas.
//
//   std::string id = meridian::NewResourceId();  // "3f2c9a1e-8b1d-4c3e-9f55-0d6e2b7a4c10"
#pragma once

#include <string>
#include "absl/strings/string_view.h"

namespace meridian {

std::string NewResourceId();

// True for the lowercase UUID form NewResourceId() produces.
bool IsResourceId(absl::string_view id);

}  // namespace meridian
