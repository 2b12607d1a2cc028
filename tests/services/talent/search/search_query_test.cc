// Tests for services/talent/search_proto/search_query.h: how SearchCriteria and the request's
// options become a SearchQuery (skills resolved, budget converted, defaults filled in), which
// fields an INVALID_ARGUMENT names, and the cursor order RanksBefore defines.
//
// The catalog, the exchange rates and `now` are fixed here, so nothing depends on the
// database or on the real clock.
#include "services/talent/search_proto/search_query.h"

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <unordered_map>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

namespace meridian::talent {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Key;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;
using testing::ViolationsOf;

SkillCatalog TestCatalog() {
  return SkillCatalog({{"nodejs", "nodejs"},
                       {"node", "nodejs"},
                       {"node.js", "nodejs"},
                       {"postgresql", "postgresql"},
                       {"postgres", "postgresql"},
                       {"kubernetes", "kubernetes"},
                       {"go", "go"},
                       {"react", "react"},
                       {"reactjs", "react"}});
}

std::unordered_map<std::string, double> TestRates() {
  return {{"USD", 1.0}, {"EUR", 1.08}, {"BRL", 0.2}, {"INR", 0.012}};
}

// 02:00 UTC on Monday 7 June 2027: still Sunday 6 June in New York (EDT, UTC-4).
const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2027, 6, 7, 2, 0, 0), absl::UTCTimeZone());

common::v1::WorkingHours Hours(const std::string& zone, const std::string& start = "09:00",
                               const std::string& end = "17:00") {
  common::v1::WorkingHours hours;
  hours.set_time_zone(zone);
  hours.set_start(start);
  hours.set_end(end);
  return hours;
}

v1::SearchCriteria BaseCriteria() {
  v1::SearchCriteria criteria;
  *criteria.mutable_working_hours() = Hours("America/New_York");
  return criteria;
}

void AddSkill(google::protobuf::RepeatedPtrField<common::v1::SkillRequirement>* skills,
              const std::string& skill, int min_level = 0, int min_years = 0) {
  common::v1::SkillRequirement* need = skills->Add();
  need->set_skill(skill);
  need->set_min_level(min_level);
  need->set_min_years(min_years);
}

absl::StatusOr<SearchQuery> Prepare(const v1::SearchCriteria& criteria,
                                    const SearchOptions& options = {}, absl::Time now = kNow) {
  return PrepareQuery(criteria, options, "criteria", TestCatalog(), TestRates(), now);
}

// Expects INVALID_ARGUMENT whose BadRequest names exactly `field`; returns its description.
std::string ExpectInvalid(const absl::StatusOr<SearchQuery>& query, const std::string& field) {
  EXPECT_EQ(query.status().code(), absl::StatusCode::kInvalidArgument) << query.status();
  const std::multimap<std::string, std::string> violations = ViolationsOf(query.status());
  EXPECT_THAT(violations, ElementsAre(Key(field))) << query.status();
  auto it = violations.find(field);
  return it == violations.end() ? "" : it->second;
}

// --- Skills -------------------------------------------------------------------------------

TEST(PrepareQueryTest, ResolvesSkillAliasesToCanonicalIdsKeepingLevelsAndYears) {
  v1::SearchCriteria criteria = BaseCriteria();
  AddSkill(criteria.mutable_required_skills(), "Node.js", 3, 2);
  AddSkill(criteria.mutable_required_skills(), "  Postgres ", 4, 0);
  AddSkill(criteria.mutable_nice_to_have_skills(), "ReactJS", 2, 1);
  absl::StatusOr<SearchQuery> query = Prepare(criteria);
  ASSERT_TRUE(query.ok()) << query.status();
  ASSERT_THAT(query->required, SizeIs(2));
  EXPECT_EQ(query->required[0].skill, "nodejs");
  EXPECT_EQ(query->required[0].min_level, 3);
  EXPECT_EQ(query->required[0].min_years, 2);
  EXPECT_EQ(query->required[1].skill, "postgresql");
  EXPECT_EQ(query->required[1].min_level, 4);
  ASSERT_THAT(query->nice, SizeIs(1));
  EXPECT_EQ(query->nice[0].skill, "react");
  EXPECT_EQ(query->nice[0].min_level, 2);
  EXPECT_EQ(query->nice[0].min_years, 1);
}

