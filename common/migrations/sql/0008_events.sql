-- The event feed (issue 11): every change that matters, written in the same transaction as
-- the change. Writers take the commit-order lock (common/db/commit_order.h) before their first
-- insert here and hold it until commit, so `position` order is commit order: a reader that
-- sees position P will never later see a smaller one appear.
CREATE SCHEMA events;

CREATE TABLE events.events (
  position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  type text NOT NULL,
  -- The resource's name ("candidates/{candidate}", "clients/{c}/roles/{r}/submissions/{s}").
  resource text NOT NULL,
  -- Tenancy, for a PARTNER's reads: the agency owning the candidate the event is about, and
  -- the agency (or key) that made the submission; NULL when none.
  owner text,
  submitted_by text,
  -- The candidate the event is about (a candidate's or a submission's), so that an erasure
  -- can remove the person's data from earlier events too.
  candidate_id text,
  create_time timestamptz NOT NULL DEFAULT now(),
  -- meridian.events.v1.Event as proto JSON (field names as in the .proto), without name,
  -- position and time, which are the columns.
  body jsonb NOT NULL
);
CREATE INDEX events_by_candidate ON events.events (candidate_id) WHERE candidate_id IS NOT NULL;
CREATE INDEX events_by_time ON events.events (create_time);

-- How far retention has purged: a position at or below it is gone (OUT_OF_RANGE).
CREATE TABLE events.horizon (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  purged_through bigint NOT NULL
);
INSERT INTO events.horizon (purged_through) VALUES (0);
