#include "services/talent/search_proto/wire_writer.h"

#include <algorithm>

namespace meridian::talent {

WireWriter::WireWriter(std::string& out) : out_(out) {
  const size_t start = out_.size();
  out_.resize(std::max(out_.capacity(), start + 256));
  at_ = out_.data() + start;
  end_ = out_.data() + out_.size();
}

WireWriter::~WireWriter() { out_.resize(Offset()); }

void WireWriter::Grow(size_t bytes) {
  const size_t written = Offset();
  out_.resize(std::max(out_.size() * 2, written + bytes));
  at_ = out_.data() + written;
  end_ = out_.data() + out_.size();
}

void WireWriter::End(Mark mark, EmptyField empty) {
  const size_t length = Offset() - mark.length_at - 1;
  if (length == 0 && empty == kDropEmpty) {
    at_ = out_.data() + mark.tag_at;
    return;
  }
  if (length < 0x80) {
    out_[mark.length_at] = static_cast<char>(length);
    return;
  }
  // The length needs more bytes than the one kept: move the content up to make room.
  char varint[kMaxVarint];
  size_t size = 0;
  for (uint64_t rest = length; rest > 0; rest >>= 7) {
    varint[size++] = static_cast<char>((rest & 0x7f) | (rest >= 0x80 ? 0x80 : 0));
  }
  Room(size - 1);
  char* const content = out_.data() + mark.length_at + 1;
  std::memmove(content + size - 1, content, length);
  std::memcpy(out_.data() + mark.length_at, varint, size);
  at_ += size - 1;
}

}  // namespace meridian::talent
