// Tests for common/skills/skill_catalog.h on catalogs built by hand: skill keys, edit
// distance, alias resolution, suggestions, ambiguity, categories and relations. The catalog
// the migrations seed is tested in tests/common/db/skill_catalog_db_test.cc.
#include "common/skills/skill_catalog.h"

#include <ostream>
#include <string>
#include <unordered_map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian {

// For readable failures.
void PrintTo(const SkillRelation& relation, std::ostream* out) {
  *out << relation.skill << " -> " << relation.implied << " " << relation.weight;
}

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

TEST(EditDistance, CountsASwapOfNeighboursAsOneEdit) {
  EXPECT_EQ(EditDistance("djnago", "django"), 1);
  EXPECT_EQ(EditDistance("ab", "ba"), 1);
  EXPECT_EQ(EditDistance("typescirpt", "typescript"), 1);
  // Optimal string alignment: a swapped pair is not edited again.
  EXPECT_EQ(EditDistance("ca", "abc"), 3);
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
  // "node", "node.js", "node js" and "nodejs" are all close to "nodes": one suggestion.
  EXPECT_THAT(catalog.Suggest("nodes"), ElementsAre("nodejs"));
  EXPECT_THAT(catalog.Suggest("nodde", 1), ElementsAre("nodejs"));
  EXPECT_THAT(catalog.Suggest("nodde", 0), IsEmpty());
  EXPECT_THAT(catalog.Suggest("po", 100), ElementsAre("postgresql"));
}

TEST(SkillCatalog, SuggestsNothingThatHasNothingInCommon) {
  const SkillCatalog catalog(
      std::unordered_map<std::string, std::string>{{"accessibility", "accessibility"},
                                                   {"a11y", "accessibility"},
                                                   {"go", "go"},
                                                   {"golang", "go"},
                                                   {"mongodb", "mongodb"},
                                                   {"mongo", "mongodb"},
                                                   {"react", "react"},
                                                   {"redux", "redux"},
                                                   {"c", "c"},
                                                   {"r", "r"}});
  // Nothing like Django: no accessibility, no go (whose letters end "django"), no mongo.
  EXPECT_THAT(catalog.Suggest("django"), IsEmpty());
  EXPECT_THAT(catalog.Suggest("x"), IsEmpty());
  EXPECT_THAT(catalog.Suggest("kotlin"), IsEmpty());
  // Two edits in five letters (redux) is not a typo.
  EXPECT_THAT(catalog.Suggest("redis"), IsEmpty());
  EXPECT_THAT(catalog.Suggest(""), IsEmpty());
  EXPECT_THAT(catalog.Suggest("   "), IsEmpty());
}

TEST(SkillCatalog, SuggestsTyposRelativeToLength) {
  const SkillCatalog catalog = TestCatalog();
  EXPECT_THAT(catalog.Suggest("pyhton"), ElementsAre("python"));  // a swap
  EXPECT_THAT(catalog.Suggest("kubernetse"), ElementsAre("kubernetes"));
  EXPECT_THAT(catalog.Suggest("posgtresql"), ElementsAre("postgresql"));
  EXPECT_THAT(catalog.Suggest("reactt"), ElementsAre("react"));
  // One typo in two letters is half the word.
  EXPECT_THAT(catalog.Suggest("gx"), IsEmpty());
}

TEST(SkillCatalog, SuggestsThroughAWholeWordInCommon) {
  const SkillCatalog catalog = TestCatalog();
  EXPECT_THAT(catalog.Suggest("senior react developer"), ElementsAre("react"));
  EXPECT_THAT(catalog.Suggest("python 3.12"), ElementsAre("python"));
}

TEST(SkillCatalog, PrefersPrefixesThenFewerTyposThenSkillsOthersBuildOn) {
  const SkillCatalog catalog(
      SkillCatalogData{.aliases = {{"python", "python"},
                                   {"pytest", "pytest"},
                                   {"pytorch", "pytorch"},
                                   {"django", "django"},
                                   {"flask", "flask"}},
                       .relations = {{"django", "python", 0.8}, {"flask", "python", 0.8}}});
  // Three prefixes; python and pytest are as long, and two skills build on python.
  EXPECT_THAT(catalog.Suggest("pyt"), ElementsAre("python", "pytest", "pytorch"));
  // The same without relations: the tie goes by id.
  const SkillCatalog flat(std::unordered_map<std::string, std::string>{
      {"python", "python"}, {"pytest", "pytest"}, {"pytorch", "pytorch"}});
  EXPECT_THAT(flat.Suggest("pyt"), ElementsAre("pytest", "python", "pytorch"));
}

