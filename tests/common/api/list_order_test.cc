#include "common/api/list_order.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meridian {
namespace {

TEST(ParseCreateTimeOrder, EmptyIsTheListsDefault) {
  EXPECT_EQ(*ParseCreateTimeOrder("", ListOrder::kOldestFirst), ListOrder::kOldestFirst);
  EXPECT_EQ(*ParseCreateTimeOrder("  ", ListOrder::kNewestFirst), ListOrder::kNewestFirst);
}

TEST(ParseCreateTimeOrder, AcceptsAscAndDescWithFreeSpacing) {
  EXPECT_EQ(*ParseCreateTimeOrder("create_time", ListOrder::kNewestFirst), ListOrder::kOldestFirst);
  EXPECT_EQ(*ParseCreateTimeOrder("create_time asc", ListOrder::kNewestFirst),
            ListOrder::kOldestFirst);
  EXPECT_EQ(*ParseCreateTimeOrder(" create_time\tdesc ", ListOrder::kOldestFirst),
            ListOrder::kNewestFirst);
}

TEST(ParseCreateTimeOrder, AnythingElseIsInvalidArgumentOnOrderBy) {
  for (const char* bad : {"name", "create_time DESC", "create_time desc asc", "-create_time",
                          "update_time desc", "create_time,name"}) {
    absl::StatusOr<ListOrder> order = ParseCreateTimeOrder(bad, ListOrder::kOldestFirst);
    ASSERT_FALSE(order.ok()) << bad;
    EXPECT_EQ(order.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(order.status().message(), ::testing::HasSubstr("\"create_time desc\"")) << bad;
  }
}

TEST(SeqPageSql, WalksTheSequenceEitherWay) {
  EXPECT_EQ(SeqPageSql(ListOrder::kOldestFirst, "seq", 4), "seq > $4 ORDER BY seq");
  EXPECT_EQ(SeqPageSql(ListOrder::kNewestFirst, "c.seq", 1),
            "($1 = 0 OR c.seq < $1) ORDER BY c.seq DESC");
}

}  // namespace
}  // namespace meridian
