-- The intake service's own tables. Only the intake service writes this schema.
CREATE SCHEMA intake;

-- Hiring companies. The descriptive fields live in `body` (the Client message as proto
-- JSON, without name, timestamps and etag); columns hold what queries need.
CREATE TABLE intake.clients (
  id text PRIMARY KEY,
  -- Insertion order: the stable list order and the page cursor.
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  body jsonb NOT NULL,
  -- Bumped by every update; the etag is derived from it.
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now()
);

-- Openings at a client.
CREATE TABLE intake.roles (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  client_id text NOT NULL REFERENCES intake.clients (id),
  state text NOT NULL CHECK (state IN ('OPEN', 'ON_HOLD', 'FILLED', 'CANCELLED')),
  kind text NOT NULL,
  body jsonb NOT NULL,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX roles_by_client ON intake.roles (client_id, seq);
CREATE INDEX roles_by_state ON intake.roles (state, seq);

-- Create requests already served, so that a retry with the same request_id returns the
-- first result instead of creating a second resource.
CREATE TABLE intake.create_requests (
  method text NOT NULL,
  request_id text NOT NULL,
  -- SHA-256 of the request, to reject the same id reused for a different request.
  request_hash text NOT NULL,
  resource_name text NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (method, request_id)
);