TEST(SkillCatalog, DidYouMeanListsTheSuggestionsOrNothing) {
  const SkillCatalog catalog = TestCatalog();
  EXPECT_EQ(catalog.DidYouMean("Kubernets"), "; did you mean kubernetes?");
  EXPECT_EQ(catalog.DidYouMean("cobol"), "");
}

TEST(SkillCatalog, FlagsAmbiguousAliasesWhateverTheirCase) {
  const SkillCatalog catalog(
      SkillCatalogData{.aliases = {{"go", "go"}, {"golang", "go"}, {"rust", "rust"}},
                       .ambiguous_aliases = {"go", "rust"}});
  EXPECT_TRUE(catalog.IsAmbiguous("Go"));
  EXPECT_TRUE(catalog.IsAmbiguous(" RUST "));
  EXPECT_FALSE(catalog.IsAmbiguous("golang"));
  EXPECT_FALSE(catalog.IsAmbiguous("cobol"));
  // Ambiguous or not, an alias resolves.
  EXPECT_EQ(catalog.Resolve("go"), "go");
}

TEST(SkillCatalog, KnowsCategories) {
  const SkillCatalog catalog(
      SkillCatalogData{.aliases = {{"django", "django"}}, .categories = {{"django", "backend"}}});
  EXPECT_EQ(catalog.Category("django"), "backend");
  EXPECT_EQ(catalog.Category("cobol"), std::nullopt);
  EXPECT_EQ(TestCatalog().Category("python"), std::nullopt);
}

SkillCatalog RelatedCatalog() {
  return SkillCatalog(SkillCatalogData{.relations = {{"django", "python", 0.8},
                                                     {"drf", "django", 0.8},
                                                     {"flask", "python", 0.8},
                                                     {"pandas", "python", 0.5},
                                                     {"nextjs", "react", 0.8},
                                                     {"react", "javascript", 0.6},
                                                     {"typescript", "javascript", 0.8},
                                                     {"nextjs", "javascript", 0.25}}});
}

TEST(SkillCatalog, ListsWhatASkillImpliesHeaviestFirst) {
  const SkillCatalog catalog = RelatedCatalog();
  EXPECT_THAT(catalog.Implies("nextjs"), ElementsAre(SkillRelation{"nextjs", "react", 0.8},
                                                     SkillRelation{"nextjs", "javascript", 0.25}));
  EXPECT_THAT(catalog.Implies("python"), IsEmpty());
  EXPECT_THAT(catalog.Implies("cobol"), IsEmpty());
}

TEST(SkillCatalog, ListsEverySkillThatCountsTowardOneThroughTheBestChain) {
  const SkillCatalog catalog = RelatedCatalog();
  const auto& python = catalog.Implying("python");
  ASSERT_THAT(python, SizeIs(4));
  EXPECT_EQ(python[0], (SkillRelation{"django", "python", 0.8}));
  EXPECT_EQ(python[1], (SkillRelation{"flask", "python", 0.8}));
  EXPECT_EQ(python[2].skill, "drf");  // through Django: 0.8 * 0.8
  EXPECT_DOUBLE_EQ(python[2].weight, 0.64);
  EXPECT_EQ(python[3], (SkillRelation{"pandas", "python", 0.5}));
  // Next.js counts 0.48 toward JavaScript through React, better than its direct 0.25.
  const auto& javascript = catalog.Implying("javascript");
  ASSERT_THAT(javascript, SizeIs(3));
  EXPECT_EQ(javascript[0].skill, "typescript");
  EXPECT_EQ(javascript[1].skill, "react");
  EXPECT_EQ(javascript[2].skill, "nextjs");
  EXPECT_DOUBLE_EQ(javascript[2].weight, 0.48);
  EXPECT_THAT(catalog.Implying("django"), ElementsAre(SkillRelation{"drf", "django", 0.8}));
  EXPECT_THAT(catalog.Implying("drf"), IsEmpty());
}

TEST(SkillCatalog, ACycleInTheDataEndsAndNeverListsASkillAsItsOwn) {
  const SkillCatalog catalog(
      SkillCatalogData{.relations = {{"a", "b", 1.0}, {"b", "c", 0.5}, {"c", "a", 1.0}}});
  EXPECT_THAT(catalog.Implying("a"),
              ElementsAre(SkillRelation{"c", "a", 1.0}, SkillRelation{"b", "a", 0.5}));
}

TEST(SkillCatalog, EmptyCatalogResolvesAndSuggestsNothing) {
  const SkillCatalog catalog(std::unordered_map<std::string, std::string>{});
  EXPECT_EQ(catalog.Resolve("go"), std::nullopt);
  EXPECT_THAT(catalog.Suggest("go"), IsEmpty());
}

}  // namespace
}  // namespace meridian
