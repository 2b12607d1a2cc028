-- Webhook subscriptions and their delivery log (issue 11). A subscription is a cursor over the
-- event feed: the delivery worker sends the next event after delivered_position that the
-- subscription selects, and moves the cursor only when the endpoint answered 2xx, so the
-- deliveries to one subscription are in order and none is skipped.
CREATE TABLE events.webhook_subscriptions (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  -- "agencies/{agency}" for a PARTNER's subscription, else the key that made it.
  owner text NOT NULL,
  -- The agency whose events it receives (a PARTNER's), '' for every event.
  tenant text NOT NULL DEFAULT '',
  -- The key that made it, so that a partner's own moves keep their actor.
  creator text NOT NULL,
  target_url text NOT NULL,
  event_types jsonb NOT NULL DEFAULT '[]'::jsonb,
  state text NOT NULL CHECK (state IN ('ACTIVE', 'PAUSED', 'DISABLED')),
  -- Random, not secret: the signing secret is HMAC(signing key, id, salt), never stored.
  salt text NOT NULL,
  delivered_position bigint NOT NULL,
  -- Retries: when the first failed attempt at the current event was, how many there were,
  -- and when the next one is due.
  failing_since timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_time timestamptz NOT NULL DEFAULT now(),
  last_error text NOT NULL DEFAULT '',
  -- A delivery worker's claim on the subscription (one sender at a time keeps the order).
  lease_until timestamptz,
  version bigint NOT NULL DEFAULT 1,
  create_time timestamptz NOT NULL DEFAULT now(),
  update_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscriptions_due ON events.webhook_subscriptions (next_attempt_time)
  WHERE state = 'ACTIVE';

CREATE TABLE events.webhook_deliveries (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription_id text NOT NULL REFERENCES events.webhook_subscriptions (id) ON DELETE CASCADE,
  event_id text NOT NULL,
  event_type text NOT NULL,
  position bigint NOT NULL,
  status_code integer NOT NULL,
  error text NOT NULL,
  latency_ms double precision NOT NULL,
  delivered boolean NOT NULL,
  redelivery boolean NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_by_subscription ON events.webhook_deliveries (subscription_id, seq);

-- RedeliverEvent's queue: one more attempt at an event, outside the cursor.
CREATE TABLE events.webhook_redeliveries (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscription_id text NOT NULL REFERENCES events.webhook_subscriptions (id) ON DELETE CASCADE,
  position bigint NOT NULL
);
