// Reading a table in the order of its identity column (a feed's position, a list's `seq`)
// without a lock held through COMMIT, and without ever passing a row that commits late.
//
// Many transactions insert at once, and a row that took position 7 may commit after one that
// took 8. A reader that read 8 and moved its cursor past 7 would never see 7. Making writers
// commit one at a time (an advisory lock held until COMMIT, as this code once did) keeps
// position order equal to commit order, but it also makes every commit wait for the previous
// one's WAL flush: about a hundred commits a second, whatever the concurrency. Instead,
// readers stop at the *readable horizon*: the newest position taken so far, once every
// transaction that may hold a position at or below it has ended. Rows up to it are final
// (committed, or never to appear), so a cursor can pass them safely.
//
// How: each writer of the table first takes a shared transaction lock of the table's own
// (JoinOrderedWriters; shared locks never wait for each other), then takes its position.
// Statement 1 of a reader reads the sequence's last value L (in-flight takers included);
// statement 2 lists the transactions holding that lock. Every taker of a position <= L locked
// before statement 1, so, if it is still running, it is in that list. Once none of them holds
// the lock any more, they have all ended (a transaction is visible as committed before it
// releases its locks), and a statement from then on sees every committed row <= L. Waiting is
// for those writers only: typically one commit, never for writers that came later, nor for
// transactions that do not write the table.
//
//   // Writer, before inserting:
//   db::JoinOrderedWriters(tx, "events.events");
//   tx.exec_params("INSERT INTO events.events ...");
//
//   // Reader:
//   std::optional<int64_t> through = db::ReadableThrough(tx, "events.events", "position");
//   if (!through) return;  // a writer in flight is slow to end: nothing new for now
//   tx.exec_params("SELECT ... WHERE position > $1 AND position <= $2 ORDER BY position",
//                  after, *through);
//
// The cost of the design: a writer of the table that stays open for long (an import in one
// transaction) holds that table's readers back until it ends. The index lag and event feed
// metrics show it; deploy/RUNBOOK.md says how to find the transaction.
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

// Makes this transaction one of `table`'s writers that readers' horizons wait for (a shared
// lock held until it ends). Call it before inserting into a table read by ReadableThrough.
void JoinOrderedWriters(pqxx::work& tx, std::string_view table);

// The advisory lock key of `table`'s writers: a hash of its name.
int64_t WritersLockKey(std::string_view table);

// The readable horizon of `table`'s identity column `column` (see above): every row at or
// below it that will ever exist is visible to this transaction's later statements (0 for a
// table never inserted into). nullopt when writers that may hold positions at or below the
// newest one are still running after `wait`: the caller reads nothing new this time.
std::optional<int64_t> ReadableThrough(pqxx::work& tx, std::string_view table,
                                       std::string_view column, absl::Duration wait);
// The same, waiting ReadableWait().
std::optional<int64_t> ReadableThrough(pqxx::work& tx, std::string_view table,
                                       std::string_view column);

// The bound of a list page over `table`'s `column` (its insertion sequence): the readable
// horizon, so that a walk through the pages never passes a row that commits late; or, when a
// slow writer holds the horizon back, no bound (the largest int64): the page then shows
// what is visible, the caller's own new rows included, and a row still in flight below it may
// be missed by a walk already past it, as in any list without this.
int64_t ListHorizon(pqxx::work& tx, std::string_view table, std::string_view column);

}  // namespace meridian::db
