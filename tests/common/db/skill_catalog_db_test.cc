// The skill catalog the migrations seed (0001 and 0012, from tools/skill_catalog/), on a real
// PostgreSQL: big enough, each alias naming one skill, every skill in a category of the fixed
// list, relations that point at known skills and never lead back, ambiguous words flagged,
// and the names recruiters write resolving, implying and suggesting what they should.
#include <set>
#include <string>
#include <vector>

#include "common/migrations/migrations.h"
#include "common/skills/skill_catalog.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "tests/support/test_database.h"

namespace meridian {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::Not;
using testing::TestDatabase;

// One migrated database for the whole suite: the tests only read it.
class SkillCatalogDbTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new TestDatabase();
    absl::StatusOr<int> applied = db::ApplyMigrations(database_->url(), db::AllMigrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
    pqxx::connection connection(database_->url());
    pqxx::read_transaction tx(connection);
    catalog_ = new SkillCatalog(LoadSkillCatalog(tx));
  }
  static void TearDownTestSuite() {
    delete catalog_;
    catalog_ = nullptr;
    delete database_;
    database_ = nullptr;
  }

  // The first column of every row `sql` returns.
  static std::vector<std::string> Column(const std::string& sql) {
    pqxx::connection connection(database_->url());
    pqxx::read_transaction tx(connection);
    std::vector<std::string> values;
    for (const pqxx::row& row : tx.exec(sql)) values.push_back(row[0].as<std::string>());
    return values;
  }

  static int64_t Count(const std::string& sql) {
    pqxx::connection connection(database_->url());
    pqxx::read_transaction tx(connection);
    return tx.exec1(sql)[0].as<int64_t>();
  }

  static const SkillCatalog& catalog() { return *catalog_; }

  static TestDatabase* database_;
  static SkillCatalog* catalog_;
};

TestDatabase* SkillCatalogDbTest::database_ = nullptr;
SkillCatalog* SkillCatalogDbTest::catalog_ = nullptr;

TEST_F(SkillCatalogDbTest, HasAtLeastThreeHundredSkills) {
  EXPECT_GE(Count("SELECT count(*) FROM shared.skills"), 300);
  EXPECT_GE(Count("SELECT count(*) FROM shared.skill_aliases"), 900);
  EXPECT_GE(Count("SELECT count(*) FROM shared.skill_relations"), 200);
}

TEST_F(SkillCatalogDbTest, EverySkillHasACategoryFromTheFixedList) {
  EXPECT_THAT(Column("SELECT id FROM shared.skill_categories ORDER BY id"),
              ElementsAre("api", "architecture", "backend", "ci-cd", "cloud", "cms", "data",
                          "database", "design", "desktop", "frontend", "game", "infrastructure",
                          "language", "messaging", "ml", "mobile", "observability", "platform",
                          "practice", "security", "testing", "tool"));
  EXPECT_THAT(Column("SELECT id FROM shared.skills WHERE category NOT IN "
                     "(SELECT id FROM shared.skill_categories)"),
              IsEmpty());
  // Every category is used.
  EXPECT_THAT(Column("SELECT id FROM shared.skill_categories WHERE id NOT IN "
                     "(SELECT category FROM shared.skills)"),
              IsEmpty());
  EXPECT_EQ(catalog().Category("django"), "backend");
  EXPECT_EQ(catalog().Category("postgresql"), "database");
  EXPECT_EQ(catalog().Category("kafka"), "messaging");
}

TEST_F(SkillCatalogDbTest, EveryAliasIsNormalisedAndNamesOneSkill) {
  pqxx::connection connection(database_->url());
  pqxx::read_transaction tx(connection);
  int aliases = 0;
  for (const pqxx::row& row : tx.exec("SELECT alias, skill_id FROM shared.skill_aliases")) {
    const std::string alias = row[0].as<std::string>();
    ++aliases;
    EXPECT_EQ(NormalizeSkillKey(alias), alias);
    EXPECT_EQ(catalog().Resolve(alias), row[1].as<std::string>()) << alias;
  }
  EXPECT_GE(aliases, 900);
  EXPECT_EQ(Count("SELECT count(*) FROM (SELECT alias FROM shared.skill_aliases GROUP BY alias "
                  "HAVING count(DISTINCT skill_id) > 1) AS shared_aliases"),
            0);
  // Each id is an alias of its own skill, never of another one.
  EXPECT_THAT(Column("SELECT s.id FROM shared.skills s LEFT JOIN shared.skill_aliases a "
                     "ON a.alias = s.id WHERE a.skill_id IS DISTINCT FROM s.id"),
              IsEmpty());
}

