-- The talent service's own tables. Only the talent service writes this schema.
CREATE SCHEMA talent;

-- The pool. Descriptive fields, personal data included, live in `body` (the Candidate
-- message as proto JSON, without name, timestamps and etag); columns hold what queries and
-- uniqueness need. An erased candidate keeps its row (history still adds up) with every
-- personal field gone: body '{}', no email or phone key.
CREATE TABLE talent.candidates (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  state text NOT NULL CHECK (state IN ('AVAILABLE', 'INTERVIEWING', 'PLACED', 'INACTIVE')),
  -- lower(trim(email)); unique while set.
  email_key text,
  -- The phone's digits; unique while set.
  phone_key text,
  country text,
  body jsonb NOT NULL,
  erased boolean NOT NULL DEFAULT false,
  erase_time timestamptz,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT erased OR (email_key IS NULL AND phone_key IS NULL AND body = '{}'::jsonb))
);
CREATE UNIQUE INDEX candidates_email ON talent.candidates (email_key) WHERE email_key IS NOT NULL;
CREATE UNIQUE INDEX candidates_phone ON talent.candidates (phone_key) WHERE phone_key IS NOT NULL;
CREATE INDEX candidates_by_state ON talent.candidates (state, seq) WHERE NOT erased;
CREATE INDEX candidates_skills ON talent.candidates USING gin ((body -> 'skills') jsonb_path_ops);

-- The change feed the in-memory search index follows: one row per committed change to a
-- candidate, written in the same transaction as the change. Writers take a transaction
-- lock before inserting here, so `seq` order is commit order and the follower never skips
-- a change that committed late.
CREATE TABLE talent.candidate_changes (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  candidate_id text NOT NULL,
  change_time timestamptz NOT NULL DEFAULT now()
);

-- Candidates put forward for intake roles (referenced by name; intake owns the roles).
CREATE TABLE talent.submissions (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  client_id text NOT NULL,
  role_id text NOT NULL,
  candidate_id text NOT NULL REFERENCES talent.candidates (id),
  stage text NOT NULL CHECK (stage IN ('SOURCED', 'SHORTLISTED', 'CLIENT_INTERVIEW', 'OFFER',
                                       'HIRED', 'REJECTED', 'WITHDRAWN')),
  is_open boolean GENERATED ALWAYS AS (stage NOT IN ('HIRED', 'REJECTED', 'WITHDRAWN')) STORED,
  body jsonb NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now()
);
-- One open submission per candidate and role.
CREATE UNIQUE INDEX submissions_one_open ON talent.submissions (role_id, candidate_id)
  WHERE is_open;
CREATE INDEX submissions_by_role ON talent.submissions (client_id, role_id, seq);
CREATE INDEX submissions_by_candidate ON talent.submissions (candidate_id, seq);

-- Create requests already served (see intake.create_requests).
CREATE TABLE talent.create_requests (
  method text NOT NULL,
  request_id text NOT NULL,
  request_hash text NOT NULL,
  resource_name text NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (method, request_id)
);
