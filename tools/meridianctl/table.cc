#include "tools/meridianctl/table.h"

#include <algorithm>
#include <utility>

namespace meridian::ctl {
namespace {

// Length of the ANSI escape sequence at `text[i]` (CSI: ESC [ params final-byte), 0 if none.
std::size_t EscapeLength(absl::string_view text, std::size_t i) {
  if (text[i] != '\x1b' || i + 1 >= text.size() || text[i + 1] != '[') return 0;
  std::size_t j = i + 2;
  while (j < text.size() && !(text[j] >= '@' && text[j] <= '~')) ++j;
  return j < text.size() ? j - i + 1 : text.size() - i;
}

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::size_t DisplayWidth(absl::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (std::size_t escape = EscapeLength(text, i); escape > 0) {
      i += escape;
      continue;
    }
    if (!IsContinuation(text[i])) ++width;
    ++i;
  }
  return width;
}

std::string Truncate(absl::string_view text, std::size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  if (width == 0) return "";
  std::string out;
  bool escaped = false;
  std::size_t shown = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (std::size_t escape = EscapeLength(text, i); escape > 0) {
      out.append(text.data() + i, escape);
      escaped = true;
      i += escape;
      continue;
    }
    if (!IsContinuation(text[i])) {
      if (shown == width - 1) break;  // room for the ellipsis only
      ++shown;
    }
    out.push_back(text[i]);
    ++i;
  }
  out.append("…");
  if (escaped) out.append("\x1b[0m");
  return out;
}

Table::Table(std::vector<std::string> headers)
    : headers_(std::move(headers)),
      right_(headers_.size(), false),
      max_width_(headers_.size(), 0) {}

void Table::AlignRight(std::size_t column) {
  if (column < right_.size()) right_[column] = true;
}

void Table::SetMaxWidth(std::size_t column, std::size_t width) {
  if (column < max_width_.size()) max_width_[column] = width;
}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (max_width_[c] > 0) cells[c] = Truncate(cells[c], max_width_[c]);
  }
  rows_.push_back(std::move(cells));
}

std::string Table::Render(bool bold_header) const {
  std::vector<std::size_t> widths(headers_.size(), 0);
  for (std::size_t c = 0; c < headers_.size(); ++c) widths[c] = DisplayWidth(headers_[c]);
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  auto render_line = [&](const std::vector<std::string>& cells, bool header) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::size_t pad = widths[c] - DisplayWidth(cells[c]);
      const bool last = c + 1 == cells.size();
      if (c > 0) line.append("  ");
      std::string cell = header && bold_header ? "\x1b[1m" + cells[c] + "\x1b[0m" : cells[c];
      if (right_[c]) {
        line.append(pad, ' ');
        line.append(cell);
      } else {
        line.append(cell);
        if (!last) line.append(pad, ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    line.push_back('\n');
    return line;
  };
  std::string out = render_line(headers_, true);
  for (const auto& row : rows_) out.append(render_line(row, false));
  return out;
}

}  // namespace meridian::ctl
