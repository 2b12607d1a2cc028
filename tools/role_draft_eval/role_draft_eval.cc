// role_draft_eval: how well DraftRole and DraftCandidate read, on their evaluation sets
// tests/data/role_drafts/roles.eval (40 job posts with the fields a recruiter would fill) and,
// with --candidates, tests/data/candidate_drafts/candidates.eval (40 CVs). Prints precision
// and recall per field; with --check, exits 1 when a figure falls below the floor given for it
// (the ctests role_draft_eval and candidate_draft_eval run it so: a change that reads worse
// fails).
//
//   build/tools/role_draft_eval --verbose   # from the repository's root; the defaults are
//                                           # tests/data/role_drafts/roles.eval and 0012
//   build/tools/role_draft_eval --candidates --verbose
//
// The skill catalog comes from the migration that defines it (its alias rows), so the tool
// needs no database: the same aliases and ambiguity flags LoadSkillCatalog reads.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "common/skills/skill_catalog_migration.h"
#include "services/intake/domain/role_draft.h"
#include "services/talent/domain/candidate_draft.h"

ABSL_FLAG(std::string, cases, "", "the evaluation set (default: roles.eval or candidates.eval)");
ABSL_FLAG(bool, candidates, false, "evaluate DraftCandidate on CVs instead of DraftRole");
ABSL_FLAG(std::string, today, "2026-11-30",
          "the day DraftCandidate counts \"present\" to (the set's expected years assume it)");
ABSL_FLAG(std::string, catalog_sql, "common/migrations/sql/0012_skill_catalog.sql",
          "the migration whose alias rows are the skill catalog");
ABSL_FLAG(bool, verbose, false, "print each text's misses");
ABSL_FLAG(double, check_skills_precision, 0, "with a value > 0: fail below it");
ABSL_FLAG(double, check_skills_recall, 0, "with a value > 0: fail below it");
ABSL_FLAG(double, check_kind, 0, "with a value > 0: fail when kind accuracy is below it");
ABSL_FLAG(double, check_seniority, 0, "with a value > 0: fail when seniority accuracy is below");
ABSL_FLAG(double, check_hours, 0, "with a value > 0: fail when hours recall is below it");
ABSL_FLAG(double, check_budget, 0, "with a value > 0: fail when budget recall is below it");
ABSL_FLAG(double, check_zone, 0, "with a value > 0: fail when zone recall is below it (CVs)");
ABSL_FLAG(double, check_country, 0, "with a value > 0: fail when country recall is below (CVs)");

namespace meridian::intake {
namespace {

struct Case {
  std::string id;
  std::string text;
  std::map<std::string, std::string> expected;
};

std::vector<Case> ReadCases(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  std::vector<Case> cases;
  std::string line;
  bool in_expected = false;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, "=== ")) {
      cases.push_back({line.substr(4), "", {}});
      in_expected = false;
    } else if (cases.empty()) {
      continue;  // the header's comments
    } else if (line == "--- expected") {
      in_expected = true;
    } else if (in_expected) {
      if (line.empty()) continue;
      const size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      cases.back().expected[line.substr(0, colon)] =
          std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
    } else {
      cases.back().text += line + "\n";
    }
  }
  return cases;
}

// The catalog from its migration's alias rows (SkillCatalogFromMigration).
SkillCatalog ReadCatalog(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::optional<SkillCatalog> catalog = SkillCatalogFromMigration(buffer.str());
  if (!catalog) {
    std::cerr << "no alias rows in " << path << "\n";
    std::exit(2);
  }
  return *std::move(catalog);
}

std::set<std::string> IdSet(const std::string& list) {
  std::set<std::string> ids;
  for (absl::string_view id : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    ids.insert(std::string(absl::StripAsciiWhitespace(id)));
  }
  return ids;
}

std::set<std::string> IdSet(
    const google::protobuf::RepeatedPtrField<common::v1::SkillRequirement>& skills) {
  std::set<std::string> ids;
  for (const auto& skill : skills) ids.insert(skill.skill());
  return ids;
}

// Counts for precision (right / said) and recall (right / expected).
struct Score {
  int right = 0;
  int said = 0;
  int expected = 0;
  double Precision() const { return said == 0 ? 1.0 : static_cast<double>(right) / said; }
  double Recall() const { return expected == 0 ? 1.0 : static_cast<double>(right) / expected; }
};

void ScoreSets(const std::set<std::string>& got, const std::set<std::string>& want, Score& score,
               std::vector<std::string>& misses, const std::string& field) {
  for (const std::string& id : got) {
    score.said++;
    if (want.count(id) > 0) {
      score.right++;
    } else {
      misses.push_back(field + " +" + id);
    }
  }
  for (const std::string& id : want) {
    score.expected++;
    if (got.count(id) == 0) misses.push_back(field + " -" + id);
  }
}

