// update_mask from callers: a patch (text format of meridian.intake.v1.Client), 0x1F, then the
// mask's paths separated by commas. Applying never crashes, refuses with INVALID_ARGUMENT, and
// never changes an immutable field.
#include <string>

#include "absl/strings/str_split.h"
#include "common/api/update_mask.h"
#include "meridian/intake/v1/intake.pb.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian;
  const std::vector<std::string> parts = fuzz::SplitInput(data, size, 2);
  intake::v1::Client patch;
  if (!fuzz::ParseText(parts[0], &patch)) return 0;
  google::protobuf::FieldMask mask;
  if (!parts[1].empty()) {
    for (absl::string_view path : absl::StrSplit(parts[1], ',')) mask.add_paths(std::string(path));
  }
  intake::v1::Client stored;
  stored.set_name("clients/4b1c8f9e-2d3a-4e5f-8a7b-9c0d1e2f3a4b");
  stored.set_display_name("Acme");
  stored.set_etag("7");
  const intake::v1::Client before = stored;
  const absl::Status status = ApplyUpdateMask(
      patch, mask, {.resource_field = "client", .immutable = {"name", "etag", "create_time"}},
      &stored);
  FUZZ_CHECK(status.ok() || status.code() == absl::StatusCode::kInvalidArgument,
             "ApplyUpdateMask failed with a code other than INVALID_ARGUMENT");
  FUZZ_CHECK(stored.name() == before.name() && stored.etag() == before.etag(),
             "an update mask changed an immutable field");
  if (!status.ok()) {
    FUZZ_CHECK(stored.SerializeAsString() == before.SerializeAsString(),
               "a refused update changed the stored resource");
  }
  return 0;
}
