// Aligned text tables for people: a header row and columns padded to their widest cell, with
// ANSI colour codes and UTF-8 text measured as what the terminal shows (so that a coloured
// state or "São Paulo" does not push the next column out of line).
//
//   Table table({"NAME", "COUNTRY", "SCORE"});
//   table.AlignRight(2);
//   table.AddRow({"Ana Lima", "PT", "91.5"});
//   std::fputs(table.Render().c_str(), stdout);
//   // NAME      COUNTRY  SCORE
//   // Ana Lima  PT        91.5
#pragma once

#include <cstddef>
#include <string>
#include <vector>
#include "absl/strings/string_view.h"

namespace meridian::ctl {

// Columns printed as the terminal shows them: UTF-8 code points count one each (continuation
// bytes nothing), ANSI escape sequences ("\x1b[1m") nothing.
std::size_t DisplayWidth(absl::string_view text);

// `text` cut to `width` columns, ending in "…" when cut. Escape sequences are kept whole, and a
// cut text gets a colour reset so that a cut colour does not bleed into the next column.
std::string Truncate(absl::string_view text, std::size_t width);

class Table final {
 public:
  explicit Table(std::vector<std::string> headers);

  // Right-aligns column `column` (numbers read best that way).
  void AlignRight(std::size_t column);
  // Cuts the cells of column `column` to `width` columns (long reasons, notes).
  void SetMaxWidth(std::size_t column, std::size_t width);
  // A row; missing cells are empty, extra cells are dropped.
  void AddRow(std::vector<std::string> cells);

  std::size_t row_count() const { return rows_.size(); }

  // The header and the rows, columns two spaces apart, every line ending in "\n" and without
  // trailing spaces. `bold_header`: the header in bold (only on a terminal).
  std::string Render(bool bold_header = false) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<bool> right_;
  std::vector<std::size_t> max_width_;
};

}  // namespace meridian::ctl
