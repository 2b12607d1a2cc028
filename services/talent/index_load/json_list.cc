#include "services/talent/index_load/json_list.h"

#include <limits>

namespace meridian::talent {
namespace {

// Deeper than any list the load reads holds; bounds the recursion of values passed over.
constexpr int kMaxDepth = 64;

// A position in one JSON text. Every Read* starts at the value (spaces skipped) and returns
// false at the first thing that is not JSON.
class Cursor final {
 public:
  Cursor(std::string_view text, JsonDecoded& decoded)
      : at_(text.data()), end_(text.data() + text.size()), decoded_(decoded) {}

  // The next character past spaces, '\0' at the end.
  char Peek() {
    while (at_ < end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
    return at_ < end_ ? *at_ : '\0';
  }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++at_;
    return true;
  }
  bool AtEnd() { return Peek() == '\0' && at_ == end_; }

  // At '"': the string, as a view of the text when it holds no escape.
  bool ReadString(std::string_view& out) {
    ++at_;
    const char* start = at_;
    while (at_ < end_ && *at_ != '"' && *at_ != '\\' && !IsControl(*at_)) ++at_;
    if (at_ == end_ || IsControl(*at_)) return false;
    if (*at_ == '"') {
      out = std::string_view(start, at_ - start);
      ++at_;
      return true;
    }
    std::string& decoded = decoded_.Add();
    decoded.assign(start, at_);
    while (at_ < end_) {
      const char c = *at_++;
      if (c == '"') {
        out = decoded;
        return true;
      }
      if (IsControl(c)) return false;
      if (c != '\\') {
        decoded.push_back(c);
        continue;
      }
      if (at_ == end_) return false;
      switch (*at_++) {
        case '"':
          decoded.push_back('"');
          break;
        case '\\':
          decoded.push_back('\\');
          break;
        case '/':
          decoded.push_back('/');
          break;
        case 'b':
          decoded.push_back('\b');
          break;
        case 'f':
          decoded.push_back('\f');
          break;
        case 'n':
          decoded.push_back('\n');
          break;
        case 'r':
          decoded.push_back('\r');
          break;
        case 't':
          decoded.push_back('\t');
          break;
        case 'u':
          if (!ReadEscapedCodePoint(decoded)) return false;
          break;
        default:
          return false;
      }
    }
    return false;
  }

  // At '-' or a digit: a number; `whole` when it has no fraction or exponent and fits int64
  // (past INT64_MAX up to UINT64_MAX it is clamped, as a general parser's unsigned would be).
  bool ReadNumber(bool& whole, int64_t& value) {
    const bool negative = *at_ == '-';
    if (negative) ++at_;
    if (at_ == end_ || !IsDigit(*at_)) return false;
    uint64_t magnitude = 0;
    bool overflow = false;
    if (*at_ == '0') {
      ++at_;
    } else {
      while (at_ < end_ && IsDigit(*at_)) {
        const uint64_t digit = static_cast<uint64_t>(*at_++ - '0');
        if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10) overflow = true;
        magnitude = magnitude * 10 + digit;
      }
    }
    whole = true;
    if (at_ < end_ && *at_ == '.') {
      ++at_;
      if (!SkipDigits()) return false;
      whole = false;
    }
    if (at_ < end_ && (*at_ == 'e' || *at_ == 'E')) {
      ++at_;
      if (at_ < end_ && (*at_ == '+' || *at_ == '-')) ++at_;
      if (!SkipDigits()) return false;
      whole = false;
    }
    constexpr uint64_t kInt64Max = std::numeric_limits<int64_t>::max();
    if (overflow || (negative && magnitude > kInt64Max + 1)) {
      whole = false;  // a general parser reads these as floating point
    } else if (negative) {
      value = magnitude == kInt64Max + 1 ? std::numeric_limits<int64_t>::min()
                                         : -static_cast<int64_t>(magnitude);
    } else {
      value = static_cast<int64_t>(std::min(magnitude, kInt64Max));
    }
    return true;
  }

