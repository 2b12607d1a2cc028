#include "common/db/loggable_error.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace meridian::db {
namespace {

// A name PostgreSQL would print for a table, column, constraint or type: lower case letters,
// digits, "_" and "." (schema-qualified). Values (emails, digits, names) do not look like this.
bool IsPlainIdentifier(absl::string_view text) {
  if (text.empty() || text.size() > 63 * 2 + 1) return false;
  if (!absl::ascii_islower(static_cast<unsigned char>(text.front())) && text.front() != '_') {
    return false;
  }
  for (char c : text) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c)) &&
        !absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

constexpr size_t kMaxLength = 300;

}  // namespace

std::string LoggableError(absl::string_view what) {
  // Only the primary message: DETAIL, HINT, CONTEXT and the query follow on later lines.
  absl::string_view line = what.substr(0, what.find('\n'));
  line = absl::StripAsciiWhitespace(line);
  absl::ConsumePrefix(&line, "ERROR:");
  line = absl::StripLeadingAsciiWhitespace(line);
  std::string out;
  while (!line.empty() && out.size() < kMaxLength) {
    const size_t open = line.find('"');
    if (open == absl::string_view::npos) {
      absl::StrAppend(&out, line);
      break;
    }
    absl::StrAppend(&out, line.substr(0, open + 1));
    const size_t close = line.find('"', open + 1);
    if (close == absl::string_view::npos) {
      out.append("...\"");  // An unterminated quote: whatever follows may be a value.
      break;
    }
    const absl::string_view quoted = line.substr(open + 1, close - open - 1);
    absl::StrAppend(&out, IsPlainIdentifier(quoted) ? quoted : "...");
    out.push_back('"');
    line.remove_prefix(close + 1);
  }
  // Values outside quotes: a conversion error reports the rest of the line after a colon.
  for (absl::string_view marker : {"invalid input syntax", "value too long", "out of range"}) {
    if (absl::StrContains(out, marker)) {
      const size_t colon = out.find(':');
      if (colon != std::string::npos) out.erase(colon + 1).append(" ...");
      break;
    }
  }
  if (out.size() > kMaxLength) out.resize(kMaxLength);
  return out;
}

}  // namespace meridian::db