TEST_F(SkillCatalogDbTest, EveryRelationPointsAtKnownSkillsWithAWeightInRange) {
  EXPECT_THAT(Column("SELECT r.skill_id || ' -> ' || r.implies_id FROM shared.skill_relations r "
                     "WHERE r.skill_id NOT IN (SELECT id FROM shared.skills) "
                     "OR r.implies_id NOT IN (SELECT id FROM shared.skills) "
                     "OR r.weight <= 0 OR r.weight > 1 OR r.skill_id = r.implies_id"),
              IsEmpty());
}

TEST_F(SkillCatalogDbTest, NoChainOfRelationsLeadsASkillBackToItself) {
  EXPECT_THAT(Column("WITH RECURSIVE walk (start, at, path) AS ("
                     "  SELECT skill_id, implies_id, ARRAY[skill_id] FROM shared.skill_relations"
                     "  UNION ALL"
                     "  SELECT w.start, r.implies_id, w.path || r.skill_id"
                     "  FROM walk w JOIN shared.skill_relations r ON r.skill_id = w.at"
                     "  WHERE NOT r.skill_id = ANY (w.path))"
                     "SELECT DISTINCT start FROM walk WHERE at = start"),
              IsEmpty());
  for (const std::string& id : Column("SELECT id FROM shared.skills")) {
    EXPECT_THAT(catalog().Implying(id), Not(Contains(Field(&SkillRelation::skill, id)))) << id;
  }
}

TEST_F(SkillCatalogDbTest, FlagsTheWordsThatAreAlsoOrdinaryWords) {
  for (const char* word : {"go", "rust", "swift", "spring", "express", "react", "rest", "node", "c",
                           "r", "less", "dart", "rails", "flask", "agile", "solid"}) {
    EXPECT_TRUE(catalog().IsAmbiguous(word)) << word;
    EXPECT_TRUE(catalog().Resolve(word).has_value()) << word;
  }
  for (const char* name : {"golang", "python", "kubernetes", "postgres", "django", "react.js",
                           "spring boot", "express.js", "typescript", "k8s"}) {
    EXPECT_FALSE(catalog().IsAmbiguous(name)) << name;
  }
}

TEST_F(SkillCatalogDbTest, ResolvesWhatJobPostsWrite) {
  const std::pair<const char*, const char*> names[] = {
      {"Postgres", "postgresql"},
      {"k8s", "kubernetes"},
      {"NodeJS", "nodejs"},
      {"React.js", "react"},
      {"golang", "go"},
      {"django", "django"},
      {"Django REST Framework", "django-rest-framework"},
      {"Ruby on Rails", "rails"},
      {"Spring Boot", "spring-boot"},
      {"Next.js", "nextjs"},
      {"ASP.NET Core", "aspnet-core"},
      {"MS SQL Server", "sql-server"},
      {"Amazon SQS", "aws-sqs"},
      {"RabbitMQ", "rabbitmq"},
      {"GitHub Actions", "github-actions"},
      {"Terraform", "terraform"},
      {"scikit-learn", "scikit-learn"},
      {"C#", "csharp"},
      {"Objective-C", "objective-c"},
      {"bash", "bash"},
      {"CI/CD", "ci-cd"},
      {"TDD", "tdd"},
  };
  for (const auto& [name, id] : names) EXPECT_EQ(catalog().Resolve(name), id) << name;
}

