-- Webhooks for other systems (issue 16, 数据共享): an exchange account subscribes a URL to kinds of feed items; the
-- worker follows the feed (the same items, scrubbed as the feed scrubs them) and POSTs each matching item, signed
-- with the subscription's secret, retrying with backoff. A table of its own rather than an outbox channel: a
-- delivery needs the receiver's status code, a 4xx that stops at once, its own backoff and one log row per attempt.
create table webhook_subscriptions (
  id          uuid primary key,
  owner_id    uuid not null references users (id),
  url         text not null,
  -- Feed item types (`Submitted`, `supervision.redCard`, …) or `case.*` / `supervision.*`.
  kinds       jsonb not null,
  -- Kept as is: HMAC needs it to sign. Shown once, when the subscription is made; never read back through the API.
  secret      text not null,
  active      boolean not null default true,
  -- The feed position the subscription starts after (items committed before it was made are not sent).
  start_xid   bigint not null,
  created_at  timestamptz not null,
  disabled_at timestamptz
);
create index webhook_subscriptions_owner on webhook_subscriptions (owner_id, created_at desc);

-- How far the worker has followed the feed for webhooks: one row.
create table webhook_feed_cursor (
  singleton boolean primary key default true check (singleton),
  xid       bigint not null,
  source    int not null,
  id        bigint not null
);
insert into webhook_feed_cursor (xid, source, id) values (0, 0, 0);

-- One feed item for one subscription: the delivery log.
create table webhook_deliveries (
  id              uuid primary key,
  subscription_id uuid not null references webhook_subscriptions (id),
  position        text not null,
  item_type       text not null,
  case_id         uuid,
  body            text not null,
  status          text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts        int not null default 0,
  last_status     int,
  last_error      text,
  next_attempt_at timestamptz not null,
  delivered_at    timestamptz,
  lease_owner     text,
  lease_until     timestamptz,
  created_at      timestamptz not null,
  unique (subscription_id, position)
);
create index webhook_deliveries_pending on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_subscription on webhook_deliveries (subscription_id, created_at desc);

-- Every attempt of a delivery, as the receiver answered it (or why it could not be reached).
create table webhook_attempts (
  delivery_id uuid not null references webhook_deliveries (id),
  attempt     int not null,
  at          timestamptz not null,
  status_code int,
  error       text,
  duration_ms int not null,
  primary key (delivery_id, attempt)
);
