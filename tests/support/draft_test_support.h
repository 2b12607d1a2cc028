// What the drafters' tests share (DraftRole's and DraftCandidate's): a slice of the shared
// skill catalog with its ambiguity flags ("go", "rust", "react" are also ordinary words), built
// by hand with no database, and the hostile texts every drafter must survive.
//
//   const SkillCatalog& catalog = testing::DraftTestCatalog();
//   catalog.Resolve("golang");  // "go"
//   for (const std::string& text : testing::HostileDraftTexts()) ...
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/skills/skill_catalog.h"
#include "common/text/draft_text.h"
#include "gtest/gtest.h"

namespace meridian::testing {

// The slice (tools/skill_catalog/skills.txt has the whole catalog).
inline SkillCatalog MakeDraftTestCatalog() {
  SkillCatalogData data;
  const auto add = [&](const std::string& id, std::vector<std::string> aliases,
                       const std::string& category, std::vector<std::string> ambiguous = {}) {
    data.aliases[id] = id;
    for (const std::string& alias : aliases) data.aliases[alias] = id;
    for (const std::string& alias : ambiguous) {
      data.aliases[alias] = id;
      data.ambiguous_aliases.insert(alias);
    }
    data.categories[id] = category;
  };
  add("go", {"golang", "go lang"}, "language", {"go"});
  add("rust", {"rustlang"}, "language", {"rust"});
  add("swift", {"swiftlang"}, "language", {"swift"});
  add("python", {"py3", "python3"}, "language");
  add("java", {"core java"}, "language");
  add("typescript", {"ts"}, "language");
  add("javascript", {"js"}, "language");
  add("kotlin", {}, "language");
  add("ruby", {}, "language");
  add("php", {}, "language");
  add("nodejs", {"node.js", "node js"}, "platform", {"node"});
  add("react", {"react.js", "reactjs"}, "frontend", {"react"});
  add("postgresql", {"postgres", "pg"}, "database");
  add("mysql", {}, "database");
  add("redis", {}, "database");
  add("mongodb", {"mongo"}, "database");
  add("kafka", {"apache kafka"}, "messaging");
  add("rabbitmq", {}, "messaging");
  add("kubernetes", {"k8s", "kube"}, "infrastructure");
  add("docker", {"dockerfile"}, "infrastructure", {"containers"});
  add("terraform", {}, "infrastructure");
  add("aws", {"amazon web services"}, "cloud");
  add("gcp", {"google cloud"}, "cloud");
  add("django", {}, "backend");
  add("fastapi", {}, "backend");
  add("spring-boot", {"spring boot"}, "backend");
  add("rails", {"ruby on rails"}, "backend");
  add("graphql", {}, "backend");
  add("grpc", {}, "backend");
  add("rest", {}, "practice", {"rest"});
  add("ci-cd", {"ci/cd"}, "practice");
  add("microservices", {}, "practice");
  add("ios", {}, "mobile");
  add("swiftui", {"swift ui"}, "mobile");
  add("airflow", {"apache airflow"}, "data");
  add("spark", {"apache spark"}, "data");
  add("dbt", {}, "data");
  add("snowflake", {}, "data");
  add("sql", {}, "language");
  return SkillCatalog(std::move(data));
}

inline const SkillCatalog& DraftTestCatalog() {
  static const SkillCatalog* catalog = new SkillCatalog(MakeDraftTestCatalog());
  return *catalog;
}

// Every evidence span of a draft (RoleDraft, CandidateDraft) inside `text`, each with a
// sentence.
template <typename Draft>
void ExpectEvidenceInside(absl::string_view text, const Draft& draft) {
  for (const auto& evidence : draft.evidence()) {
    EXPECT_GE(evidence.begin(), 0) << evidence.field();
    EXPECT_LE(evidence.begin(), evidence.end()) << evidence.field();
    EXPECT_LE(static_cast<size_t>(evidence.end()), text.size()) << evidence.field();
    EXPECT_FALSE(evidence.sentence().empty()) << evidence.field();
  }
}

// What a drafter gives for a hostile text: a draft whose evidence lies inside the text and
// which protobuf sends and reads back (UTF-8 without control characters), or INVALID_ARGUMENT.
template <typename Draft>
void ExpectDraftOrInvalidArgument(absl::string_view text, const absl::StatusOr<Draft>& draft) {
  if (!draft.ok()) {
    EXPECT_EQ(draft.status().code(), absl::StatusCode::kInvalidArgument);
    return;
  }
  ExpectEvidenceInside(text, *draft);
  std::string serialized;
  EXPECT_TRUE(draft->SerializeToString(&serialized));
  Draft parsed;
  EXPECT_TRUE(parsed.ParseFromString(serialized)) << text.substr(0, 40);
}

// Binary, one huge word, nested quotes, tags, skills thousands of times, digits, money, times,
// only newlines, cut and false UTF-8: each up to the size limit.
inline const std::vector<std::string>& HostileDraftTexts() {
  static const auto* all = [] {
    auto* texts_ptr = new std::vector<std::string>;
    std::vector<std::string>& texts = *texts_ptr;
    texts.push_back(std::string(text::kMaxDraftTextBytes, 'x'));  // one huge word
    std::string binary;
    for (size_t i = 0; i < text::kMaxDraftTextBytes; ++i)
      binary.push_back(static_cast<char>(i * 131 % 256));
    texts.push_back(binary);
    std::string quotes;
    while (quotes.size() + 8 < text::kMaxDraftTextBytes) quotes += "\"'(\"[<{";
    texts.push_back(quotes);
    std::string tags;
    while (tags.size() + 10 < text::kMaxDraftTextBytes) tags += "<b><i></a>";
    texts.push_back(tags);
    std::string list;  // one sentence naming skills thousands of times, with cues among them
    while (list.size() + 40 < text::kMaxDraftTextBytes)
      list += "go, python, must, a plus, 5 years, ";
    texts.push_back(list);
    std::string digits(text::kMaxDraftTextBytes, '9');
    texts.push_back(digits);
    std::string money;
    while (money.size() + 12 < text::kMaxDraftTextBytes) money += "$9,999,999 ";
    texts.push_back(money);
    std::string times;
    while (times.size() + 16 < text::kMaxDraftTextBytes) times += "9-5 until 1pm ";
    texts.push_back(times);
    texts.push_back(std::string(text::kMaxDraftTextBytes, '\n'));
    texts.push_back("\xe2\x82");  // a cut euro sign
    // Lead bytes that look like UTF-8 but are not (the fuzzer found the first kinds):
    texts.push_back("Required: Python \xed\xa0\x80 Kafka");           // a surrogate
    texts.push_back("Required: Python \xe0\x80\xaf Kafka");           // an overlong slash
    texts.push_back("Required: Python \xf0\x80\x80\xaf Kafka");       // a four-byte overlong
    texts.push_back("Required: Python \xf4\x90\x80\x80 Kafka");       // past U+10FFFF
    texts.push_back("Required: Python \xf5\x80\x80 \xff\xfe Kafka");  // never a lead byte
    return texts_ptr;
  }();
  return *all;
}

}  // namespace meridian::testing
