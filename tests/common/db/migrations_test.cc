// Migrations against a real PostgreSQL: applied once, in order, each in its own
// transaction, safely when several processes start together, and never silently edited.
#include "common/migrations/migrations.h"

#include <atomic>
#include <thread>
#include <vector>

#include "common/skills/skill_catalog.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "tests/support/test_database.h"

namespace meridian::db {
namespace {

using testing::TestDatabase;

int64_t Scalar(const std::string& url, const std::string& sql) {
  pqxx::connection connection(url);
  pqxx::read_transaction tx(connection);
  return tx.exec1(sql)[0].as<int64_t>();
}

TEST(Migrations, ApplyEveryFileOnceThenNothing) {
  TestDatabase database;
  absl::StatusOr<int> first = ApplyMigrations(database.url(), AllMigrations());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, static_cast<int>(AllMigrations().size()));
  absl::StatusOr<int> second = ApplyMigrations(database.url(), AllMigrations());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, 0);
  EXPECT_EQ(Scalar(database.url(), "SELECT count(*) FROM meridian.schema_migrations"),
            static_cast<int64_t>(AllMigrations().size()));
}

TEST(Migrations, ConcurrentRunnersApplyEachFileExactlyOnce) {
  TestDatabase database;
  std::atomic<int> applied{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> runners;
  for (int i = 0; i < 4; ++i) {
    runners.emplace_back([&] {
      absl::StatusOr<int> count = ApplyMigrations(database.url(), AllMigrations());
      if (count.ok())
        applied += *count;
      else
        ++failures;
    });
  }
  for (auto& runner : runners) runner.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(applied.load(), static_cast<int>(AllMigrations().size()));
}

TEST(Migrations, AnEditedAppliedMigrationStopsStartUp) {
  TestDatabase database;
  const Migration original[] = {{1, "items", "CREATE TABLE items (id int)"}};
  ASSERT_TRUE(ApplyMigrations(database.url(), original).ok());
  const Migration edited[] = {{1, "items", "CREATE TABLE items (id bigint)"}};
  absl::StatusOr<int> result = ApplyMigrations(database.url(), edited);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(result.status().message()), ::testing::HasSubstr("changed"));
}

TEST(Migrations, AFailingFileIsRolledBackAndLaterOnesDoNotRun) {
  TestDatabase database;
  const Migration migrations[] = {
      {1, "good", "CREATE TABLE good (id int)"},
      {2, "bad", "CREATE TABLE half_done (id int); SELECT 1 / 0"},
      {3, "later", "CREATE TABLE later (id int)"},
  };
  EXPECT_FALSE(ApplyMigrations(database.url(), migrations).ok());
  EXPECT_EQ(Scalar(database.url(), "SELECT count(*) FROM meridian.schema_migrations"), 1);
  EXPECT_EQ(Scalar(database.url(),
                   "SELECT count(*) FROM information_schema.tables WHERE table_name IN "
                   "('half_done', 'later')"),
            0);
}

TEST(Migrations, VersionsOutOfOrderAreRefused) {
  TestDatabase database;
  const Migration migrations[] = {{2, "b", "SELECT 1"}, {1, "a", "SELECT 1"}};
  EXPECT_EQ(ApplyMigrations(database.url(), migrations).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(Migrations, SeedTheCanonicalSkillsAndTheirAliases) {
  TestDatabase database;
  ASSERT_TRUE(ApplyMigrations(database.url(), AllMigrations()).ok());
  pqxx::connection connection(database.url());
  pqxx::work tx(connection);
  const SkillCatalog catalog = LoadSkillCatalog(tx);
  for (const char* skill : {"PHP",           "Python",
                            "Ruby",          "Java",
                            ".NET",          "C#",
                            "JavaScript",    "TypeScript",
                            "Node.js",       "HTML5",
                            "CSS3",          "Sass",
                            "Less",          "jQuery",
                            "React",         "Vue",
                            "Angular",       "Go",
                            "Rust",          "C++",
                            "Kotlin",        "Scala",
                            "SQL",           "PostgreSQL",
                            "MySQL",         "MongoDB",
                            "Redis",         "Kafka",
                            "Docker",        "Kubernetes",
                            "AWS",           "GCP",
                            "Azure",         "gRPC",
                            "GraphQL",       "REST API design",
                            "microservices", "OOP and software design",
                            "accessibility"}) {
    EXPECT_TRUE(catalog.Resolve(skill).has_value()) << skill;
  }
  const std::pair<const char*, const char*> aliases[] = {
      {"Node", "nodejs"},         {"NodeJS", "nodejs"},      {"node.js", "nodejs"},
      {"JS", "javascript"},       {"ES2015+", "javascript"}, {"ReactJS", "react"},
      {"Postgres", "postgresql"}, {".NET", "dotnet"},        {"dotnet", "dotnet"},
  };
  for (const auto& [alias, id] : aliases) {
    EXPECT_EQ(catalog.Resolve(alias).value_or(""), id) << alias;
  }
  // Exchange rates are seeded for the currencies remote engineers are paid in.
  EXPECT_GE(tx.exec1("SELECT count(*) FROM shared.exchange_rates")[0].as<int>(), 20);
}

}  // namespace
}  // namespace meridian::db
