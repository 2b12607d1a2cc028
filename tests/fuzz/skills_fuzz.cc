// Skill names from callers: normalising is idempotent, resolving looks through the
// normalisation, suggesting never crashes, and the edit distance is a distance.
// Input: name 0x1F other name.
#include <algorithm>
#include <string>

#include "common/skills/skill_catalog.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace meridian;
  const std::vector<std::string> parts = fuzz::SplitInput(data, size, 2);
  const std::string& name = parts[0];

  const std::string key = NormalizeSkillKey(name);
  FUZZ_CHECK(NormalizeSkillKey(key) == key, "normalising a skill key twice changed it");
  const SkillCatalog& catalog = fuzz::TestCatalog();
  FUZZ_CHECK(catalog.Resolve(name) == catalog.Resolve(key), "Resolve differs after normalising");
  if (name.size() <= 200) (void)catalog.Suggest(name);

  // The distance's cost is quadratic: bounded inputs, as the catalog bounds names.
  const std::string a = name.substr(0, 64), b = parts[1].substr(0, 64);
  const int distance = EditDistance(a, b);
  FUZZ_CHECK(distance == EditDistance(b, a), "edit distance is not symmetric");
  FUZZ_CHECK(distance >= 0 && distance <= static_cast<int>(std::max(a.size(), b.size())),
             "edit distance out of range");
  FUZZ_CHECK((distance == 0) == (a == b), "edit distance 0 for different strings");
  return 0;
}