TEST_F(SkillCatalogDbTest, FrameworksImplyTheirLanguages) {
  const std::pair<const char*, const char*> implied[] = {
      {"django", "python"},  {"flask", "python"},
      {"fastapi", "python"}, {"laravel", "php"},
      {"rails", "ruby"},     {"spring", "java"},
      {"nextjs", "react"},   {"typescript", "javascript"},
      {"express", "nodejs"},
  };
  for (const auto& [skill, language] : implied) {
    EXPECT_THAT(catalog().Implies(skill), Contains(Field(&SkillRelation::implied, language)))
        << skill;
  }
  // Through chains: Spring Boot counts toward Java through Spring, Next.js toward JavaScript
  // through React.
  EXPECT_THAT(catalog().Implying("java"), Contains(Field(&SkillRelation::skill, "spring-boot")));
  EXPECT_THAT(catalog().Implying("javascript"), Contains(Field(&SkillRelation::skill, "nextjs")));
  // Nothing implies something it does not: Python does not make anyone a Django developer.
  EXPECT_THAT(catalog().Implying("django"), Not(Contains(Field(&SkillRelation::skill, "python"))));
}

TEST_F(SkillCatalogDbTest, SuggestsWhatAPersonWouldCallClose) {
  const std::pair<const char*, const char*> nearest[] = {
      {"djnago", "django"},          {"Kubernets", "kubernetes"},
      {"postgress", "postgresql"},   {"pyhton", "python"},
      {"typescirpt", "typescript"},  {"accessibilty", "accessibility"},
      {"sprng boot", "spring-boot"}, {"pyt", "python"},
      {"rabbit", "rabbitmq"},        {"elasticsearh", "elasticsearch"},
      {"kube", "kubernetes"},
  };
  for (const auto& [text, id] : nearest) {
    const std::vector<std::string> suggestions = catalog().Suggest(text);
    ASSERT_FALSE(suggestions.empty()) << text;
    EXPECT_EQ(suggestions.front(), id) << text;
  }
  EXPECT_THAT(catalog().Suggest("xyzzy"), IsEmpty());
  EXPECT_THAT(catalog().Suggest("plumbing"), IsEmpty());
  EXPECT_THAT(catalog().Suggest("djangoo"), Not(Contains("accessibility")));
}

// The process keeps the catalog it read last (every write validates skills against it) and
// reads it again as soon as the database's catalog changes, or another database is asked.
TEST(SkillCatalogCacheTest, ReadsTheCatalogAgainWhenItChangesOrAnotherDatabaseIsAsked) {
  TestDatabase first;
  TestDatabase second;
  for (const TestDatabase* database : {&first, &second}) {
    absl::StatusOr<int> applied = db::ApplyMigrations(database->url(), db::AllMigrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
  }
  const auto load = [](const TestDatabase& database) {
    pqxx::connection connection(database.url());
    pqxx::read_transaction tx(connection);
    return LoadSkillCatalog(tx);
  };
  const auto run = [](const TestDatabase& database, const std::string& sql) {
    pqxx::connection connection(database.url());
    pqxx::work tx(connection);
    tx.exec(sql);
    tx.commit();
  };
  EXPECT_EQ(load(first).Resolve("pharo"), std::nullopt);
  // CreateSkill's writes: a skill and its aliases.
  run(first,
      "INSERT INTO shared.skills (id, display_name, category) VALUES ('pharo', 'Pharo', "
      "'language'); INSERT INTO shared.skill_aliases (alias, skill_id) VALUES ('pharo', "
      "'pharo'), ('pharo smalltalk', 'pharo')");
  EXPECT_EQ(load(first).Resolve("Pharo Smalltalk"), "pharo");
  EXPECT_EQ(load(first).Category("pharo"), "language");
  // The other database has no such skill, and its own.
  run(second,
      "INSERT INTO shared.skills (id, display_name, category) VALUES ('squeak', 'Squeak', "
      "'language'); INSERT INTO shared.skill_aliases (alias, skill_id) VALUES ('squeak', "
      "'squeak')");
  EXPECT_EQ(load(second).Resolve("pharo"), std::nullopt);
  EXPECT_EQ(load(second).Resolve("squeak"), "squeak");
  // A changed row (same counts) is a change too.
  EXPECT_TRUE(load(first).IsAmbiguous("go"));
  run(first, "UPDATE shared.skill_aliases SET ambiguous = false WHERE alias = 'go'");
  EXPECT_FALSE(load(first).IsAmbiguous("go"));
  run(first,
      "UPDATE shared.skill_relations SET weight = 0.5 WHERE skill_id = 'django' "
      "AND implies_id = 'python'");
  EXPECT_THAT(load(first).Implies("django"), Contains(SkillRelation{"django", "python", 0.5}));
}

}  // namespace
}  // namespace meridian
