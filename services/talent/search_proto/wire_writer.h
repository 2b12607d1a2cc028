// Protobuf's wire format written straight into a string, byte for byte as a message's own
// serializer writes it, for a response whose messages would cost more to build than to write:
// a page of explained search matches is about a thousand small messages and strings, built,
// measured, checked for UTF-8, encoded and freed, where the page's bytes can be written once
// (explain.h).
//
// The caller writes a message's fields in field-number order, as protobuf does; the writer
// leaves out what proto3 leaves out (zero numbers, +0.0, false, empty strings and lists) and
// writes lengths in their shortest form, so that the bytes equal the serializer's, the
// property the tests hold it to. A nested message, a packed list or a string written in
// pieces is a Begin() / End() pair: its content is written in between and its length filled
// in at End().
//
//   std::string bytes;
//   {
//     WireWriter out(bytes);   // appends to `bytes`, which is complete when `out` is gone
//     const WireWriter::Mark hours = out.Begin(v1::Candidate::kWorkingHoursFieldNumber);
//     out.String(common::v1::WorkingHours::kTimeZoneFieldNumber, "Europe/Lisbon");
//     out.End(hours, WireWriter::kKeepEmpty);   // a set message field is written even if empty
//   }
//
// Strings are written as given: checking UTF-8 is the caller's part (the search writes only
// text that was checked when it was stored). The bytes go through a raw cursor into room kept
// ahead in the string, not through the string's own appends, which cost several times more
// for fields of a few bytes; `bytes` is not to be read or changed while a writer is open.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace meridian::talent {

class WireWriter final {
 public:
  // Where a length-delimited field starts (Begin), for End: offsets in the string, which may
  // move as it grows.
  struct Mark {
    size_t tag_at;     // the field's tag, where an empty field is cut back to
    size_t length_at;  // the one byte kept for the length
  };

  // What End does with a field that got no content.
  enum EmptyField {
    kKeepEmpty,  // a message field that is set: written, with length 0
    kDropEmpty,  // a string or a packed list: left out, as proto3 leaves out empty ones
  };

  // Appends to `out` from its current end.
  explicit WireWriter(std::string& out);
  // Cuts `out` back to what was written.
  ~WireWriter();
  WireWriter(const WireWriter&) = delete;
  WireWriter& operator=(const WireWriter&) = delete;

  void Int32(int field, int32_t value) {
    // A negative int32 is sign-extended to ten bytes, as protobuf writes it.
    Int64(field, value);
  }
  void Int64(int field, int64_t value) {
    if (value == 0) return;
    Room(kMaxTag + kMaxVarint);
    Tag(field, kVarint);
    Varint(static_cast<uint64_t>(value));
  }
  void Bool(int field, bool value) {
    if (!value) return;
    Room(kMaxTag + 1);
    Tag(field, kVarint);
    *at_++ = '\1';
  }
  void Enum(int field, int value) { Int32(field, value); }
  // Left out when every bit is 0 (+0.0 only: -0.0 is written, as protobuf does).
  void Double(int field, double value) {
    uint64_t bits;
    static_assert(sizeof(bits) == sizeof(value));
    std::memcpy(&bits, &value, sizeof(bits));
    if (bits == 0) return;
    Room(kMaxTag + 8);
    Tag(field, kFixed64);
    for (int i = 0; i < 8; ++i) *at_++ = static_cast<char>(bits >> (8 * i));  // little-endian
  }
  void String(int field, std::string_view value) {
    if (value.empty()) return;
    Room(kMaxTag + kMaxVarint + value.size());
    Tag(field, kLengthDelimited);
    Varint(value.size());
    std::memcpy(at_, value.data(), value.size());
    at_ += value.size();
  }

  // Opens a length-delimited field (a message, a string or a packed list) whose content is
  // written next.
  Mark Begin(int field) {
    Room(kMaxTag + 1);
    const size_t tag_at = Offset();
    Tag(field, kLengthDelimited);
    *at_++ = '\0';
    return {tag_at, Offset() - 1};
  }
  // Closes the field `mark` opened: fills in its length, moving the content up when the
  // length takes more than one byte.
  void End(Mark mark, EmptyField empty);

  // Content of the field open with Begin: one element of a packed list, or a string's piece.
  void PackedVarint(int64_t value) {
    Room(kMaxVarint);
    Varint(static_cast<uint64_t>(value));
  }
  void Text(std::string_view piece) {
    Room(piece.size());
    std::memcpy(at_, piece.data(), piece.size());
    at_ += piece.size();
  }

 private:
  enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2 };
  static constexpr size_t kMaxTag = 5;
  static constexpr size_t kMaxVarint = 10;

  size_t Offset() const { return static_cast<size_t>(at_ - out_.data()); }
  // At least `bytes` of room after the cursor.
  void Room(size_t bytes) {
    if (static_cast<size_t>(end_ - at_) < bytes) Grow(bytes);
  }
  void Grow(size_t bytes);
  void Tag(int field, WireType type) { Varint((static_cast<uint64_t>(field) << 3) | type); }
  // Needs the room for it.
  void Varint(uint64_t value) {
    while (value >= 0x80) {
      *at_++ = static_cast<char>(value | 0x80);
      value >>= 7;
    }
    *at_++ = static_cast<char>(value);
  }

  std::string& out_;
  char* at_;   // the next byte to write, in out_
  char* end_;  // the end of out_'s room
};

}  // namespace meridian::talent
