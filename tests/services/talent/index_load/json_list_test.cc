// ReadJsonList, the index load's reader of the lists jsonb sends: every string and whole-number
// member comes out exactly as a general JSON parser (nlohmann) reads it, escapes decoded, for
// the text jsonb writes and for any other spelling of the same JSON; what is not JSON is
// refused; strings without escapes are views into the text itself.
#include "services/talent/index_load/json_list.h"

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/services/talent/index_load/json_list_reference.h"

namespace meridian::talent {
namespace {

std::vector<std::string> Read(std::string_view json, bool* ok = nullptr) {
  JsonDecoded decoded;
  JsonCalls recorder;
  const bool read = ReadJsonList(json, decoded, recorder);
  if (ok != nullptr) *ok = read;
  return recorder.calls();
}

TEST(JsonListTest, ReadsTheListsJsonbWrites) {
  EXPECT_EQ(Read(R"(["MONDAY", "TUESDAY"])"), (std::vector<std::string>{"s:MONDAY", "s:TUESDAY"}));
  EXPECT_EQ(Read(R"([{"skill": "go", "level": 4, "years": 12}, {"level": "3", "skill": "sql"}])"),
            (std::vector<std::string>{"{", "m:level=4", "m:skill=\"go\"", "m:years=12", "{",
                                      "m:level=\"3\"", "m:skill=\"sql\""}));
  // A repeated key: the last one counts, as in a JSON document.
  EXPECT_EQ(Read(R"([{"level": 1, "level": 2}])"), (std::vector<std::string>{"{", "m:level=2"}));
  EXPECT_EQ(Read(R"([{"level": 1, "level": 2.5}])"), (std::vector<std::string>{"{"}));
  EXPECT_EQ(Read("[]"), std::vector<std::string>{});
  EXPECT_EQ(Read("[{}]"), std::vector<std::string>{"{"});
}

TEST(JsonListTest, DecodesEveryEscape) {
  EXPECT_EQ(Read(R"(["say \"no\"", "back\\slash\ttab\/\b\f\n\r"])"),
            (std::vector<std::string>{"s:say \"no\"", "s:back\\slash\ttab/\b\f\n\r"}));
  // One, two, three and four bytes of UTF-8; the last from a surrogate pair.
  EXPECT_EQ(Read(R"(["\u0041\u00e7\u65e5\ud83d\ude00"])"),
            (std::vector<std::string>{"s:A\xC3\xA7\xE6\x97\xA5\xF0\x9F\x98\x80"}));
  EXPECT_EQ(Read(R"([{"k\u0065y": "v\"", "\"": 1}])"),
            (std::vector<std::string>{"{", "m:\"=1", "m:key=\"v\"\""}));
}

TEST(JsonListTest, StringsWithoutEscapesAreViewsIntoTheText) {
  const std::string json = R"(["plain", "esc\"aped"])";
  JsonDecoded decoded;
  class Views final : public JsonListVisitor {
   public:
    void String(std::string_view text) override { seen.push_back(text); }
    std::vector<std::string_view> seen;
  } views;
  ASSERT_TRUE(ReadJsonList(json, decoded, views));
  ASSERT_EQ(views.seen.size(), 2u);
  EXPECT_EQ(views.seen[0].data(), json.data() + 2);
  EXPECT_EQ(views.seen[1], "esc\"aped");
  EXPECT_FALSE(views.seen[1].data() >= json.data() &&
               views.seen[1].data() < json.data() + json.size());
}

TEST(JsonListTest, PassesOverWhatItDoesNotRead) {
  // Numbers, literals and nested values as elements; fractions, exponents, literals and
  // nested values as members; numbers past int64 (a general parser reads them as floating
  // point, or clamps the unsigned ones).
  EXPECT_EQ(Read(R"([1, -2.5, true, null, ["x", {"a": "b"}], "kept", {"n": {"deep": "x"},
              "f": 1.5, "e": 1e3, "b": false, "a": [1], "big": 18446744073709551615,
              "bigger": 18446744073709551616, "low": -9223372036854775808,
              "lower": -9223372036854775809, "neg": -7, "zero": 0}])"),
            (std::vector<std::string>{"s:kept", "{", "m:big=9223372036854775807",
                                      "m:low=-9223372036854775808", "m:neg=-7", "m:zero=0"}));
}

TEST(JsonListTest, RefusesWhatIsNotAJsonArray) {
  for (const char* bad : {"",
                          "[",
                          "]",
                          "[,]",
                          "[1,]",
                          "[\"a\" \"b\"]",
                          "[\"open]",
                          "[01]",
                          "[1.]",
                          "[1e]",
                          "[-]",
                          "[tru]",
                          "[\"\\x\"]",
                          "[\"\\u12\"]",
                          "[\"\\udc00\"]",
                          "[\"\\ud83d\"]",
                          "[\"\\ud83dx\"]",
                          "[{\"a\" 1}]",
                          "[{\"a\": 1,}]",
                          "[{1: 2}]",
                          "[] []",
                          "{\"a\": 1}",
                          "\"a\"",
                          "[\"raw\ttab\"]"}) {
    bool ok = true;
    Read(bad, &ok);
    EXPECT_FALSE(ok) << bad;
    EXPECT_TRUE(nlohmann::json::parse(bad, nullptr, false).is_discarded() ||
                !nlohmann::json::parse(bad, nullptr, false).is_array())
        << bad << " is a JSON array to nlohmann";
  }
  // What came before the fault stands.
  bool ok = true;
  EXPECT_EQ(Read(R"(["a", "b", 01])", &ok), (std::vector<std::string>{"s:a", "s:b"}));
  EXPECT_FALSE(ok);
  // Far deeper than any list could need: refused, not a stack overflow.
  JsonDecoded decoded;
  JsonCalls recorder;
  EXPECT_FALSE(
      ReadJsonList(std::string(100000, '[') + std::string(100000, ']'), decoded, recorder));
}

