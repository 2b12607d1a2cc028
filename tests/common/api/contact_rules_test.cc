// Tests for common/api/contact_rules.h: the shapes of emails and phone numbers.
#include "common/api/contact_rules.h"

#include "gtest/gtest.h"

namespace meridian {
namespace {

TEST(LooksLikePhone, AcceptsTheWaysPeopleWriteNumbers) {
  for (const char* phone : {"+351 912 345 678", "+1 (555) 010-9999", "555.010.9999",
                            "(11) 91234-5678", "00351912345678", "  +44 20 7946 0958 "}) {
    EXPECT_TRUE(LooksLikePhone(phone)) << phone;
  }
}

// Issue 17: "++351 91" was accepted.
TEST(LooksLikePhone, RefusesAPlusAnywhereButTheStartAndUnbalancedParentheses) {
  for (const char* phone : {"++351 912345", "+351 +912345", "351+912345", "(555 0109999",
                            "555) 010-9999", "((555)) 0109999", "+1 555 01O 9999", "1234"}) {
    EXPECT_FALSE(LooksLikePhone(phone)) << phone;
  }
}

TEST(PhoneKey, IsTheDigits) { EXPECT_EQ(PhoneKey("+1 (555) 010-9999"), "15550109999"); }

}  // namespace
}  // namespace meridian