TEST(PrepareQueryTest, MinLevelZeroMeansOne) {
  v1::SearchCriteria criteria = BaseCriteria();
  AddSkill(criteria.mutable_required_skills(), "go", 0);
  absl::StatusOr<SearchQuery> query = Prepare(criteria);
  ASSERT_TRUE(query.ok()) << query.status();
  ASSERT_THAT(query->required, SizeIs(1));
  EXPECT_EQ(query->required[0].min_level, 1);
}

TEST(PrepareQueryTest, NiceToHavesCarryTheSkillsThatImplyThemAndRequiredSkillsDoNot) {
  const SkillCatalog catalog(SkillCatalogData{
      .aliases = {{"python", "python"}, {"django", "django"}, {"flask", "flask"}, {"drf", "drf"}},
      .relations = {{"django", "python", 0.8}, {"flask", "python", 0.8}, {"drf", "django", 0.8}}});
  v1::SearchCriteria criteria = BaseCriteria();
  AddSkill(criteria.mutable_required_skills(), "Python", 3);
  AddSkill(criteria.mutable_nice_to_have_skills(), "python", 2);
  AddSkill(criteria.mutable_nice_to_have_skills(), "flask", 2);
  absl::StatusOr<SearchQuery> query =
      PrepareQuery(criteria, SearchOptions{}, "criteria", catalog, TestRates(), kNow);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_THAT(query->required[0].related, IsEmpty());
  ASSERT_THAT(query->nice, SizeIs(2));
  // Heaviest first, chains included (drf through django: 0.64).
  ASSERT_THAT(query->nice[0].related, SizeIs(3));
  EXPECT_EQ(query->nice[0].related[0].skill, "django");
  EXPECT_DOUBLE_EQ(query->nice[0].related[0].weight, 0.8);
  EXPECT_EQ(query->nice[0].related[1].skill, "flask");
  EXPECT_EQ(query->nice[0].related[2].skill, "drf");
  EXPECT_DOUBLE_EQ(query->nice[0].related[2].weight, 0.64);
  EXPECT_THAT(query->nice[1].related, IsEmpty());  // nothing implies flask
}

TEST(PrepareQueryTest, UnknownRequiredSkillNamesItsIndexAndSuggestsTheNearest) {
  v1::SearchCriteria criteria = BaseCriteria();
  AddSkill(criteria.mutable_required_skills(), "go");
  AddSkill(criteria.mutable_required_skills(), "Kubernets");
  const std::string description =
      ExpectInvalid(Prepare(criteria), "criteria.required_skills[1].skill");
  EXPECT_THAT(description, HasSubstr("\"Kubernets\" is not a known skill"));
  EXPECT_THAT(description, HasSubstr("did you mean kubernetes"));
}

TEST(PrepareQueryTest, UnknownNiceToHaveSkillNamesItsField) {
  v1::SearchCriteria criteria = BaseCriteria();
  AddSkill(criteria.mutable_nice_to_have_skills(), "reakt");
  const std::string description =
      ExpectInvalid(Prepare(criteria), "criteria.nice_to_have_skills[0].skill");
  EXPECT_THAT(description, HasSubstr("did you mean react"));
}

TEST(PrepareQueryTest, SkillLevelAndYearsOutOfRangeNameTheirFields) {
  v1::SearchCriteria criteria = BaseCriteria();
  AddSkill(criteria.mutable_required_skills(), "go", 6, 0);
  AddSkill(criteria.mutable_required_skills(), "react", 2, 51);
  absl::StatusOr<SearchQuery> query = Prepare(criteria);
  EXPECT_EQ(query.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationsOf(query.status()),
              ElementsAre(Key("criteria.required_skills[0].min_level"),
                          Key("criteria.required_skills[1].min_years")));
}

// --- Other fields -------------------------------------------------------------------------

TEST(PrepareQueryTest, MissingWorkingHoursIsInvalid) {
  v1::SearchCriteria criteria;
  AddSkill(criteria.mutable_required_skills(), "go");
  ExpectInvalid(Prepare(criteria), "criteria.working_hours");
}

