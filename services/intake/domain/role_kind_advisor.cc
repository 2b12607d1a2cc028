#include "services/intake/domain/role_kind_advisor.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"

namespace meridian::intake {
namespace {

enum class Side { kEngineer, kDeveloper };

struct Evidence {
  Side side;
  int points;
  std::string reason;
};

std::vector<Evidence> Weigh(const v1::RoleKindAnswers& answers) {
  std::vector<Evidence> evidence;
  switch (answers.architecture_owner()) {
    case v1::THE_HIRE:
      evidence.push_back({Side::kEngineer, 3,
                          "The hire will own architecture decisions, and designing the system's "
                          "structure is an engineer's job."});
      break;
    case v1::EXISTING_TEAM:
      evidence.push_back({Side::kDeveloper, 3,
                          "Someone on the team already owns the architecture, so the hire builds "
                          "inside an existing design."});
      break;
    case v1::EXTERNAL:
      evidence.push_back({Side::kDeveloper, 2,
                          "An outside party owns the architecture, so the hire implements a "
                          "design made elsewhere."});
      break;
    default:
      break;
  }
  if (answers.has_has_technical_lead()) {
    if (answers.has_technical_lead()) {
      evidence.push_back({Side::kDeveloper, 2,
                          "A technical lead is already in place to set the technical direction."});
    } else {
      evidence.push_back({Side::kEngineer, 2,
                          "There is no technical lead, so the hire will set the technical "
                          "direction."});
    }
  }
  if (answers.has_works_with_leadership()) {
    if (answers.works_with_leadership()) {
      evidence.push_back({Side::kEngineer, 2,
                          "The hire will work with the company's leaders to turn business needs "
                          "into a technical plan."});
    } else {
      evidence.push_back({Side::kDeveloper, 1,
                          "The hire will not work directly with leadership; work arrives as "
                          "defined features."});
    }
  }
  switch (answers.system_stage()) {
    case v1::GREENFIELD:
      evidence.push_back({Side::kEngineer, 2,
                          "The system is new: its structure, data storage and security are still "
                          "to be designed."});
      break;
    case v1::EXISTING_SYSTEM:
      evidence.push_back(
          {Side::kDeveloper, 1, "The system already exists and its design is established."});
      break;
    default:
      break;
  }
  if (answers.has_engineering_team_size()) {
    const int size = answers.engineering_team_size();
    if (size <= 2) {
      evidence.push_back({Side::kEngineer, 1,
                          absl::StrCat("With ", size, size == 1 ? " engineer" : " engineers",
                                       " on the team, nobody else is there to design the "
                                       "backend.")});
    } else if (size >= 8) {
      evidence.push_back({Side::kDeveloper, 1,
                          absl::StrCat("A team of ", size,
                                       " engineers usually has an established design to build "
                                       "within.")});
    }
  }
  return evidence;
}

}  // namespace

bool HasAnyAnswer(const v1::RoleKindAnswers& answers) {
  return answers.architecture_owner() != v1::ARCHITECTURE_OWNER_UNSPECIFIED ||
         answers.has_has_technical_lead() || answers.has_works_with_leadership() ||
         answers.system_stage() != v1::SYSTEM_STAGE_UNSPECIFIED ||
         answers.has_engineering_team_size();
}

absl::StatusOr<v1::RoleKindRecommendation> RecommendRoleKind(const v1::RoleKindAnswers& answers,
                                                             absl::string_view field) {
  FieldViolations violations;
  if (!HasAnyAnswer(answers)) {
    violations.Add(field, "at least one answer is needed for a recommendation");
  }
  if (!v1::ArchitectureOwner_IsValid(answers.architecture_owner())) {
    violations.Add(absl::StrCat(field, ".architecture_owner"), "is not a known value");
  }
  if (!v1::SystemStage_IsValid(answers.system_stage())) {
    violations.Add(absl::StrCat(field, ".system_stage"), "is not a known value");
  }
  if (answers.has_engineering_team_size() &&
      (answers.engineering_team_size() < 0 || answers.engineering_team_size() > 100000)) {
    violations.Add(absl::StrCat(field, ".engineering_team_size"), "must be between 0 and 100000");
  }
  if (!violations.empty()) return violations.ToStatus();

  std::vector<Evidence> evidence = Weigh(answers);
  int engineer = 0;
  int developer = 0;
  for (const Evidence& e : evidence) (e.side == Side::kEngineer ? engineer : developer) += e.points;
  const Side winner = engineer >= developer ? Side::kEngineer : Side::kDeveloper;

  // The winning side's reasons first, each side by weight.
  std::stable_sort(evidence.begin(), evidence.end(), [&](const Evidence& a, const Evidence& b) {
    if ((a.side == winner) != (b.side == winner)) return a.side == winner;
    return a.points > b.points;
  });
  v1::RoleKindRecommendation recommendation;
  recommendation.set_kind(winner == Side::kEngineer ? common::v1::BACKEND_ENGINEER
                                                    : common::v1::BACKEND_DEVELOPER);
  recommendation.set_engineer_points(engineer);
  recommendation.set_developer_points(developer);
  if (engineer == developer) {
    recommendation.add_reasons(
        "The answers are balanced; an engineer can also build features, while a developer "
        "cannot be expected to own the design.");
  }
  for (const Evidence& e : evidence) recommendation.add_reasons(e.reason);
  return recommendation;
}

}  // namespace meridian::intake
