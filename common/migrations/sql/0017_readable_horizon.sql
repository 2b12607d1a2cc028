-- Feed and list order without a lock held through COMMIT (common/db/ordered_reads.h). The
-- comments of 0003, 0008 and 0015 say that writers of these tables take a transaction lock so
-- that position order is commit order; since this migration they do not: writers commit side
-- by side, and readers stop at the readable horizon, the newest position once every
-- transaction that may hold one at or below it has ended. The tables' own comments say so now.
COMMENT ON TABLE events.events IS
  'The event feed. Read up to the readable horizon (common/db/ordered_reads.h): positions are '
  'taken by writers side by side, and a position below the horizon never appears later.';
COMMENT ON TABLE talent.candidate_changes IS
  'The change feed the search index follows, one row per committed change to a candidate; '
  'read up to the readable horizon (common/db/ordered_reads.h).';
COMMENT ON TABLE talent.erasures IS
  'The erasure feed other services follow; read up to the readable horizon '
  '(common/db/ordered_reads.h).';
COMMENT ON TABLE talent.role_matches IS
  'New-match alerts, once per candidate and role. Written under the role-match lock '
  '(talent_store.h, LockRoleMatchWrites) that erasures take too.';
