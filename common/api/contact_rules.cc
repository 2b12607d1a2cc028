#include "common/api/contact_rules.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"

namespace meridian {
namespace {

constexpr size_t kMaxPhoneLength = 32;

}  // namespace

bool LooksLikeEmail(absl::string_view email) {
  const size_t at = email.find('@');
  return at != absl::string_view::npos && at > 0 &&
         email.find('@', at + 1) == absl::string_view::npos &&
         email.find('.', at + 2) != absl::string_view::npos && email[at + 1] != '.' &&
         email.back() != '.' && email.find(' ') == absl::string_view::npos && email.size() <= 254;
}

bool LooksLikePhone(absl::string_view phone) {
  if (phone.size() > kMaxPhoneLength) return false;
  phone = absl::StripAsciiWhitespace(phone);
  // A "+" (the international prefix) may only open the number, once: "++351 91" is a typo.
  absl::ConsumePrefix(&phone, "+");
  int digits = 0;
  int open_parentheses = 0;
  for (char c : phone) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (c == '(') {
      if (++open_parentheses > 1) return false;
    } else if (c == ')') {
      if (--open_parentheses < 0) return false;
    } else if (!absl::StrContains(" -.", c)) {
      return false;
    }
  }
  return open_parentheses == 0 && digits >= 5 && digits <= 20;
}

std::string EmailKey(absl::string_view email) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(email));
}

std::string PhoneKey(absl::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) digits.push_back(c);
  }
  return digits;
}

}  // namespace meridian
