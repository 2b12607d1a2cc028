// The `order_by` of Lists that offer more than one order (AIP-132): by creation, oldest or
// newest first. Pages walk the rows' insertion sequence either way, so a walk still returns
// every item that existed when it started exactly once.
//
//   absl::StatusOr<ListOrder> order = ParseCreateTimeOrder(request.order_by(),
//   ListOrder::kOldestFirst); if (!order.ok()) return order.status();   // INVALID_ARGUMENT on
//   order_by
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace meridian {

enum class ListOrder { kOldestFirst, kNewestFirst };

// "" is `default_order`; "create_time" and "create_time asc" oldest first; "create_time desc"
// newest first (spaces around the words are free). Anything else is INVALID_ARGUMENT on
// order_by, naming the allowed values.
absl::StatusOr<ListOrder> ParseCreateTimeOrder(absl::string_view order_by, ListOrder default_order);

// The order's spelling for page-token fingerprints ("asc" or "desc").
absl::string_view OrderKey(ListOrder order);

// The keyset condition and ORDER BY of a page over `column` (a row's insertion sequence),
// with the position of the page token in parameter `$param` (0: the first page):
// "seq > $4 ORDER BY seq", or "($4 = 0 OR seq < $4) ORDER BY seq DESC".
std::string SeqPageSql(ListOrder order, absl::string_view column, int param);

}  // namespace meridian
