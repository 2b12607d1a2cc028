// List pagination (AIP-158): page sizes and opaque page tokens.
//
// A token holds the position after which the next page starts (a row's insertion
// sequence; inserts take a per-table transaction lock so that sequence order is commit
// order, and a row never appears behind a page already read) and a check bound to the
// request it was issued for, so a token from another
// list, from another filter, or made up by hand is INVALID_ARGUMENT instead of a silent
// wrong page.
//
//   absl::StatusOr<int> size = PageSize(request.page_size());
//   absl::StatusOr<int64_t> after = DecodePageToken(request.page_token(), fingerprint);
//   ...
//   response.set_next_page_token(EncodePageToken(last_seq, fingerprint));
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"

namespace meridian {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;
// A page stops early (with a next_page_token) once its items pass this size, so that a page
// of large resources stays well under gRPC's default 4 MB message limit.
inline constexpr size_t kMaxPageBytes = 2 << 20;

// 0 means kDefaultPageSize; negative or above kMaxPageSize is INVALID_ARGUMENT on page_size.
absl::StatusOr<int> PageSize(int requested);

// `fingerprint` identifies the query (method, parent, filter): a token only works for it.
std::string EncodePageToken(int64_t after, absl::string_view fingerprint);

// The position encoded in `token`, or 0 for an empty token (the first page).
absl::StatusOr<int64_t> DecodePageToken(absl::string_view token, absl::string_view fingerprint);

// The same for a position that is not a number (for example a ranking cursor): `position`
// is opaque bytes, at most 1 KB.
std::string EncodeOpaqueToken(absl::string_view position, absl::string_view fingerprint);
// The position, "" for an empty token; INVALID_ARGUMENT on page_token for a foreign token.
absl::StatusOr<std::string> DecodeOpaqueToken(absl::string_view token,
                                              absl::string_view fingerprint);

// Fills a page from `rows`, fetched in position order with LIMIT page_size + 1 (the extra
// row tells that another page follows). Each row has `seq` (its position) and `resource` (a
// protobuf message), which is moved into `append`. Returns the next page token, or "" on
// the last page.
template <typename Row, typename Append>
std::string FillPage(std::vector<Row>& rows, int page_size, absl::string_view fingerprint,
                     Append&& append) {
  size_t bytes = 0;
  size_t taken = 0;
  for (; taken < rows.size() && taken < static_cast<size_t>(page_size); ++taken) {
    const size_t size = rows[taken].resource.ByteSizeLong();
    if (taken > 0 && bytes + size > kMaxPageBytes) break;
    bytes += size;
    append(std::move(rows[taken].resource));
  }
  if (taken == rows.size()) return "";
  return EncodePageToken(rows[taken - 1].seq, fingerprint);
}

}  // namespace meridian
