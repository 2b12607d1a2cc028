// The import's pure parts: rows into candidates, the request_id a row is created with, and the
// state that lets an interrupted import resume without creating anyone twice.
#include "tools/meridianctl/import.h"

#include <cstdlib>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian::ctl {
namespace {

using ::testing::HasSubstr;

TEST(ImportFormatTest, ByFlagThenByExtension) {
  EXPECT_EQ(*DetectImportFormat("people.csv", ""), ImportFormat::kCsv);
  EXPECT_EQ(*DetectImportFormat("people.JSONL", ""), ImportFormat::kJsonLines);
  EXPECT_EQ(*DetectImportFormat("people.ndjson", ""), ImportFormat::kJsonLines);
  EXPECT_EQ(*DetectImportFormat("people.txt", "csv"), ImportFormat::kCsv);
  EXPECT_FALSE(DetectImportFormat("people.txt", "").ok());
  EXPECT_FALSE(DetectImportFormat("people.csv", "xlsx").ok());
}

TEST(CsvHeaderTest, RefusesUnknownAndRepeatedColumnsAndNeedsAName) {
  EXPECT_TRUE(CheckCsvHeader({"display_name", "Email", "country"}).ok());
  absl::Status unknown = CheckCsvHeader({"display_name", "emial"});
  EXPECT_THAT(std::string(unknown.message()), HasSubstr("emial"));
  EXPECT_FALSE(CheckCsvHeader({"display_name", "email", "EMAIL"}).ok());
  EXPECT_FALSE(CheckCsvHeader({"email"}).ok());
}

TEST(CandidateFromCsvTest, EveryColumnLandsInItsField) {
  const std::vector<std::string> header = {
      "display_name", "email",  "country",   "time_zone",     "hours",        "days",
      "skills",       "kinds",  "seniority", "english_level", "monthly_rate", "available_from",
      "soft_skills",  "source", "notes",     "phone"};
  const std::vector<std::string> row = {"Ana Lima",
                                        "ana@example.com",
                                        "pt",
                                        "Europe/Lisbon",
                                        "09:00-17:00",
                                        "monday;tuesday",
                                        "go:4:5; postgresql:3",
                                        "backend_engineer",
                                        "senior",
                                        "c1",
                                        "5000 EUR",
                                        "2027-01-04",
                                        "mentoring;clear written English",
                                        "referral",
                                        "met at a meetup",
                                        ""};
  absl::StatusOr<talent::v1::Candidate> candidate = CandidateFromCsv(header, row);
  ASSERT_TRUE(candidate.ok()) << candidate.status();
  EXPECT_EQ(candidate->display_name(), "Ana Lima");
  EXPECT_EQ(candidate->country(), "PT");
  EXPECT_EQ(candidate->working_hours().time_zone(), "Europe/Lisbon");
  EXPECT_EQ(candidate->working_hours().start(), "09:00");
  EXPECT_EQ(candidate->working_hours().end(), "17:00");
  ASSERT_EQ(candidate->working_hours().days_size(), 2);
  EXPECT_EQ(candidate->working_hours().days(1), common::v1::TUESDAY);
  ASSERT_EQ(candidate->skills_size(), 2);
  EXPECT_EQ(candidate->skills(0).skill(), "go");
  EXPECT_EQ(candidate->skills(0).level(), 4);
  EXPECT_EQ(candidate->skills(0).years(), 5);
  EXPECT_EQ(candidate->skills(1).skill(), "postgresql");
  EXPECT_EQ(candidate->kinds(0), common::v1::BACKEND_ENGINEER);
  EXPECT_EQ(candidate->seniority(), common::v1::SENIOR);
  EXPECT_EQ(candidate->english_level(), talent::v1::C1);
  EXPECT_EQ(candidate->monthly_rate().units(), 5000);
  EXPECT_EQ(candidate->monthly_rate().currency_code(), "EUR");
  EXPECT_EQ(candidate->available_from().year(), 2027);
  EXPECT_EQ(candidate->soft_skills_size(), 2);
  EXPECT_EQ(candidate->source(), "referral");
  EXPECT_EQ(candidate->phone(), "");
}

TEST(CandidateFromCsvTest, SaysWhichColumnIsWrong) {
  const std::vector<std::string> header = {"display_name", "skills", "monthly_rate", "seniority"};
  auto bad_skill = CandidateFromCsv(header, {"A", "go:four", "5000 EUR", ""});
  EXPECT_THAT(std::string(bad_skill.status().message()), HasSubstr("skills"));
  auto bad_rate = CandidateFromCsv(header, {"A", "go", "lots", ""});
  EXPECT_THAT(std::string(bad_rate.status().message()), HasSubstr("monthly_rate"));
  auto bad_enum = CandidateFromCsv(header, {"A", "go", "", "wizard"});
  EXPECT_FALSE(bad_enum.ok());
  auto short_row = CandidateFromCsv(header, {"A"});
  EXPECT_THAT(std::string(short_row.status().message()), HasSubstr("1 fields"));
}

TEST(CandidateFromJsonLineTest, ParsesTheJsonMappingAndRefusesUnknownFields) {
  auto candidate = CandidateFromJsonLine(
      R"({"display_name": "Ana", "email": "ana@example.com", "skills": [{"skill": "go", "level": 4}]})");
  ASSERT_TRUE(candidate.ok()) << candidate.status();
  EXPECT_EQ(candidate->skills(0).level(), 4);
  EXPECT_FALSE(CandidateFromJsonLine(R"({"display_name": "Ana", "emial": "x"})").ok());
  EXPECT_FALSE(CandidateFromJsonLine("{not json").ok());
}

TEST(ImportRequestIdTest, SameRowSameIdAndAnyChangeANewOne) {
  const std::string id = ImportRequestId("/data/people.csv", 7, "Ana,ana@example.com");
  EXPECT_EQ(id, ImportRequestId("/data/people.csv", 7, "Ana,ana@example.com"));
  EXPECT_THAT(id, ::testing::StartsWith("import-"));
  EXPECT_EQ(id.size(), 7u + 40u);  // within the 128 characters a request_id may have
  EXPECT_NE(id, ImportRequestId("/data/people.csv", 8, "Ana,ana@example.com"));
  EXPECT_NE(id, ImportRequestId("/data/other.csv", 7, "Ana,ana@example.com"));
  EXPECT_NE(id, ImportRequestId("/data/people.csv", 7, "Ana,ana@example.org"));
}

TEST(ImportStateTest, RecordsOutcomesAndResumesAfterTheLastLineDone) {
  ImportState state{.input = "people.csv"};
  EXPECT_TRUE(ShouldImport(state, 2));
  RecordRow(state, 2, RowOutcome::kCreated);
  RecordRow(state, 3, RowOutcome::kRejected);
  RecordRow(state, 5, RowOutcome::kExisting);  // line 4 was a quoted line break of line 3
  EXPECT_EQ(state.last_line, 5);
  EXPECT_FALSE(ShouldImport(state, 2));
  EXPECT_FALSE(ShouldImport(state, 5));
  EXPECT_TRUE(ShouldImport(state, 6));
  EXPECT_EQ(ImportSummary(state), "1 created, 1 already in the pool, 1 rejected (line 3)");
  RecordRow(state, 9, RowOutcome::kRejected);
  EXPECT_EQ(ImportSummary(state), "1 created, 1 already in the pool, 2 rejected (lines 3, 9)");
}

TEST(ImportStateTest, SavedStateLoadsBackAndNoFileIsNoState) {
  std::string dir = ::testing::TempDir() + "meridianctl_import_XXXXXX";
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  const std::string path = DefaultStatePath(dir + "/people.csv");
  EXPECT_EQ(path, dir + "/people.csv.import-state");
  auto none = LoadImportState(path);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  ImportState state{.input = dir + "/people.csv"};
  RecordRow(state, 2, RowOutcome::kCreated);
  RecordRow(state, 3, RowOutcome::kRejected);
  ASSERT_TRUE(SaveImportState(state, path).ok());
  auto loaded = LoadImportState(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ((*loaded)->input, state.input);
  EXPECT_EQ((*loaded)->last_line, 3);
  EXPECT_EQ((*loaded)->created, 1);
  EXPECT_EQ((*loaded)->rejected, 1);
  EXPECT_THAT((*loaded)->rejected_lines, ::testing::ElementsAre(3));
  EXPECT_FALSE((*loaded)->finished);
}

TEST(ProgressBarTest, FillsInProportion) {
  EXPECT_EQ(ProgressBar(5, 10, 10), "[#####.....]  50% 5/10");
  EXPECT_EQ(ProgressBar(10, 10, 4), "[####] 100% 10/10");
  EXPECT_EQ(ProgressBar(0, 0, 4), "[....]   0% 0/1");
}

}  // namespace
}  // namespace meridian::ctl
