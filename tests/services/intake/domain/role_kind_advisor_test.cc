// Tests for services/intake/domain/role_kind_advisor.h: backend engineer or developer.
#include "services/intake/domain/role_kind_advisor.h"

#include <string>

#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_errors.h"

namespace meridian::intake {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using testing::ViolatedFields;

v1::RoleKindRecommendation Recommend(const v1::RoleKindAnswers& answers) {
  absl::StatusOr<v1::RoleKindRecommendation> recommendation = RecommendRoleKind(answers);
  EXPECT_TRUE(recommendation.ok()) << recommendation.status();
  return recommendation.value_or(v1::RoleKindRecommendation());
}

TEST(RecommendRoleKind, ClearEngineerCase) {
  v1::RoleKindAnswers answers;
  answers.set_architecture_owner(v1::THE_HIRE);
  answers.set_has_technical_lead(false);
  answers.set_works_with_leadership(true);
  answers.set_system_stage(v1::GREENFIELD);
  const v1::RoleKindRecommendation recommendation = Recommend(answers);

  EXPECT_EQ(recommendation.kind(), common::v1::BACKEND_ENGINEER);
  EXPECT_GT(recommendation.engineer_points(), 0);
  EXPECT_EQ(recommendation.developer_points(), 0);
  ASSERT_THAT(recommendation.reasons(), SizeIs(4));
  // The heaviest reason comes first.
  EXPECT_THAT(recommendation.reasons(0), HasSubstr("own architecture"));
}

TEST(RecommendRoleKind, ClearDeveloperCase) {
  v1::RoleKindAnswers answers;
  answers.set_architecture_owner(v1::EXISTING_TEAM);
  answers.set_has_technical_lead(true);
  answers.set_works_with_leadership(false);
  answers.set_system_stage(v1::EXISTING_SYSTEM);
  answers.set_engineering_team_size(12);
  const v1::RoleKindRecommendation recommendation = Recommend(answers);

  EXPECT_EQ(recommendation.kind(), common::v1::BACKEND_DEVELOPER);
  EXPECT_EQ(recommendation.engineer_points(), 0);
  EXPECT_GT(recommendation.developer_points(), 0);
  EXPECT_THAT(recommendation.reasons(), SizeIs(5));
  EXPECT_THAT(recommendation.reasons(0), HasSubstr("already owns the architecture"));
}

TEST(RecommendRoleKind, WinningSideReasonsComeFirst) {
  v1::RoleKindAnswers answers;
  answers.set_architecture_owner(v1::THE_HIRE);  // Engineer, heavy.
  answers.set_has_technical_lead(true);          // Developer.
  answers.set_system_stage(v1::GREENFIELD);      // Engineer.
  const v1::RoleKindRecommendation recommendation = Recommend(answers);
  EXPECT_EQ(recommendation.kind(), common::v1::BACKEND_ENGINEER);
  EXPECT_GT(recommendation.engineer_points(), recommendation.developer_points());
  ASSERT_THAT(recommendation.reasons(), SizeIs(3));
  EXPECT_THAT(recommendation.reasons(2), HasSubstr("technical lead is already in place"));
}

TEST(RecommendRoleKind, TieGoesToTheEngineerWithTheBalancedReason) {
  v1::RoleKindAnswers answers;
  answers.set_has_technical_lead(true);      // Developer.
  answers.set_system_stage(v1::GREENFIELD);  // Engineer.
  const v1::RoleKindRecommendation recommendation = Recommend(answers);
  EXPECT_EQ(recommendation.kind(), common::v1::BACKEND_ENGINEER);
  EXPECT_EQ(recommendation.engineer_points(), recommendation.developer_points());
  ASSERT_FALSE(recommendation.reasons().empty());
  EXPECT_THAT(recommendation.reasons(0), HasSubstr("balanced"));
}

TEST(RecommendRoleKind, NeutralAnswerIsATie) {
  v1::RoleKindAnswers answers;
  answers.set_engineering_team_size(5);
  const v1::RoleKindRecommendation recommendation = Recommend(answers);
  EXPECT_EQ(recommendation.kind(), common::v1::BACKEND_ENGINEER);
  EXPECT_EQ(recommendation.engineer_points(), 0);
  EXPECT_EQ(recommendation.developer_points(), 0);
  EXPECT_THAT(recommendation.reasons(), ElementsAre(HasSubstr("balanced")));
}

TEST(RecommendRoleKind, EachSingleAnswerMovesThePointsTowardItsSide) {
  struct Case {
    std::string name;
    void (*set)(v1::RoleKindAnswers&);
    common::v1::RoleKind side;
  };
  const Case cases[] = {
      {"architecture by the hire",
       [](v1::RoleKindAnswers& a) { a.set_architecture_owner(v1::THE_HIRE); },
       common::v1::BACKEND_ENGINEER},
      {"architecture by the team",
       [](v1::RoleKindAnswers& a) { a.set_architecture_owner(v1::EXISTING_TEAM); },
       common::v1::BACKEND_DEVELOPER},
      {"architecture external",
       [](v1::RoleKindAnswers& a) { a.set_architecture_owner(v1::EXTERNAL); },
       common::v1::BACKEND_DEVELOPER},
      {"no tech lead", [](v1::RoleKindAnswers& a) { a.set_has_technical_lead(false); },
       common::v1::BACKEND_ENGINEER},
      {"tech lead", [](v1::RoleKindAnswers& a) { a.set_has_technical_lead(true); },
       common::v1::BACKEND_DEVELOPER},
      {"with leadership", [](v1::RoleKindAnswers& a) { a.set_works_with_leadership(true); },
       common::v1::BACKEND_ENGINEER},
      {"without leadership", [](v1::RoleKindAnswers& a) { a.set_works_with_leadership(false); },
       common::v1::BACKEND_DEVELOPER},
      {"greenfield", [](v1::RoleKindAnswers& a) { a.set_system_stage(v1::GREENFIELD); },
       common::v1::BACKEND_ENGINEER},
      {"existing system", [](v1::RoleKindAnswers& a) { a.set_system_stage(v1::EXISTING_SYSTEM); },
       common::v1::BACKEND_DEVELOPER},
      {"solo engineer", [](v1::RoleKindAnswers& a) { a.set_engineering_team_size(1); },
       common::v1::BACKEND_ENGINEER},
      {"no engineers yet", [](v1::RoleKindAnswers& a) { a.set_engineering_team_size(0); },
       common::v1::BACKEND_ENGINEER},
      {"large team", [](v1::RoleKindAnswers& a) { a.set_engineering_team_size(20); },
       common::v1::BACKEND_DEVELOPER},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::RoleKindAnswers answers;
    c.set(answers);
    const v1::RoleKindRecommendation recommendation = Recommend(answers);
    EXPECT_EQ(recommendation.kind(), c.side);
    if (c.side == common::v1::BACKEND_ENGINEER) {
      EXPECT_GT(recommendation.engineer_points(), 0);
      EXPECT_EQ(recommendation.developer_points(), 0);
    } else {
      EXPECT_GT(recommendation.developer_points(), 0);
      EXPECT_EQ(recommendation.engineer_points(), 0);
    }
    EXPECT_THAT(recommendation.reasons(), SizeIs(1));
  }
}

TEST(RecommendRoleKind, RequiresAtLeastOneAnswer) {
  const auto recommendation = RecommendRoleKind(v1::RoleKindAnswers());
  EXPECT_EQ(recommendation.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFields(recommendation.status()), ElementsAre("answers"));
  EXPECT_FALSE(HasAnyAnswer(v1::RoleKindAnswers()));
}

TEST(RecommendRoleKind, AnExplicitFalseCountsAsAnAnswer) {
  v1::RoleKindAnswers answers;
  answers.set_works_with_leadership(false);
  EXPECT_TRUE(HasAnyAnswer(answers));
}

TEST(RecommendRoleKind, RejectsOutOfRangeAnswersUnderTheGivenField) {
  v1::RoleKindAnswers answers;
  answers.set_engineering_team_size(-1);
  answers.set_architecture_owner(static_cast<v1::ArchitectureOwner>(42));
  answers.set_system_stage(static_cast<v1::SystemStage>(9));
  const auto recommendation = RecommendRoleKind(answers, "role.kind_answers");
  EXPECT_EQ(recommendation.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolatedFields(recommendation.status()),
              ElementsAre("role.kind_answers.architecture_owner", "role.kind_answers.system_stage",
                          "role.kind_answers.engineering_team_size"));
}

}  // namespace
}  // namespace meridian::intake
