-- The placement service's own tables. Only the placement service writes this schema.
CREATE SCHEMA placement;

-- Hires being followed up. Descriptive fields (cadence, trial end, end reason and note, the
-- replacement's progress) live in `body` as proto JSON; columns hold what queries need.
CREATE TABLE placement.placements (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  -- One placement per submission.
  submission text NOT NULL UNIQUE,
  client_id text NOT NULL,
  role_id text NOT NULL,
  candidate_id text NOT NULL,
  state text NOT NULL CHECK (state IN ('ACTIVE', 'ENDED')),
  -- The client's zone, where check-ins are scheduled.
  time_zone text NOT NULL,
  start_date date NOT NULL,
  guarantee_end date NOT NULL,
  end_time timestamptz,
  body jsonb NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX placements_by_client ON placement.placements (client_id, seq);
CREATE INDEX placements_active_by_role ON placement.placements (role_id) WHERE state = 'ACTIVE';

-- Scheduled conversations; `ordinal` is the check-in's place in the cadence.
CREATE TABLE placement.check_ins (
  id text PRIMARY KEY,
  placement_id text NOT NULL REFERENCES placement.placements (id),
  ordinal integer NOT NULL,
  due_time timestamptz NOT NULL,
  completed_time timestamptz,
  body jsonb NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now(),
  UNIQUE (placement_id, ordinal)
);
CREATE INDEX check_ins_agenda ON placement.check_ins (due_time, id) WHERE completed_time IS NULL;
CREATE INDEX check_ins_by_placement ON placement.check_ins (placement_id, due_time, id);

-- Durable follow-up work that spans services (release the candidate, reopen the role, build a
-- replacement shortlist, mark a role filled), committed in the same transaction as the change
-- that needs it and run with retries until done. `steps` records the steps finished.
CREATE TABLE placement.tasks (
  id text PRIMARY KEY,
  placement_id text NOT NULL REFERENCES placement.placements (id),
  kind text NOT NULL CHECK (kind IN ('FILL_ROLE', 'END_PLACEMENT')),
  state text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DONE', 'FAILED')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_time timestamptz NOT NULL DEFAULT now(),
  last_error text NOT NULL DEFAULT '',
  steps jsonb NOT NULL DEFAULT '{}'::jsonb,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_due ON placement.tasks (next_attempt_time) WHERE state = 'PENDING';

-- Create requests already served (see intake.create_requests).
CREATE TABLE placement.create_requests (
  method text NOT NULL,
  request_id text NOT NULL,
  request_hash text NOT NULL,
  resource_name text NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (method, request_id)
);
