#include "tools/meridianctl/csv_reader.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace meridian::ctl {

absl::StatusOr<bool> CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  record->raw.clear();
  while (true) {
    // Skip blank lines between records.
    const int c = in_.peek();
    if (c == std::char_traits<char>::eof()) return false;
    if (c == '\n') {
      in_.get();
      ++line_;
      continue;
    }
    if (c == '\r') {
      in_.get();
      if (in_.peek() == '\n') in_.get();
      ++line_;
      continue;
    }
    break;
  }
  record->line = line_;
  std::string field;
  bool quoted = false;       // inside a quoted field
  bool after_quote = false;  // a quoted field closed; only , or a line break may follow
  while (true) {
    const int c = in_.get();
    if (c == std::char_traits<char>::eof()) {
      if (quoted) {
        return absl::InvalidArgumentError(
            absl::StrCat("line ", record->line, ": a quoted field is not closed"));
      }
      record->fields.push_back(std::move(field));
      return true;
    }
    const char ch = static_cast<char>(c);
    if (quoted) {
      record->raw.push_back(ch);
      if (ch == '"') {
        if (in_.peek() == '"') {
          record->raw.push_back(static_cast<char>(in_.get()));
          field.push_back('"');
        } else {
          quoted = false;
          after_quote = true;
        }
      } else {
        if (ch == '\n') ++line_;
        field.push_back(ch);
      }
      continue;
    }
    if (ch == '\r' || ch == '\n') {
      if (ch == '\r' && in_.peek() == '\n') in_.get();
      ++line_;
      record->fields.push_back(std::move(field));
      return true;
    }
    record->raw.push_back(ch);
    if (ch == ',') {
      record->fields.push_back(std::move(field));
      field.clear();
      after_quote = false;
      continue;
    }
    if (after_quote) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line_, ": '", std::string(1, ch),
                       "' after a closing quote (quote the whole field)"));
    }
    if (ch == '"' && field.empty()) {
      quoted = true;
      continue;
    }
    field.push_back(ch);
  }
}

}  // namespace meridian::ctl
