// A PostgreSQL text[] literal for a parameter, so that one statement can take a whole batch of
// rows (`unnest($1::text[], $2::text[])`) instead of one round trip a row. libpqxx 6.4 has no
// array parameters of its own.
//
//   tx.exec_params("INSERT INTO t (id) SELECT unnest($1::text[])", db::TextArray(ids));
#pragma once

#include <string>
#include <vector>

#include "absl/strings/str_replace.h"

namespace meridian::db {

// {"a","b"}: each element quoted, with \ and " escaped.
inline std::string TextArray(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ",";
    literal += "\"";
    literal += absl::StrReplaceAll(values[i], {{"\\", "\\\\"}, {"\"", "\\\""}});
    literal += "\"";
  }
  return literal + "}";
}

}  // namespace meridian::db
