// Reading a table in the order of its identity column (a feed's position, a list's `seq`)
// without a lock held through COMMIT, and without ever passing a row that commits late.
//
// Many transactions insert at once, and a row that took position 7 may commit after one that
// took 8. A reader that read 8 and moved its cursor past 7 would never see 7. Making writers
// commit one at a time (an advisory lock held until COMMIT, as this code once did) keeps
// position order equal to commit order, but it also makes every commit in the system wait for
// the previous one's WAL flush: about a hundred commits a second, whatever the concurrency.
// Instead, readers stop at the *readable horizon*: the newest position taken so far, once
// every transaction that may hold a position at or below it has ended. Rows up to it are final
// (committed or never to appear), so a cursor can pass them safely.
//
// How: statement 1 reads the sequence's last value L (non-transactionally: in-flight takers
// included). Every position <= L was taken by a transaction whose id was assigned before
// (writers call JoinOrderedWriters first), so by statement 2 each such id is below that
// statement's snapshot xmax X. Once no transaction below X is still running (the snapshot's
// running ids, which leave out the reader's own), all of them have ended, and a statement from
// then on sees every committed row <= L. Waiting is for the transactions running at the time
// only, typically one commit's duration; transactions that start later do not delay it.
//
//   // Writer, before inserting:
//   db::JoinOrderedWriters(tx);
//   tx.exec_params("INSERT INTO events.events ...");
//
//   // Reader:
//   std::optional<int64_t> through = db::ReadableThrough(tx, "events.events", "position");
//   if (!through) return;  // a long transaction is still running: nothing new for now
//   tx.exec_params("SELECT ... WHERE position > $1 AND position <= $2 ORDER BY position",
//                  after, *through);
//
// The cost of the design: a transaction left open for long (an operator's `BEGIN` in psql)
// holds every reader back until it ends, whatever table it writes. The index lag and event
// feed metrics show it; deploy/RUNBOOK.md says how to find the transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/time/time.h"
#include "pqxx/pqxx"

namespace meridian::db {

// How long a reader waits for the transactions in flight (by default 200 ms: a few commits).
// Process-wide; tests that hold a writer open on purpose raise it, so that a reader cannot give
// up before the test lets the writer end.
void SetReadableWait(absl::Duration wait);
absl::Duration ReadableWait();

// Gives this transaction its id now (a no-op when it has one), so that a reader's horizon
// waits for it. Call it before the first insert into a table read by ReadableThrough.
void JoinOrderedWriters(pqxx::work& tx);

// The readable horizon of `table`'s identity column `column` (see above): every row at or
// below it that will ever exist is visible to this transaction's later statements (0 for a
// table never inserted into). nullopt when transactions that may hold positions at or below
// the newest one are still running after `wait`: the caller reads nothing new this time.
std::optional<int64_t> ReadableThrough(pqxx::work& tx, std::string_view table,
                                       std::string_view column, absl::Duration wait);
// The same, waiting ReadableWait().
std::optional<int64_t> ReadableThrough(pqxx::work& tx, std::string_view table,
                                       std::string_view column);

// The bound of a list page over `table`'s `column` (its insertion sequence): the readable
// horizon, so that a walk through the pages never passes a row that commits late; or, when a
// long transaction holds the horizon back, no bound (the largest int64): the page then shows
// what is visible, the caller's own new rows included, and a row still in flight below it may
// be missed by a walk already past it, as in any list without this.
int64_t ListHorizon(pqxx::work& tx, std::string_view table, std::string_view column);

}  // namespace meridian::db
