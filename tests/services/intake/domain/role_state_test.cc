// Tests for services/intake/domain/role_state.h: which state moves a role may make.
#include "services/intake/domain/role_state.h"

#include <set>
#include <string>
#include <utility>

#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian::intake {
namespace {

using State = v1::Role::State;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr State kStates[] = {v1::Role::OPEN, v1::Role::ON_HOLD, v1::Role::FILLED,
                             v1::Role::CANCELLED};

// The moves the contract in role_state.h allows.
const std::set<std::pair<State, State>>& AllowedMoves() {
  static const auto* moves = new std::set<std::pair<State, State>>{
      {v1::Role::OPEN, v1::Role::ON_HOLD},      {v1::Role::OPEN, v1::Role::FILLED},
      {v1::Role::OPEN, v1::Role::CANCELLED},    {v1::Role::ON_HOLD, v1::Role::OPEN},
      {v1::Role::ON_HOLD, v1::Role::CANCELLED}, {v1::Role::FILLED, v1::Role::OPEN},
  };
  return *moves;
}

TEST(AllowedRoleMoves, ListsTheDocumentedMoves) {
  EXPECT_THAT(AllowedRoleMoves(v1::Role::OPEN),
              UnorderedElementsAre(v1::Role::ON_HOLD, v1::Role::FILLED, v1::Role::CANCELLED));
  EXPECT_THAT(AllowedRoleMoves(v1::Role::ON_HOLD),
              UnorderedElementsAre(v1::Role::OPEN, v1::Role::CANCELLED));
  EXPECT_THAT(AllowedRoleMoves(v1::Role::FILLED), UnorderedElementsAre(v1::Role::OPEN));
  EXPECT_THAT(AllowedRoleMoves(v1::Role::CANCELLED), IsEmpty());
}

TEST(CheckRoleTransition, AllowsEveryDocumentedMoveAndRefusesTheRest) {
  for (State from : kStates) {
    for (State to : kStates) {
      if (from == to) continue;
      const absl::Status status = CheckRoleTransition(from, to);
      const bool allowed = AllowedMoves().contains({from, to});
      SCOPED_TRACE(v1::Role::State_Name(from) + " -> " + v1::Role::State_Name(to));
      if (allowed) {
        EXPECT_TRUE(status.ok()) << status;
      } else {
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
      }
    }
  }
}

TEST(CheckRoleTransition, StayingInTheSameStateIsANoOp) {
  for (State state : kStates) {
    EXPECT_TRUE(CheckRoleTransition(state, state).ok()) << v1::Role::State_Name(state);
  }
}

TEST(CheckRoleTransition, IllegalMoveNamesTheAllowedMovesAndReason) {
  const absl::Status status = CheckRoleTransition(v1::Role::FILLED, v1::Role::ON_HOLD);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("FILLED to ON_HOLD"));
  EXPECT_THAT(status.message(), HasSubstr("allowed from FILLED: OPEN"));

  const auto info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), ReasonName(common::v1::ILLEGAL_STATE_TRANSITION));
  EXPECT_EQ(info->metadata().at("from"), "FILLED");
  EXPECT_EQ(info->metadata().at("to"), "ON_HOLD");
}

TEST(CheckRoleTransition, CancelledIsFinal) {
  const absl::Status status = CheckRoleTransition(v1::Role::CANCELLED, v1::Role::OPEN);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("CANCELLED to OPEN"));
  EXPECT_THAT(status.message(), HasSubstr("none (final state)"));
  const auto info = GetErrorInfo(status);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), ReasonName(common::v1::ILLEGAL_STATE_TRANSITION));
}

TEST(CheckRoleTransition, OnHoldMessageListsBothWaysOut) {
  const absl::Status status = CheckRoleTransition(v1::Role::ON_HOLD, v1::Role::FILLED);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("OPEN, CANCELLED"));
}

}  // namespace
}  // namespace meridian::intake
