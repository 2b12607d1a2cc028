// One transaction-scoped lock that makes the order of the feeds' positions the order in which
// their transactions commit: the talent change feed the search index follows, and the event
// feed integrators read. A writer takes it right before its first insert into a feed and holds
// it until commit, so a reader that has seen position P never later finds a smaller one.
//
// One lock for both feeds, so that a transaction writing to both (a candidate's change and its
// event) can never wait for a second lock held by another that waits for its first.
//
//   TakeCommitOrderLock(tx);
//   tx.exec_params("INSERT INTO talent.candidate_changes ...");
#pragma once

#include <cstdint>

#include "pqxx/pqxx"

namespace meridian::db {

// The advisory lock key ("talent" + 1: the change feed's, from before there were two feeds).
inline constexpr int64_t kCommitOrderLock = 0x74616c656e740001;

// Takes the lock (a no-op when this transaction holds it already).
inline void TakeCommitOrderLock(pqxx::work& tx) {
  tx.exec_params("SELECT pg_advisory_xact_lock($1)", kCommitOrderLock);
}

}  // namespace meridian::db
