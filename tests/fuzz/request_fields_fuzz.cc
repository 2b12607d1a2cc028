// The small decoders every request passes through: request ids, resource names, emails and
// phones (and their dedup keys), bearer keys, webhook target URLs and control characters.
// Never a crash; keys are idempotent; a refused name is INVALID_ARGUMENT.
// Input: the text.
#include <string>

#include "common/api/contact_rules.h"
#include "common/api/idempotency.h"
#include "common/api/resource_names.h"
#include "common/api/text_rules.h"
#include "common/auth/api_key.h"
#include "common/events/webhook_target.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian;
  const std::string text(reinterpret_cast<const char*>(data), size);

  (void)ValidateRequestId(text);
  (void)HasControlCharacter(text);
  for (bool wildcards : {false, true}) {
    absl::StatusOr<std::vector<std::string>> ids =
        ParseResourceName(text, {"clients", "roles"}, "parent", wildcards);
    FUZZ_CHECK(
        ids.ok() ? ids->size() == 2 : ids.status().code() == absl::StatusCode::kInvalidArgument,
        "a resource name parsed to the wrong shape or failed oddly");
  }
  if (LooksLikeEmail(text)) {
    const std::string key = EmailKey(text);
    FUZZ_CHECK(EmailKey(key) == key, "an email key is not idempotent");
  }
  if (LooksLikePhone(text)) {
    const std::string key = PhoneKey(text);
    FUZZ_CHECK(PhoneKey(key) == key, "a phone key is not idempotent");
  }
  if (std::optional<std::string> key = BearerKey(text)) (void)LooksLikeApiKey(*key);
  (void)LooksLikeApiKey(text);
  const absl::Status strict = CheckTargetUrl(text, /*allow_private=*/false);
  const absl::Status lax = CheckTargetUrl(text, /*allow_private=*/true);
  FUZZ_CHECK(!strict.ok() || lax.ok(), "a URL allowed in production but refused in development");
  return 0;
}
