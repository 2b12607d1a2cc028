// The event feed's table against a real PostgreSQL: an event is there only if its transaction
// committed, and a read never passes one that commits later; a partner's read sees only its own; an
// erasure reaches earlier events; retention purges and says how far.
#include "common/events/event_log.h"

#include <thread>

#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/migrations/migrations.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_database.h"
#include "tests/support/wait.h"

namespace meridian {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kAcme[] = "agencies/aaaaaaaa-0000-4000-8000-0000000000a0";

class EventLogTest : public ::testing::Test {
 protected:
  EventLogTest() : pool_({.url = database_.url(), .size = 3}) {
    absl::StatusOr<int> migrated = db::ApplyMigrations(database_.url(), db::AllMigrations());
    EXPECT_TRUE(migrated.ok()) << migrated.status();
  }

  static absl::Time Deadline() { return absl::Now() + absl::Seconds(10); }

  // Appends a candidate event in its own transaction; `fail` rolls it back.
  absl::Status Append(const std::string& type, const std::string& id, const std::string& owner,
                      bool fail = false) {
    return pool_
        .InTransaction<int>(Deadline(),
                            [&](pqxx::work& tx) -> absl::StatusOr<int> {
                              events::v1::Event event;
                              event.mutable_candidate()->set_name("candidates/" + id);
                              event.mutable_candidate()->set_email(id + "@example.com");
                              AppendEvent(tx,
                                          {.type = type,
                                           .resource = "candidates/" + id,
                                           .owner = owner,
                                           .candidate_id = id},
                                          {.principal = "apiKeys/k"}, std::move(event));
                              if (fail) return absl::AbortedError("the change failed");
                              return 0;
                            })
        .status();
  }

  EventPage Read(int64_t after, const EventSelection& selection = {}, int limit = 100) {
    absl::StatusOr<EventPage> page = pool_.InTransaction<EventPage>(
        Deadline(), [&](pqxx::work& tx) -> absl::StatusOr<EventPage> {
          return ReadEvents(tx, after, limit, selection);
        });
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? *page : EventPage();
  }

  static std::vector<std::string> Types(const EventPage& page) {
    std::vector<std::string> types;
    for (const events::v1::Event& event : page.events) types.push_back(event.type());
    return types;
  }