TEST(PrepareQueryTest, UnknownClientZoneNamesTheField) {
  v1::SearchCriteria criteria = BaseCriteria();
  criteria.mutable_working_hours()->set_time_zone("Mars/Olympus_Mons");
  ExpectInvalid(Prepare(criteria), "criteria.working_hours.time_zone");
}

TEST(PrepareQueryTest, MinOverlapHoursOutsideZeroToTwentyFourIsInvalid) {
  for (double bad : {-0.5, 24.5, std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity()}) {
    SCOPED_TRACE(bad);
    v1::SearchCriteria criteria = BaseCriteria();
    criteria.set_min_overlap_hours(bad);
    ExpectInvalid(Prepare(criteria), "criteria.min_overlap_hours");
  }
  for (double good : {0.0, 2.5, 24.0}) {
    v1::SearchCriteria criteria = BaseCriteria();
    criteria.set_min_overlap_hours(good);
    absl::StatusOr<SearchQuery> query = Prepare(criteria);
    ASSERT_TRUE(query.ok()) << query.status();
    EXPECT_EQ(query->min_overlap_hours, good);
  }
}

TEST(PrepareQueryTest, BudgetWithUnknownCurrencyCodeIsInvalid) {
  v1::SearchCriteria criteria = BaseCriteria();
  criteria.mutable_monthly_budget()->set_currency_code("EURO");
  criteria.mutable_monthly_budget()->set_units(5000);
  EXPECT_THAT(ExpectInvalid(Prepare(criteria), "criteria.monthly_budget.currency_code"),
              HasSubstr("ISO 4217"));
}

TEST(PrepareQueryTest, BudgetInCurrencyWithoutExchangeRateIsInvalid) {
  v1::SearchCriteria criteria = BaseCriteria();
  criteria.mutable_monthly_budget()->set_currency_code("JPY");
  criteria.mutable_monthly_budget()->set_units(500000);
  EXPECT_THAT(ExpectInvalid(Prepare(criteria), "criteria.monthly_budget.currency_code"),
              HasSubstr("no exchange rate"));
}

TEST(PrepareQueryTest, NegativeBudgetIsInvalid) {
  v1::SearchCriteria criteria = BaseCriteria();
  criteria.mutable_monthly_budget()->set_currency_code("USD");
  criteria.mutable_monthly_budget()->set_units(-1);
  ExpectInvalid(Prepare(criteria), "criteria.monthly_budget.units");
}

TEST(PrepareQueryTest, BudgetIsConvertedToUsdAndKeptAsGiven) {
  v1::SearchCriteria criteria = BaseCriteria();
  criteria.mutable_monthly_budget()->set_currency_code("EUR");
  criteria.mutable_monthly_budget()->set_units(5000);
  SearchOptions options;
  options.budget_tolerance_percent = 10;
  absl::StatusOr<SearchQuery> query = Prepare(criteria, options);
  ASSERT_TRUE(query.ok()) << query.status();
  ASSERT_TRUE(query->budget_usd.has_value());
  EXPECT_DOUBLE_EQ(*query->budget_usd, 5400);
  EXPECT_EQ(query->budget_currency, "EUR");
  EXPECT_EQ(query->budget_units, 5000);
  EXPECT_DOUBLE_EQ(query->budget_tolerance, 0.1);
  // The rates travel with the query, for converting candidates' rates.
  EXPECT_DOUBLE_EQ(query->usd_per_unit.at("BRL"), 0.2);
}

TEST(PrepareQueryTest, NoBudgetMeansNoBudgetFilter) {
  absl::StatusOr<SearchQuery> query = Prepare(BaseCriteria());
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_FALSE(query->budget_usd.has_value());
}

TEST(PrepareQueryTest, BudgetToleranceOutsideZeroToHundredIsInvalid) {
  for (double bad : {-1.0, 100.5, std::numeric_limits<double>::quiet_NaN()}) {
    SCOPED_TRACE(bad);
    SearchOptions options;
    options.budget_tolerance_percent = bad;
    ExpectInvalid(Prepare(BaseCriteria(), options), "budget_tolerance_percent");
  }
}

