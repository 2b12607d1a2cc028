-- New-match alerts (issue 14, part 4). The talent service checks every candidate the search
-- index has just applied against the OPEN roles and records here each one who now meets a role
-- at or above its alert_min_score: once per candidate and role, whatever restarts or replays
-- of the change feed happen (the unique constraint; the writer inserts ON CONFLICT DO NOTHING
-- and writes the role_match.created event only for a row it inserted). Roles are intake's,
-- referenced by name; the row keeps the match as search returned it (a talent.v1.RoleMatch).
-- Writers take the commit-order lock before inserting, so `seq` order is commit order.
CREATE TABLE talent.role_matches (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  client_id text NOT NULL,
  role_id text NOT NULL,
  -- No foreign key: its KEY SHARE lock on the candidate, taken while the writer holds the
  -- commit-order lock, would deadlock with a candidate write (row lock, then that lock).
  -- Erasure deletes a person's matches itself.
  candidate_id text NOT NULL,
  body jsonb NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  UNIQUE (client_id, role_id, candidate_id)
);
CREATE INDEX role_matches_by_role ON talent.role_matches (client_id, role_id, seq);
CREATE INDEX role_matches_by_candidate ON talent.role_matches (candidate_id);

-- How far in talent.candidate_changes the matching is done: written in the same transaction as
-- the matches of the changes up to it, so that after a restart (or a queue that overflowed)
-- the changes after it are matched again and nothing is lost. One row. A database migrated
-- with candidates already in it starts at the feed's end: alerts are about changes from now on.
CREATE TABLE talent.role_match_progress (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  position bigint NOT NULL,
  update_time timestamptz NOT NULL DEFAULT now()
);
INSERT INTO talent.role_match_progress (position)
SELECT COALESCE(max(seq), 0) FROM talent.candidate_changes;