// `json` with `space` after every ',', ':', '[' and '{' outside its strings.
std::string Spaced(const std::string& json, std::string_view space) {
  std::string spaced;
  bool in_string = false;
  bool escaped = false;
  for (char c : json) {
    spaced += c;
    if (in_string) {
      in_string = escaped || c != '"';
      escaped = !escaped && c == '\\';
    } else if (c == '"') {
      in_string = true;
    } else if (c == ',' || c == ':' || c == '[' || c == '{') {
      spaced += space;
    }
  }
  return spaced;
}

// Random lists of strings (any code point, escapes likely) and of flat objects, written by
// nlohmann the way jsonb writes them (a space after ',' and ':'), compact, with \u escapes
// for everything past ASCII, indented, and with every kind of space: all read as nlohmann
// reads them.
TEST(JsonListTest, AgreesWithAGeneralParserOnRandomLists) {
  std::mt19937 random(20261202);
  const auto any_string = [&] {
    std::string text;
    const int length = std::uniform_int_distribution<int>(0, 12)(random);
    for (int i = 0; i < length; ++i) {
      const int pick = std::uniform_int_distribution<int>(0, 9)(random);
      uint32_t code = pick < 5   ? std::uniform_int_distribution<uint32_t>(0x20, 0x7E)(random)
                      : pick < 6 ? std::uniform_int_distribution<uint32_t>(0, 0x1F)(random)
                      : pick < 7 ? static_cast<uint32_t>("\"\\/"[i % 3])
                      : pick < 8 ? std::uniform_int_distribution<uint32_t>(0x80, 0x7FF)(random)
                      : pick < 9
                          ? std::uniform_int_distribution<uint32_t>(0x800, 0xD7FF)(random)
                          : std::uniform_int_distribution<uint32_t>(0x10000, 0x10FFFF)(random);
      nlohmann::json::string_t utf8;
      if (code < 0x80) {
        utf8.push_back(static_cast<char>(code));
      } else if (code < 0x800) {
        utf8 = {static_cast<char>(0xC0 | (code >> 6)), static_cast<char>(0x80 | (code & 0x3F))};
      } else if (code < 0x10000) {
        utf8 = {static_cast<char>(0xE0 | (code >> 12)),
                static_cast<char>(0x80 | ((code >> 6) & 0x3F)),
                static_cast<char>(0x80 | (code & 0x3F))};
      } else {
        utf8 = {static_cast<char>(0xF0 | (code >> 18)),
                static_cast<char>(0x80 | ((code >> 12) & 0x3F)),
                static_cast<char>(0x80 | ((code >> 6) & 0x3F)),
                static_cast<char>(0x80 | (code & 0x3F))};
      }
      text += utf8;
    }
    return text;
  };
  const auto any_value = [&]() -> nlohmann::json {
    switch (std::uniform_int_distribution<int>(0, 5)(random)) {
      case 0:
        return any_string();
      case 1:
        return std::uniform_int_distribution<int64_t>(-1'000'000, 1'000'000)(random);
      case 2:
        return std::uniform_int_distribution<uint64_t>()(random);
      case 3:
        return std::numeric_limits<int64_t>::min();
      case 4:
        return 0.5;
      default:
        return nullptr;
    }
  };
  for (int round = 0; round < 2000; ++round) {
    nlohmann::json list = nlohmann::json::array();
    const int elements = std::uniform_int_distribution<int>(0, 6)(random);
    for (int e = 0; e < elements; ++e) {
      if (std::uniform_int_distribution<int>(0, 2)(random) == 0) {
        nlohmann::json object = nlohmann::json::object();
        const int members = std::uniform_int_distribution<int>(0, 4)(random);
        for (int m = 0; m < members; ++m) object[any_string()] = any_value();
        list.push_back(object);
      } else {
        list.push_back(e % 3 == 0 ? any_value() : nlohmann::json(any_string()));
      }
    }
    const std::vector<std::string> expected = ReferenceCalls(list);
    for (const std::string& json : {Spaced(list.dump(), " "), list.dump(), list.dump(-1, ' ', true),
                                    list.dump(2), Spaced(list.dump(), " \n\t\r")}) {
      bool ok = false;
      EXPECT_EQ(Read(json, &ok), expected) << json;
      EXPECT_TRUE(ok) << json;
    }
  }
}

}  // namespace
}  // namespace meridian::talent
