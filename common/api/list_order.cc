#include "common/api/list_order.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/errors/errors.h"

namespace meridian {

absl::StatusOr<ListOrder> ParseCreateTimeOrder(absl::string_view order_by,
                                               ListOrder default_order) {
  const std::vector<absl::string_view> words =
      absl::StrSplit(order_by, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  if (words.empty()) return default_order;
  if (words[0] == "create_time") {
    if (words.size() == 1) return ListOrder::kOldestFirst;
    if (words.size() == 2 && words[1] == "asc") return ListOrder::kOldestFirst;
    if (words.size() == 2 && words[1] == "desc") return ListOrder::kNewestFirst;
  }
  return InvalidArgument("order_by",
                         absl::StrCat("must be \"create_time\" (oldest first) or \"create_time "
                                      "desc\" (newest first), not \"",
                                      absl::StrJoin(words, " "), "\""));
}

absl::string_view OrderKey(ListOrder order) {
  return order == ListOrder::kNewestFirst ? "desc" : "asc";
}

std::string SeqPageSql(ListOrder order, absl::string_view column, int param) {
  if (order == ListOrder::kNewestFirst) {
    return absl::StrCat("($", param, " = 0 OR ", column, " < $", param, ") ORDER BY ", column,
                        " DESC");
  }
  return absl::StrCat(column, " > $", param, " ORDER BY ", column);
}

}  // namespace meridian