TEST(PrepareQueryTest, HorizonDaysOutOfRangeIsInvalid) {
  for (int bad : {-1, 367, 1000}) {
    SCOPED_TRACE(bad);
    SearchOptions options;
    options.horizon_days = bad;
    ExpectInvalid(Prepare(BaseCriteria(), options), "horizon_days");
  }
  for (int good : {1, 366}) {
    SearchOptions options;
    options.horizon_days = good;
    absl::StatusOr<SearchQuery> query = Prepare(BaseCriteria(), options);
    ASSERT_TRUE(query.ok()) << query.status();
    EXPECT_EQ(query->horizon_days, good);
  }
}

TEST(PrepareQueryTest, PageSizeAboveTwoHundredIsInvalid) {
  for (int bad : {-1, 201, 1000}) {
    SCOPED_TRACE(bad);
    SearchOptions options;
    options.page_size = bad;
    ExpectInvalid(Prepare(BaseCriteria(), options), "page_size");
  }
  SearchOptions options;
  options.page_size = 200;
  absl::StatusOr<SearchQuery> query = Prepare(BaseCriteria(), options);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->page_size, 200u);
}

TEST(PrepareQueryTest, CountriesMustBeIsoCodes) {
  {
    v1::SearchCriteria criteria = BaseCriteria();
    criteria.add_countries("PT");
    criteria.add_countries("Portugal");
    EXPECT_THAT(ExpectInvalid(Prepare(criteria), "criteria.countries"), HasSubstr("Portugal"));
  }
  {
    v1::SearchCriteria criteria = BaseCriteria();
    criteria.add_countries("pt");  // codes are upper case
    ExpectInvalid(Prepare(criteria), "criteria.countries");
  }
  {
    v1::SearchCriteria criteria = BaseCriteria();
    criteria.add_excluded_countries("XX");
    ExpectInvalid(Prepare(criteria), "criteria.excluded_countries");
  }
  {
    v1::SearchCriteria criteria = BaseCriteria();
    criteria.add_countries("PT");
    criteria.add_countries("BR");
    criteria.add_excluded_countries("IN");
    absl::StatusOr<SearchQuery> query = Prepare(criteria);
    ASSERT_TRUE(query.ok()) << query.status();
    EXPECT_THAT(query->countries, UnorderedElementsAre("PT", "BR"));
    EXPECT_THAT(query->excluded_countries, UnorderedElementsAre("IN"));
  }
}

TEST(PrepareQueryTest, UnknownEnumValuesNameTheirFields) {
  {
    v1::SearchCriteria criteria = BaseCriteria();
    criteria.add_kinds(common::v1::BACKEND_ENGINEER);
    criteria.add_kinds(common::v1::ROLE_KIND_UNSPECIFIED);
    ExpectInvalid(Prepare(criteria), "criteria.kinds[1]");
  }
  {
    v1::SearchCriteria criteria = BaseCriteria();
    criteria.set_seniority(static_cast<common::v1::Seniority>(42));
    ExpectInvalid(Prepare(criteria), "criteria.seniority");
  }
  {
    v1::SearchCriteria criteria = BaseCriteria();
    criteria.set_min_english_level(static_cast<v1::EnglishLevel>(7));
    ExpectInvalid(Prepare(criteria), "criteria.min_english_level");
  }
}

TEST(PrepareQueryTest, KindsBecomeABitPerKind) {
  v1::SearchCriteria criteria = BaseCriteria();
  criteria.add_kinds(common::v1::BACKEND_ENGINEER);
  criteria.add_kinds(common::v1::DATA_ENGINEER);
  absl::StatusOr<SearchQuery> query = Prepare(criteria);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->kinds_mask,
            (1u << common::v1::BACKEND_ENGINEER) | (1u << common::v1::DATA_ENGINEER));
}