// One value each side, "" when none.
void ScoreValue(const std::string& got, const std::string& want, Score& score,
                std::vector<std::string>& misses, const std::string& field) {
  if (!got.empty()) score.said++;
  if (!want.empty()) score.expected++;
  if (!got.empty() && got == want) {
    score.right++;
  } else if (got != want) {
    misses.push_back(field + " got '" + got + "' want '" + want + "'");
  }
}

std::string CasesPath(const char* fallback) {
  const std::string given = absl::GetFlag(FLAGS_cases);
  return given.empty() ? fallback : given;
}

void PrintScores(size_t texts, std::map<std::string, Score>& scores,
                 std::initializer_list<const char*> fields) {
  std::cout << absl::StrFormat("%d texts\n%-18s %9s %7s   (right/said, right/expected)\n", texts,
                               "field", "precision", "recall");
  for (const char* field : fields) {
    const Score& s = scores[field];
    std::cout << absl::StrFormat("%-18s %9.2f %7.2f   (%d/%d, %d/%d)\n", field, s.Precision(),
                                 s.Recall(), s.right, s.said, s.right, s.expected);
  }
}

// Counts the floors a figure is below, saying which.
int Check(double floor, double value, const char* what) {
  if (floor > 0 && value + 1e-9 < floor) {
    std::cout << absl::StrFormat("FAIL: %s %.2f is below %.2f\n", what, value, floor);
    return 1;
  }
  return 0;
}

void PrintMisses(const Case& c, const std::vector<std::string>& misses) {
  if (absl::GetFlag(FLAGS_verbose) && !misses.empty()) {
    std::cout << c.id << ":\n";
    for (const std::string& miss : misses) std::cout << "  " << miss << "\n";
  }
}

int RunRoles() {
  const SkillCatalog catalog = ReadCatalog(absl::GetFlag(FLAGS_catalog_sql));
  const std::vector<Case> cases = ReadCases(CasesPath("tests/data/role_drafts/roles.eval"));
  std::map<std::string, Score> scores;
  for (const Case& c : cases) {
    absl::StatusOr<v1::RoleDraft> draft = DraftRoleFromText(c.text, catalog);
    if (!draft.ok()) {
      std::cerr << c.id << ": " << draft.status() << "\n";
      return 2;
    }
    const v1::Role& role = draft->role();
    std::vector<std::string> misses;
    std::set<std::string> all = IdSet(role.required_skills());
    for (const std::string& id : IdSet(role.nice_to_have_skills())) all.insert(id);
    std::set<std::string> want_all = IdSet(c.expected.at("required"));
    for (const std::string& id : IdSet(c.expected.at("nice"))) want_all.insert(id);
    std::vector<std::string> ignored;
    ScoreSets(all, want_all, scores["skills"], misses, "skills");
    ScoreSets(IdSet(role.required_skills()), IdSet(c.expected.at("required")), scores["required"],
              ignored, "required");
    ScoreSets(IdSet(role.nice_to_have_skills()), IdSet(c.expected.at("nice")),
              scores["nice_to_have"], ignored, "nice");
    // Required versus nice among the skills found and expected both.
    for (const std::string& id : all) {
      if (want_all.count(id) == 0) continue;
      const bool got_required = IdSet(role.required_skills()).count(id) > 0;
      const bool want_required = IdSet(c.expected.at("required")).count(id) > 0;
      Score& split = scores["required_vs_nice"];
      split.said++;
      split.expected++;
      if (got_required == want_required) {
        split.right++;
      } else {
        misses.push_back(std::string(want_required ? "required" : "nice") + " taken as " +
                         (got_required ? "required: " : "nice: ") + id);
      }
    }
    ScoreValue(role.kind() == common::v1::ROLE_KIND_UNSPECIFIED
                   ? ""
                   : common::v1::RoleKind_Name(role.kind()),
               c.expected.at("kind"), scores["kind"], misses, "kind");
    ScoreValue(role.seniority() == common::v1::SENIORITY_UNSPECIFIED
                   ? ""
                   : common::v1::Seniority_Name(role.seniority()),
               c.expected.at("seniority"), scores["seniority"], misses, "seniority");
    ScoreValue(role.has_working_hours()
                   ? absl::StrFormat("%s %s-%s", role.working_hours().time_zone(),
                                     role.working_hours().start(), role.working_hours().end())
                   : "",
               c.expected.at("hours"), scores["zone_and_window"], misses, "hours");
    ScoreValue(role.has_monthly_budget() ? absl::StrFormat("%d %s", role.monthly_budget().units(),
                                                           role.monthly_budget().currency_code())
                                         : "",
               c.expected.at("budget"), scores["budget"], misses, "budget");
    PrintMisses(c, misses);
  }
  PrintScores(cases.size(), scores,
              {"skills", "required", "nice_to_have", "required_vs_nice", "kind", "seniority",
               "zone_and_window", "budget"});
  int failed = 0;
  const auto check = [&](double floor, double value, const char* what) {
    failed += Check(floor, value, what);
  };
  check(absl::GetFlag(FLAGS_check_skills_precision), scores["skills"].Precision(),
        "skills precision");
  check(absl::GetFlag(FLAGS_check_skills_recall), scores["skills"].Recall(), "skills recall");
  // Accuracy: right out of the texts that state it.
  check(absl::GetFlag(FLAGS_check_kind), scores["kind"].Recall(), "kind accuracy");
  check(absl::GetFlag(FLAGS_check_seniority), scores["seniority"].Recall(), "seniority accuracy");
  check(absl::GetFlag(FLAGS_check_hours), scores["zone_and_window"].Recall(), "hours recall");
  check(absl::GetFlag(FLAGS_check_budget), scores["budget"].Recall(), "budget recall");
  return failed == 0 ? 0 : 1;
}