  // At any value: passes over it.
  bool SkipValue(int depth) {
    if (depth > kMaxDepth) return false;
    const char c = Peek();
    std::string_view ignored;
    bool whole = false;
    int64_t number = 0;
    switch (c) {
      case '"':
        return ReadString(ignored);
      case '[':
        ++at_;
        if (Consume(']')) return true;
        do {
          if (!SkipValue(depth + 1)) return false;
        } while (Consume(','));
        return Consume(']');
      case '{':
        ++at_;
        if (Consume('}')) return true;
        do {
          if (Peek() != '"' || !ReadString(ignored) || !Consume(':')) return false;
          if (!SkipValue(depth + 1)) return false;
        } while (Consume(','));
        return Consume('}');
      case 't':
        return ReadWord("true");
      case 'f':
        return ReadWord("false");
      case 'n':
        return ReadWord("null");
      default:
        if (c == '-' || IsDigit(c)) return ReadNumber(whole, number);
        return false;
    }
  }

 private:
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  static bool IsControl(char c) { return static_cast<unsigned char>(c) < 0x20; }

  bool SkipDigits() {
    if (at_ == end_ || !IsDigit(*at_)) return false;
    while (at_ < end_ && IsDigit(*at_)) ++at_;
    return true;
  }
  bool ReadWord(std::string_view word) {
    if (std::string_view(at_, end_ - at_).substr(0, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }
  bool ReadHex4(uint32_t& unit) {
    if (end_ - at_ < 4) return false;
    unit = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *at_++;
      unit <<= 4;
      if (c >= '0' && c <= '9') {
        unit |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        unit |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        unit |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  }
  // After "\u": one code point (a surrogate pair takes two escapes), appended as UTF-8.
  bool ReadEscapedCodePoint(std::string& out) {
    uint32_t code = 0;
    if (!ReadHex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a low surrogate first
    if (code >= 0xD800 && code <= 0xDBFF) {
      uint32_t low = 0;
      if (end_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u') return false;
      at_ += 2;
      if (!ReadHex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (code >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
    return true;
  }

  const char* at_;
  const char* const end_;
  JsonDecoded& decoded_;
};

// At '{' of an element: its members to the visitor.
bool ReadObject(Cursor& cursor, JsonListVisitor& visitor) {
  cursor.Consume('{');
  visitor.Object();
  if (cursor.Consume('}')) return true;
  do {
    JsonMember member;
    if (cursor.Peek() != '"' || !cursor.ReadString(member.key) || !cursor.Consume(':')) {
      return false;
    }
    const char c = cursor.Peek();
    if (c == '"') {
      std::string_view text;
      if (!cursor.ReadString(text)) return false;
      member.text = &text;
      visitor.Member(member);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      if (!cursor.ReadNumber(member.whole_number, member.number)) return false;
      visitor.Member(member);
    } else {
      if (!cursor.SkipValue(2)) return false;
      visitor.Member(member);
    }
  } while (cursor.Consume(','));
  return cursor.Consume('}');
}

}  // namespace

bool ReadJsonList(std::string_view json, JsonDecoded& decoded, JsonListVisitor& visitor) {
  Cursor cursor(json, decoded);
  if (!cursor.Consume('[')) return false;
  if (!cursor.Consume(']')) {
    do {
      const char c = cursor.Peek();
      if (c == '"') {
        std::string_view text;
        if (!cursor.ReadString(text)) return false;
        visitor.String(text);
      } else if (c == '{') {
        if (!ReadObject(cursor, visitor)) return false;
      } else if (!cursor.SkipValue(1)) {
        return false;
      }
    } while (cursor.Consume(','));
    if (!cursor.Consume(']')) return false;
  }
  return cursor.AtEnd();
}

}  // namespace meridian::talent