TEST(PrepareQueryTest, AvailableByMustBeARealDate) {
  {
    v1::SearchCriteria criteria = BaseCriteria();
    criteria.mutable_available_by()->set_year(2027);
    criteria.mutable_available_by()->set_month(2);
    criteria.mutable_available_by()->set_day(30);
    ExpectInvalid(Prepare(criteria), "criteria.available_by");
  }
  {
    v1::SearchCriteria criteria = BaseCriteria();
    criteria.mutable_available_by()->set_year(2027);
    criteria.mutable_available_by()->set_month(7);
    criteria.mutable_available_by()->set_day(1);
    absl::StatusOr<SearchQuery> query = Prepare(criteria);
    ASSERT_TRUE(query.ok()) << query.status();
    ASSERT_TRUE(query->available_by.has_value());
    EXPECT_EQ(*query->available_by, absl::CivilDay(2027, 7, 1));
  }
}

TEST(PrepareQueryTest, ExcludedCandidatesMustBeCandidateNames) {
  {
    SearchOptions options;
    options.excluded_candidates = {"candidates/a1", "clients/x"};
    ExpectInvalid(Prepare(BaseCriteria(), options), "excluded_candidates");
  }
  {
    SearchOptions options;
    options.excluded_candidates = {"candidates/a1", "candidates/b2"};
    absl::StatusOr<SearchQuery> query = Prepare(BaseCriteria(), options);
    ASSERT_TRUE(query.ok()) << query.status();
    EXPECT_THAT(query->excluded_ids, UnorderedElementsAre("a1", "b2"));
  }
}

TEST(PrepareQueryTest, SoftSkillsAreTrimmedAndLowerCased) {
  v1::SearchCriteria criteria = BaseCriteria();
  criteria.add_soft_skills("  Mentoring ");
  criteria.add_soft_skills("Clear Written English");
  absl::StatusOr<SearchQuery> query = Prepare(criteria);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_THAT(query->soft_skills, ElementsAre("mentoring", "clear written english"));
}

TEST(PrepareQueryTest, ReportsEveryWrongFieldAtOnce) {
  v1::SearchCriteria criteria = BaseCriteria();
  AddSkill(criteria.mutable_required_skills(), "cobolt");
  criteria.set_min_overlap_hours(30);
  criteria.add_countries("ZZ");
  SearchOptions options;
  options.page_size = 500;
  options.horizon_days = 400;
  absl::StatusOr<SearchQuery> query = Prepare(criteria, options);
  EXPECT_EQ(query.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationsOf(query.status()),
              UnorderedElementsAre(Key("criteria.required_skills[0].skill"),
                                   Key("criteria.min_overlap_hours"), Key("criteria.countries"),
                                   Key("page_size"), Key("horizon_days")));
}

// Regression (found in review): PrepareQuery returns as soon as the working hours are missing or
// invalid (services/talent/search/search_query.cc:73-78, `return InvalidArgument(...)` and `return
// hours.status()`), so the other wrong fields of the same request are not reported. Meridian's
// convention (README, "Errors") is a BadRequest listing every wrong field, so a client fixing a
// request has to go round several times. Fix: add the hours' violations to `violations`, keep
// validating the rest (with placeholder hours), and return after all the checks.
TEST(PrepareQueryTest, InvalidWorkingHoursAreReportedTogetherWithOtherWrongFields) {
  v1::SearchCriteria criteria = BaseCriteria();
  criteria.mutable_working_hours()->set_time_zone("Mars/Olympus_Mons");
  AddSkill(criteria.mutable_required_skills(), "cobolt");
  SearchOptions options;
  options.page_size = 500;
  absl::StatusOr<SearchQuery> query = Prepare(criteria, options);
  EXPECT_EQ(query.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationsOf(query.status()),
              UnorderedElementsAre(Key("criteria.working_hours.time_zone"),
                                   Key("criteria.required_skills[0].skill"), Key("page_size")));
}

// --- Defaults -----------------------------------------------------------------------------

TEST(PrepareQueryTest, DefaultsMinOverlapHorizonAndPageSize) {
  absl::StatusOr<SearchQuery> query = Prepare(BaseCriteria());
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->min_overlap_hours, 4);
  EXPECT_EQ(query->horizon_days, 56);
  EXPECT_EQ(query->page_size, 50u);
  EXPECT_EQ(query->seniority, 0);
  EXPECT_EQ(query->kinds_mask, 0u);
  EXPECT_EQ(query->min_english, 0);
  EXPECT_FALSE(query->available_by.has_value());
  EXPECT_THAT(query->countries, IsEmpty());
  EXPECT_THAT(query->excluded_ids, IsEmpty());
  EXPECT_FALSE(query->after.has_value());
}

