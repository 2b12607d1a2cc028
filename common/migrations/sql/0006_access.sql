-- Who may call Meridian (issue 10): partner agencies, API keys, the audit log of every change,
-- and the requests already served for safe retries. Every service reads the keys (each call
-- is authenticated against this table, cached for a few seconds); the intake service's
-- AccessService writes agencies and keys; every service writes audit records and served
-- requests in the same transaction as the change they describe.
CREATE SCHEMA access;

CREATE TABLE access.agencies (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id text PRIMARY KEY,
  display_name text NOT NULL,
  state text NOT NULL CHECK (state IN ('ACTIVE', 'DISABLED')),
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX agencies_display_name ON access.agencies (lower(display_name));

CREATE TABLE access.api_keys (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id text PRIMARY KEY,
  -- SHA-256 of the key, hex: the key itself is never stored.
  key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  display_name text NOT NULL,
  role text NOT NULL
    CHECK (role IN ('ADMIN', 'RECRUITER', 'PARTNER', 'TALENT_SERVICE', 'PLACEMENT_SERVICE')),
  agency_id text REFERENCES access.agencies (id),
  -- "apiKeys/{key}" of the key that created this one; '' for a bootstrap key.
  creator text NOT NULL DEFAULT '',
  create_time timestamptz NOT NULL DEFAULT now(),
  last_use_time timestamptz,
  expire_time timestamptz,
  revoke_time timestamptz,
  -- The key's own token bucket; NULL means its role's default.
  rate_per_second double precision,
  rate_burst integer,
  CHECK ((role = 'PARTNER') = (agency_id IS NOT NULL)),
  CHECK ((rate_per_second IS NULL) = (rate_burst IS NULL))
);
CREATE INDEX api_keys_agency ON access.api_keys (agency_id);

-- One row per committed change made through the API (and per change refused for the caller's
-- role). No personal data: names of resources and keys only.
CREATE TABLE access.audit_records (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  principal text NOT NULL,
  role text NOT NULL,
  agency text NOT NULL DEFAULT '',
  on_behalf_of text NOT NULL DEFAULT '',
  method text NOT NULL,
  resource text NOT NULL DEFAULT '',
  request_id text NOT NULL DEFAULT '',
  create_time timestamptz NOT NULL DEFAULT now(),
  outcome text NOT NULL
);
CREATE INDEX audit_records_principal ON access.audit_records (principal, seq);
CREATE INDEX audit_records_resource ON access.audit_records (resource, seq);
CREATE INDEX audit_records_time ON access.audit_records (create_time);

-- Requests already served, for safe retries (AIP-155): a retry with the same request_id from
-- the same principal gets the first response back. Kept for a configurable time (24 h by
-- default), then purged.
CREATE TABLE access.served_requests (
  principal text NOT NULL,
  method text NOT NULL,
  request_id text NOT NULL,
  -- SHA-256 of the request without its request_id: the same id for another request is refused.
  request_hash text NOT NULL,
  -- The resource the request created or changed, to purge its records when a person is erased.
  resource text NOT NULL DEFAULT '',
  -- The serialised response, as the first attempt returned it (secrets removed).
  response bytea NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, method, request_id)
);
CREATE INDEX served_requests_time ON access.served_requests (create_time);
CREATE INDEX served_requests_resource ON access.served_requests (resource);

-- Served requests moved to access.served_requests, scoped to the principal; the old
-- per-schema records had no principal and are no longer read.
DROP TABLE intake.create_requests;
DROP TABLE talent.create_requests;
DROP TABLE placement.create_requests;
