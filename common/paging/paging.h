// List pagination (AIP-158): page sizes and opaque page tokens.
//
// A token holds the position after which the next page starts (a row's insertion
// sequence) and a check bound to the request it was issued for, so a token from another
// list, from another filter, or made up by hand is INVALID_ARGUMENT instead of a silent
// wrong page.
//
//   absl::StatusOr<int> size = PageSize(request.page_size());
//   absl::StatusOr<int64_t> after = DecodePageToken(request.page_token(), fingerprint);
//   ...
//   response.set_next_page_token(EncodePageToken(last_seq, fingerprint));
#pragma once

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace meridian {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// 0 means kDefaultPageSize; negative or above kMaxPageSize is INVALID_ARGUMENT on page_size.
absl::StatusOr<int> PageSize(int requested);

// `fingerprint` identifies the query (method, parent, filter): a token only works for it.
std::string EncodePageToken(int64_t after, absl::string_view fingerprint);

// The position encoded in `token`, or 0 for an empty token (the first page).
absl::StatusOr<int64_t> DecodePageToken(absl::string_view token, absl::string_view fingerprint);

}  // namespace meridian