// The CVs: skills (ids), kinds (a set: right when it is the expected set), seniority, zone,
// country and English level, each "" when the CV does not tell.
int RunCandidates() {
  const SkillCatalog catalog = ReadCatalog(absl::GetFlag(FLAGS_catalog_sql));
  const std::vector<Case> cases =
      ReadCases(CasesPath("tests/data/candidate_drafts/candidates.eval"));
  absl::CivilDay today;
  if (!absl::ParseCivilTime(absl::GetFlag(FLAGS_today), &today)) {
    std::cerr << "--today must be YYYY-MM-DD\n";
    return 2;
  }
  std::map<std::string, Score> scores;
  for (const Case& c : cases) {
    absl::StatusOr<talent::v1::CandidateDraft> draft =
        talent::DraftCandidateFromText(c.text, catalog, today);
    if (!draft.ok()) {
      std::cerr << c.id << ": " << draft.status() << "\n";
      return 2;
    }
    const talent::v1::Candidate& candidate = draft->candidate();
    const auto expected = [&](const char* field) {
      auto it = c.expected.find(field);
      if (it == c.expected.end()) {
        std::cerr << c.id << ": no '" << field << "' line\n";
        std::exit(2);
      }
      return it->second;
    };
    std::vector<std::string> misses;
    std::set<std::string> skills;
    for (const auto& skill : candidate.skills()) skills.insert(skill.skill());
    ScoreSets(skills, IdSet(expected("skills")), scores["skills"], misses, "skills");
    std::set<std::string> kinds;
    for (int kind : candidate.kinds()) {
      kinds.insert(common::v1::RoleKind_Name(static_cast<common::v1::RoleKind>(kind)));
    }
    const std::set<std::string> want_kinds = IdSet(expected("kinds"));
    ScoreValue(kinds.empty() ? "" : absl::StrJoin(kinds, ", "),
               want_kinds.empty() ? "" : absl::StrJoin(want_kinds, ", "), scores["kinds"], misses,
               "kinds");
    ScoreValue(candidate.seniority() == common::v1::SENIORITY_UNSPECIFIED
                   ? ""
                   : common::v1::Seniority_Name(candidate.seniority()),
               expected("seniority"), scores["seniority"], misses, "seniority");
    ScoreValue(candidate.working_hours().time_zone(), expected("zone"), scores["zone"], misses,
               "zone");
    ScoreValue(candidate.country(), expected("country"), scores["country"], misses, "country");
    ScoreValue(candidate.english_level() == talent::v1::ENGLISH_LEVEL_UNSPECIFIED
                   ? ""
                   : talent::v1::EnglishLevel_Name(candidate.english_level()),
               expected("english"), scores["english"], misses, "english");
    PrintMisses(c, misses);
  }
  PrintScores(cases.size(), scores, {"skills", "kinds", "seniority", "zone", "country", "english"});
  int failed = 0;
  failed += Check(absl::GetFlag(FLAGS_check_skills_precision), scores["skills"].Precision(),
                  "skills precision");
  failed +=
      Check(absl::GetFlag(FLAGS_check_skills_recall), scores["skills"].Recall(), "skills recall");
  failed += Check(absl::GetFlag(FLAGS_check_kind), scores["kinds"].Recall(), "kinds accuracy");
  failed += Check(absl::GetFlag(FLAGS_check_seniority), scores["seniority"].Recall(),
                  "seniority accuracy");
  failed += Check(absl::GetFlag(FLAGS_check_zone), scores["zone"].Recall(), "zone recall");
  failed += Check(absl::GetFlag(FLAGS_check_country), scores["country"].Recall(), "country recall");
  return failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace meridian::intake

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return absl::GetFlag(FLAGS_candidates) ? meridian::intake::RunCandidates()
                                         : meridian::intake::RunRoles();
}
