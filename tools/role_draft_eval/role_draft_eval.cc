// role_draft_eval: how well DraftRole reads, on the evaluation set
// tests/data/role_drafts/roles.eval (40 texts with the fields a recruiter would fill). Prints
// precision and recall per field; with --check, exits 1 when a figure falls below the floor
// given for it (the ctest role_draft_eval runs it so: a change that reads worse fails).
//
//   build/tools/role_draft_eval --verbose   # from the repository's root; the defaults are
//                                           # tests/data/role_drafts/roles.eval and 0012
//
// The skill catalog comes from the migration that defines it (its alias rows), so the tool
// needs no database: the same aliases and ambiguity flags LoadSkillCatalog reads.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
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
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/skills/skill_catalog.h"
#include "services/intake/domain/role_draft.h"

ABSL_FLAG(std::string, cases, "tests/data/role_drafts/roles.eval", "the evaluation set");
ABSL_FLAG(std::string, catalog_sql, "common/migrations/sql/0012_skill_catalog.sql",
          "the migration whose alias rows are the skill catalog");
ABSL_FLAG(bool, verbose, false, "print each text's misses");
ABSL_FLAG(double, check_skills_precision, 0, "with a value > 0: fail below it");
ABSL_FLAG(double, check_skills_recall, 0, "with a value > 0: fail below it");
ABSL_FLAG(double, check_kind, 0, "with a value > 0: fail when kind accuracy is below it");
ABSL_FLAG(double, check_seniority, 0, "with a value > 0: fail when seniority accuracy is below");
ABSL_FLAG(double, check_hours, 0, "with a value > 0: fail when hours recall is below it");
ABSL_FLAG(double, check_budget, 0, "with a value > 0: fail when budget recall is below it");

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

// The ('alias', 'skill', true|false) rows of the catalog migration.
SkillCatalog ReadCatalog(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string sql = buffer.str();
  SkillCatalogData data;
  size_t at = sql.find("INSERT INTO shared.skill_aliases");
  while (at != std::string::npos) {
    at = sql.find("('", at);
    if (at == std::string::npos) break;
    const size_t alias_end = sql.find('\'', at + 2);
    if (alias_end == std::string::npos) break;
    const std::string alias = sql.substr(at + 2, alias_end - at - 2);
    at = alias_end + 1;
    if (sql.compare(at, 3, ", '") != 0) continue;
    const size_t id_end = sql.find('\'', at + 3);
    if (id_end == std::string::npos) break;
    const std::string id = sql.substr(at + 3, id_end - at - 3);
    at = id_end + 1;
    bool ambiguous;
    if (sql.compare(at, 7, ", true)") == 0) {
      ambiguous = true;
    } else if (sql.compare(at, 8, ", false)") == 0) {
      ambiguous = false;
    } else {
      continue;  // a relation row, with a weight
    }
    data.aliases[alias] = id;
    data.aliases[id] = id;
    if (ambiguous) data.ambiguous_aliases.insert(alias);
  }
  if (data.aliases.empty()) {
    std::cerr << "no alias rows in " << path << "\n";
    std::exit(2);
  }
  return SkillCatalog(std::move(data));
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

int Run() {
  const SkillCatalog catalog = ReadCatalog(absl::GetFlag(FLAGS_catalog_sql));
  const std::vector<Case> cases = ReadCases(absl::GetFlag(FLAGS_cases));
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
    if (absl::GetFlag(FLAGS_verbose) && !misses.empty()) {
      std::cout << c.id << ":\n";
      for (const std::string& miss : misses) std::cout << "  " << miss << "\n";
    }
  }
  std::cout << absl::StrFormat("%d texts\n%-18s %9s %7s   (right/said, right/expected)\n",
                               cases.size(), "field", "precision", "recall");
  for (const char* field : {"skills", "required", "nice_to_have", "required_vs_nice", "kind",
                            "seniority", "zone_and_window", "budget"}) {
    const Score& s = scores[field];
    std::cout << absl::StrFormat("%-18s %9.2f %7.2f   (%d/%d, %d/%d)\n", field, s.Precision(),
                                 s.Recall(), s.right, s.said, s.right, s.expected);
  }
  int failed = 0;
  const auto check = [&](double floor, double value, const char* what) {
    if (floor > 0 && value + 1e-9 < floor) {
      std::cout << absl::StrFormat("FAIL: %s %.2f is below %.2f\n", what, value, floor);
      ++failed;
    }
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

}  // namespace
}  // namespace meridian::intake

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return meridian::intake::Run();
}
