// meridianctl's argument parsing (names, enums, skills, money, dates, times, the week) and the
// command tree: every subcommand has --help, and the bash completion knows every path.
#include "tools/meridianctl/cli.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "meridian/common/v1/common.pb.h"
#include "tools/meridianctl/arguments.h"

namespace meridian::ctl {
namespace {

using ::testing::HasSubstr;

TEST(QualifyTest, BareIdsGetTheirCollection) {
  EXPECT_EQ(Qualify("clients", "7"), "clients/7");
  EXPECT_EQ(Qualify("clients", "clients/7"), "clients/7");
}

TEST(ParseEnumTest, AnyCaseAndDashesAndAListOfValuesWhenWrong) {
  const auto& kinds = *common::v1::RoleKind_descriptor();
  EXPECT_EQ(*ParseEnum(kinds, "backend-engineer", "--kind"), common::v1::BACKEND_ENGINEER);
  EXPECT_EQ(*ParseEnum(kinds, "BACKEND_DEVELOPER", "--kind"), common::v1::BACKEND_DEVELOPER);
  absl::StatusOr<int> wrong = ParseEnum(kinds, "wizard", "--kind");
  ASSERT_FALSE(wrong.ok());
  const std::string message(wrong.status().message());
  EXPECT_THAT(message, HasSubstr("--kind wizard"));
  EXPECT_THAT(message, HasSubstr("BACKEND_ENGINEER, BACKEND_DEVELOPER"));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("UNSPECIFIED")));
  EXPECT_FALSE(ParseEnum(kinds, "role_kind_unspecified", "--kind").ok());
}

TEST(ParseSkillRequirementTest, NameLevelYears) {
  auto skill = ParseSkillRequirement("go:4:3");
  ASSERT_TRUE(skill.ok());
  EXPECT_EQ(skill->skill(), "go");
  EXPECT_EQ(skill->min_level(), 4);
  EXPECT_EQ(skill->min_years(), 3);
  EXPECT_EQ(ParseSkillRequirement("rust")->min_level(), 0);
  EXPECT_FALSE(ParseSkillRequirement("go:x").ok());
  EXPECT_FALSE(ParseSkillRequirement(":4").ok());
  EXPECT_FALSE(ParseSkillRequirement("a:1:2:3").ok());
}

TEST(ParseMoneyTest, AmountAndCurrencyEitherWay) {
  EXPECT_EQ(ParseMoney("9000 usd", "--budget")->currency_code(), "USD");
  EXPECT_EQ(ParseMoney("EUR 5000", "--rate")->units(), 5000);
  EXPECT_THAT(std::string(ParseMoney("lots", "--budget").status().message()),
              HasSubstr("--budget"));
}

TEST(ParseDateTest, IsoDatesOnly) {
  auto date = ParseDate("2027-03-08", "--start-date");
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(date->year(), 2027);
  EXPECT_EQ(date->month(), 3);
  EXPECT_EQ(date->day(), 8);
  EXPECT_FALSE(ParseDate("08/03/2027", "--start-date").ok());
}

TEST(ParseTimeTest, Rfc3339OrALocalTimeInTheZone) {
  absl::TimeZone lisbon;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Lisbon", &lisbon));
  EXPECT_EQ(ParseTime("2027-07-01T10:00:00Z", lisbon, "--at")->seconds(), 1814436000);
  // 10:00 in Lisbon in July is 09:00 UTC.
  EXPECT_EQ(ParseTime("2027-07-01 10:00", lisbon, "--at")->seconds(), 1814432400);
  EXPECT_FALSE(ParseTime("yesterday", lisbon, "--at").ok());
}

TEST(EndOfWeekTest, NextMondayMidnightInTheZone) {
  absl::TimeZone zone;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Lisbon", &zone));
  // Wednesday 2027-03-10 15:00 -> Monday 2027-03-15 00:00.
  const absl::Time wednesday = absl::FromCivil(absl::CivilSecond(2027, 3, 10, 15, 0, 0), zone);
  EXPECT_EQ(EndOfWeek(wednesday, zone), absl::FromCivil(absl::CivilDay(2027, 3, 15), zone));
  // On a Monday morning, the week runs to the next Monday.
  const absl::Time monday = absl::FromCivil(absl::CivilSecond(2027, 3, 15, 8, 0, 0), zone);
  EXPECT_EQ(EndOfWeek(monday, zone), absl::FromCivil(absl::CivilDay(2027, 3, 22), zone));
  // Sunday evening: the next day.
  const absl::Time sunday = absl::FromCivil(absl::CivilSecond(2027, 3, 14, 21, 0, 0), zone);
  EXPECT_EQ(EndOfWeek(sunday, zone), absl::FromCivil(absl::CivilDay(2027, 3, 15), zone));
}

// Every leaf of the tree, by path.
void Leaves(CLI::App& app, const std::string& path,
            std::vector<std::pair<std::string, CLI::App*>>& out) {
  auto subs = app.get_subcommands([](CLI::App*) { return true; });
  if (subs.empty()) out.emplace_back(path, &app);
  for (CLI::App* sub : subs)
    Leaves(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
}

TEST(CommandTreeTest, TheWholeLoopIsThereAndEveryCommandHasHelp) {
  std::vector<std::pair<std::string, CLI::App*>> leaves;
  Leaves(CommandTree(), "", leaves);
  std::vector<std::string> paths;
  for (const auto& [path, app] : leaves) {
    paths.push_back(path);
    EXPECT_NE(app->get_help_ptr(), nullptr) << path << " has no --help";
    EXPECT_FALSE(app->get_description().empty()) << path << " has no description";
  }
  for (const char* wanted : {"clients create",      "clients list",        "clients show",
                             "clients update",      "roles create",        "roles list",
                             "roles show",          "roles update",        "roles hold",
                             "roles reopen",        "recommend-kind",      "candidates create",
                             "candidates list",     "candidates show",     "candidates update",
                             "candidates erase",    "candidates import",   "search",
                             "submissions create",  "submissions advance", "submissions list",
                             "submissions summary", "interviews propose",  "interviews create",
                             "interviews list",     "interviews show",     "interviews reschedule",
                             "interviews cancel",   "interviews complete", "interviews invite",
                             "scorecards submit",   "scorecards list",     "placements trial",
                             "placements create",   "placements agenda",   "placements check-in",
                             "placements end",      "events follow",       "keys create",
                             "keys list",           "agencies create",     "agencies list",
                             "config set-context",  "config use-context",  "config view",
                             "completion bash"}) {
    EXPECT_THAT(paths, ::testing::Contains(wanted));
  }
}

TEST(BashCompletionTest, KnowsSubcommandsAndTheirOptions) {
  const std::string script = BashCompletion(CommandTree());
  EXPECT_THAT(script, HasSubstr("complete -F _meridianctl meridianctl"));
  EXPECT_THAT(script, HasSubstr("\"roles\") words=\"create list show update hold reopen cancel"));
  EXPECT_THAT(script, HasSubstr("\"search\") words=\""));
  EXPECT_THAT(script, HasSubstr("--explain"));
  EXPECT_THAT(script, HasSubstr("\"placements check-in\""));
}

}  // namespace
}  // namespace meridian::ctl
