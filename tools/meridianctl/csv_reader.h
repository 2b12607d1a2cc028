// A reader of CSV as RFC 4180 defines it: fields separated by commas, records by CRLF or LF,
// a field in double quotes may hold commas, line breaks and "" (one quote). Our own because
// Debian's candidates do not fit: libfccp-dev (fast-cpp-csv-parser) fixes the column count at
// compile time and refuses line breaks inside quotes; libcsv-dev (C, callbacks) tells no line
// numbers. Each record knows the line it starts on, which is what an import reports and
// resumes by.
//
//   std::istringstream in("name,email\n\"Lima, Ana\",ana@example.com\n");
//   CsvReader reader(in);
//   CsvRecord record;
//   while (true) {
//     absl::StatusOr<bool> more = reader.Next(&record);
//     if (!more.ok()) { /* message names the line */ }
//     if (!*more) break;
//     // record.line, record.fields
//   }
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace meridian::ctl {

// One record and where it is in the file.
struct CsvRecord {
  // The line the record starts on, from 1 (a quoted field with line breaks spans several).
  int line = 0;
  std::vector<std::string> fields;
  // The record's bytes as they were in the file (without the final line break): what an
  // import's request_id is derived from.
  std::string raw;
};

class CsvReader final {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}

  // Reads the next record into `record`: true when there was one, false at the end of the
  // input. INVALID_ARGUMENT naming the line for a quote left open at the end of the input or
  // a character after a closing quote that is not a comma or a line break. Blank lines are
  // skipped (RFC 4180 has none; spreadsheets leave them at the end).
  absl::StatusOr<bool> Next(CsvRecord* record);

 private:
  std::istream& in_;
  int line_ = 1;  // the line the next character is on
};

}  // namespace meridian::ctl
