// Tests for common/skills/skill_catalog.h: skill keys, edit distance, alias resolution and
// suggestions.
#include "common/skills/skill_catalog.h"

#include <string>
#include <unordered_map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

SkillCatalog TestCatalog() {
  return SkillCatalog(std::unordered_map<std::string, std::string>{
      {"nodejs", "nodejs"},
      {"node", "nodejs"},
      {"node.js", "nodejs"},
      {"node js", "nodejs"},
      {"kubernetes", "kubernetes"},
      {"k8s", "kubernetes"},
      {"react", "react"},
      {"reactjs", "react"},
      {"postgresql", "postgresql"},
      {"postgres", "postgresql"},
      {"python", "python"},
      {"go", "go"},
      {"golang", "go"},
  });
}

TEST(NormalizeSkillKey, LowersTrimsAndFoldsWhiteSpace) {
  EXPECT_EQ(NormalizeSkillKey("  Node   JS "), "node js");
  EXPECT_EQ(NormalizeSkillKey("\tReact\n\nNative "), "react native");
  EXPECT_EQ(NormalizeSkillKey("Node.JS"), "node.js");
  EXPECT_EQ(NormalizeSkillKey("   "), "");
  EXPECT_EQ(NormalizeSkillKey(""), "");
}

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(EditDistance("", ""), 0);
  EXPECT_EQ(EditDistance("go", "go"), 0);
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("abc", ""), 3);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("kubernets", "kubernetes"), 1);
  EXPECT_EQ(EditDistance("flaw", "lawn"), 2);
}

TEST(EditDistance, IsSymmetric) {
  EXPECT_EQ(EditDistance("postgres", "progress"), EditDistance("progress", "postgres"));
  EXPECT_EQ(EditDistance("abc", "yabd"), EditDistance("yabd", "abc"));
}

TEST(SkillCatalog, ResolvesIdsAndAliasesIgnoringCaseAndSpaces) {
  const SkillCatalog catalog = TestCatalog();
  EXPECT_EQ(catalog.Resolve("nodejs"), "nodejs");
  EXPECT_EQ(catalog.Resolve("NodeJS"), "nodejs");
  EXPECT_EQ(catalog.Resolve("  Node   JS "), "nodejs");
  EXPECT_EQ(catalog.Resolve("Node.js"), "nodejs");
  EXPECT_EQ(catalog.Resolve("K8S"), "kubernetes");
  EXPECT_EQ(catalog.Resolve("Golang"), "go");
}

TEST(SkillCatalog, ResolvesUnknownNamesToNothing) {
  const SkillCatalog catalog = TestCatalog();
  EXPECT_EQ(catalog.Resolve("Kubernets"), std::nullopt);
  EXPECT_EQ(catalog.Resolve("cobol"), std::nullopt);
  EXPECT_EQ(catalog.Resolve(""), std::nullopt);
}

TEST(SkillCatalog, SuggestsNearestIdFirst) {
  const std::vector<std::string> suggestions = TestCatalog().Suggest("Kubernets");
  ASSERT_FALSE(suggestions.empty());
  EXPECT_EQ(suggestions.front(), "kubernetes");
}

TEST(SkillCatalog, SuggestsThroughAliases) {
  EXPECT_EQ(TestCatalog().Suggest("postgress", 1), std::vector<std::string>{"postgresql"});
  EXPECT_EQ(TestCatalog().Suggest("ReactJ", 1), std::vector<std::string>{"react"});
}

TEST(SkillCatalog, SuggestsForATypedPrefix) {
  EXPECT_EQ(TestCatalog().Suggest("kube").front(), "kubernetes");
  EXPECT_EQ(TestCatalog().Suggest("Pyt").front(), "python");
}

TEST(SkillCatalog, SuggestionsRespectTheLimitAndNameEachIdOnce) {
  const SkillCatalog catalog = TestCatalog();
  EXPECT_THAT(catalog.Suggest("nodde"), SizeIs(3));
  EXPECT_THAT(catalog.Suggest("nodde", 1), ElementsAre("nodejs"));
  EXPECT_THAT(catalog.Suggest("nodde", 0), IsEmpty());
  // Six ids in the catalog: a large limit lists each of them once.
  const std::vector<std::string> all = catalog.Suggest("x", 100);
  EXPECT_THAT(all, SizeIs(6));
  EXPECT_THAT(all, Contains("go"));
}

TEST(SkillCatalog, EmptyCatalogResolvesAndSuggestsNothing) {
  const SkillCatalog catalog(std::unordered_map<std::string, std::string>{});
  EXPECT_EQ(catalog.Resolve("go"), std::nullopt);
  EXPECT_THAT(catalog.Suggest("go"), IsEmpty());
}

}  // namespace
}  // namespace meridian
