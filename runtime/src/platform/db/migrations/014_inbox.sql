-- The staff inbox ("my work", issue 15).

-- What each open case waits for: one row per post (department, role; '' = any post of the department) that may
-- give the case's next command under the authority rule (cases/engine/authority.ts), rewritten by the case store in
-- the same statement as every move. A co-approver's row is its pending answer. The sort keys are the due instants
-- ('infinity' when none runs, or while paused) so a page is a range scan of the post's index in inbox order.
create table case_waits (
  case_id      uuid not null,
  department   text not null,
  role         text not null default '',
  co_approval  boolean not null default false,
  step_label   text not null,
  step_due     timestamptz not null default 'infinity',
  promised_due timestamptz not null default 'infinity',
  legal_due    timestamptz not null default 'infinity',
  matter_code  text not null,
  status       text not null,
  channel      text not null,
  -- 0 none, 1 warning (预警), 2 yellow card, 3 red card: the highest raised on the case.
  level        smallint not null default 0,
  paused       text check (paused in ('correction', 'specialProcedure'))
);
create index case_waits_post on case_waits (department, role, step_due, promised_due, legal_due, case_id);
create index case_waits_case on case_waits (case_id);

-- Filters a member of staff saved under a name: their own, or shared with their department.
create table inbox_views (
  id         uuid primary key,
  owner_id   uuid not null,
  department text not null,
  name       text not null,
  shared     boolean not null,
  filters    jsonb not null,
  created_at timestamptz not null
);
create index inbox_views_department on inbox_views (department, created_at);
create unique index inbox_views_name on inbox_views (owner_id, name);