TEST(PrepareQueryTest, ReferenceDateDefaultsToTodayInTheClientsZone) {
  // kNow is 02:00 UTC on 7 June: 22:00 on 6 June in New York, 11:00 on 7 June in Tokyo.
  {
    absl::StatusOr<SearchQuery> query = Prepare(BaseCriteria());
    ASSERT_TRUE(query.ok()) << query.status();
    EXPECT_EQ(query->reference_date, absl::CivilDay(2027, 6, 6));
  }
  {
    v1::SearchCriteria criteria = BaseCriteria();
    *criteria.mutable_working_hours() = Hours("Asia/Tokyo");
    absl::StatusOr<SearchQuery> query = Prepare(criteria);
    ASSERT_TRUE(query.ok()) << query.status();
    EXPECT_EQ(query->reference_date, absl::CivilDay(2027, 6, 7));
  }
  {
    // 20:00 UTC on 7 June is already 8 June in Auckland (NZST, UTC+12).
    v1::SearchCriteria criteria = BaseCriteria();
    *criteria.mutable_working_hours() = Hours("Pacific/Auckland");
    absl::StatusOr<SearchQuery> query =
        Prepare(criteria, {},
                absl::FromCivil(absl::CivilSecond(2027, 6, 7, 20, 0, 0), absl::UTCTimeZone()));
    ASSERT_TRUE(query.ok()) << query.status();
    EXPECT_EQ(query->reference_date, absl::CivilDay(2027, 6, 8));
  }
}

TEST(PrepareQueryTest, ExplicitReferenceDateAndHorizonWin) {
  SearchOptions options;
  options.reference_date = absl::CivilDay(2027, 3, 15);
  options.horizon_days = 10;
  options.page_size = 7;
  absl::StatusOr<SearchQuery> query = Prepare(BaseCriteria(), options);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->reference_date, absl::CivilDay(2027, 3, 15));
  EXPECT_EQ(query->horizon_days, 10);
  EXPECT_EQ(query->page_size, 7u);
}

TEST(PrepareQueryTest, ClientHoursAreLoaded) {
  v1::SearchCriteria criteria = BaseCriteria();
  *criteria.mutable_working_hours() = Hours("Asia/Kolkata", "22:00", "06:00");
  absl::StatusOr<SearchQuery> query = Prepare(criteria);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->client_hours.zone_name(), "Asia/Kolkata");
  EXPECT_EQ(query->client_hours.start_minutes(), 22 * 60);
  EXPECT_EQ(query->client_hours.length_minutes(), 8 * 60);
}

// --- RanksBefore --------------------------------------------------------------------------

TEST(RanksBeforeTest, HigherScoreRanksFirstWhateverTheName) {
  const SearchCursor cursor{80.5, "Mia", "m1"};
  EXPECT_TRUE(RanksBefore(80.6, "Zoe", "z9", cursor));
  EXPECT_FALSE(RanksBefore(80.4, "Abe", "a0", cursor));
}

TEST(RanksBeforeTest, EqualScoresRankByDisplayNameThenId) {
  const SearchCursor cursor{80.5, "Mia", "m5"};
  EXPECT_TRUE(RanksBefore(80.5, "Leo", "z9", cursor));
  EXPECT_FALSE(RanksBefore(80.5, "Noa", "a0", cursor));
  EXPECT_TRUE(RanksBefore(80.5, "Mia", "m4", cursor));
  EXPECT_FALSE(RanksBefore(80.5, "Mia", "m6", cursor));
}

TEST(RanksBeforeTest, TheCursorItselfCountsAsBefore) {
  // So that a page starting after the cursor never repeats its last match.
  const SearchCursor cursor{80.5, "Mia", "m5"};
  EXPECT_TRUE(RanksBefore(80.5, "Mia", "m5", cursor));
}

}  // namespace
}  // namespace meridian::talent