  testing::TestDatabase database_;
  db::ConnectionPool pool_;
};

TEST_F(EventLogTest, AnEventIsThereOnlyIfItsChangeCommitted) {
  ASSERT_FALSE(Append("candidate.created", "rolled-back", "", /*fail=*/true).ok());
  ASSERT_TRUE(Append("candidate.created", "kept", "").ok());
  const EventPage page = Read(0);
  ASSERT_THAT(page.events, SizeIs(1));
  const events::v1::Event& event = page.events[0];
  EXPECT_EQ(event.resource(), "candidates/kept");
  EXPECT_EQ(event.actor(), "apiKeys/k");
  EXPECT_EQ(event.candidate().email(), "kept@example.com");
  EXPECT_THAT(event.name(), ::testing::StartsWith("events/"));
  EXPECT_GT(event.position(), 0);
  EXPECT_TRUE(event.has_time());
  EXPECT_EQ(page.next_after, event.position());
}

TEST_F(EventLogTest, AReadNeverPassesAnEventWhoseTransactionCommitsLater) {
  // Writers do not wait for each other: the slow one holds position 1 while the fast one
  // commits position 2. A read stops below 1 (1 may still commit), so that a reader at 2 never
  // finds 1 appear behind it; once 1 commits, both are read, in position order.
  std::atomic<bool> first_appended{false};
  std::atomic<bool> release{false};
  std::thread slow([&] {
    ASSERT_TRUE(pool_
                    .InTransaction<int>(Deadline(),
                                        [&](pqxx::work& tx) -> absl::StatusOr<int> {
                                          events::v1::Event event;
                                          AppendEvent(tx,
                                                      {.type = "candidate.created",
                                                       .resource = "candidates/slow"},
                                                      {}, event);
                                          first_appended = true;
                                          while (!release) absl::SleepFor(absl::Milliseconds(5));
                                          return 0;
                                        })
                    .ok());
  });
  ASSERT_TRUE(testing::WaitUntil([&] { return first_appended.load(); }, absl::Seconds(10)));
  ASSERT_TRUE(Append("candidate.created", "fast", "").ok());
  {
    const testing::ScopedReadableWait brief(absl::Milliseconds(20));
    const EventPage held = Read(0);
    EXPECT_THAT(held.events, IsEmpty());
    EXPECT_EQ(held.next_after, 0) << "a reader resuming here would never see position 1";
  }
  release = true;
  slow.join();
  const testing::ScopedReadableWait patient(absl::Seconds(60));
  const EventPage page = Read(0);
  ASSERT_THAT(page.events, SizeIs(2));
  EXPECT_EQ(page.events[0].resource(), "candidates/slow");
  EXPECT_EQ(page.events[1].resource(), "candidates/fast");
  EXPECT_LT(page.events[0].position(), page.events[1].position());
}

TEST_F(EventLogTest, SelectionsAndThePartnersScope) {
  ASSERT_TRUE(Append("candidate.created", "a", kAcme).ok());
  ASSERT_TRUE(Append("candidate.created", "b", "").ok());
  ASSERT_TRUE(Append("candidate.updated", "a", kAcme).ok());
  EXPECT_THAT(Types(Read(0, {.types = {"candidate.updated"}})), ElementsAre("candidate.updated"));
  EXPECT_THAT(Read(0, {.type_prefixes = {"candidate."}}).events, SizeIs(3));
  EXPECT_THAT(Read(0, {.type_prefixes = {"submission."}}).events, IsEmpty());
  EXPECT_THAT(Read(0, {.resources = {"candidates/b"}}).events, SizeIs(1));
  const EventPage acme = Read(0, {.tenant = kAcme});
  EXPECT_THAT(Types(acme), ElementsAre("candidate.created", "candidate.updated"));
  EXPECT_THAT(Read(0, {.tenant = "agencies/other"}).events, IsEmpty());
  // A short page moves the position past what was skipped, so a selective reader does not
  // read those rows again.
  const EventPage none = Read(0, {.tenant = "agencies/other"});
  EXPECT_EQ(none.next_after, acme.events.back().position());
  // A full page stops at its last event.
  const EventPage first = Read(0, {}, 1);
  EXPECT_EQ(first.next_after, first.events[0].position());
}

TEST_F(EventLogTest, AnErasureRemovesThePersonFromEarlierEvents) {
  ASSERT_TRUE(Append("candidate.created", "gone", kAcme).ok());
  ASSERT_TRUE(pool_
                  .InTransaction<int>(Deadline(),
                                      [&](pqxx::work& tx) -> absl::StatusOr<int> {
                                        talent::v1::Candidate erased;
                                        erased.set_name("candidates/gone");
                                        erased.set_state(talent::v1::Candidate::INACTIVE);
                                        EraseCandidateFromEvents(tx, "gone", erased);
                                        return 0;
                                      })
                  .ok());
  const EventPage page = Read(0);
  ASSERT_THAT(page.events, SizeIs(1));
  EXPECT_EQ(page.events[0].candidate().name(), "candidates/gone");
  EXPECT_EQ(page.events[0].candidate().email(), "");
}

TEST_F(EventLogTest, RetentionPurgesOldEventsAndRecordsHowFar) {
  ASSERT_TRUE(Append("candidate.created", "old", "").ok());
  const int64_t old_position = Read(0).events.back().position();
  absl::StatusOr<int64_t> purged =
      pool_.InTransaction<int64_t>(Deadline(), [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
        return PurgeEvents(tx, absl::Now() + absl::Hours(1));
      });
  ASSERT_TRUE(purged.ok()) << purged.status();
  EXPECT_EQ(*purged, 1);
  ASSERT_TRUE(Append("candidate.created", "new", "").ok());
  EXPECT_THAT(Read(0).events, SizeIs(1));
  absl::StatusOr<int64_t> horizon = pool_.InTransaction<int64_t>(
      Deadline(), [](pqxx::work& tx) -> absl::StatusOr<int64_t> { return PurgedThrough(tx); });
  ASSERT_TRUE(horizon.ok());
  EXPECT_EQ(*horizon, old_position);
  // Nothing newer than the cut goes.
  purged = pool_.InTransaction<int64_t>(Deadline(), [&](pqxx::work& tx) -> absl::StatusOr<int64_t> {
    return PurgeEvents(tx, absl::Now() - absl::Hours(1));
  });
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 0);
}

}  // namespace
}  // namespace meridian
