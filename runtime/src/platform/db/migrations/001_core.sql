-- Banshi core schema: definitions, cases as events, timers, supervision, outbox, people, audit, files.
-- Every case-scoped table carries case_id, so the data can later be distributed by it.

-- The catalogue outside matters: departments, regions, calendars and supervision defaults, versioned.
create table catalog_versions (
  version      int primary key,
  catalog      jsonb not null,
  -- The catalogue's source files other than matters (departments, calendars, supervision), by path: drafts
  -- are checked against them.
  sources      jsonb not null default '{}',
  published_at timestamptz not null default now()
);

-- Every version of every matter: drafts, submitted for approval, approved, published, superseded.
create table matter_versions (
  code         text not null,
  version      int not null,
  state        text not null check (state in ('draft', 'submitted', 'approved', 'rejected', 'published', 'superseded')),
  department   text not null,
  name         text not null,
  -- The matter's file as written (path relative to the catalogue folder, and text).
  path         text not null,
  source       text not null,
  definition   jsonb,
  author_id    uuid,
  note         text not null default '',
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  published_at timestamptz,
  primary key (code, version)
);
create unique index matter_versions_one_published on matter_versions (code) where state = 'published';

-- Approval by the department head, and filing with the reform office.
create table matter_approvals (
  id          bigint generated always as identity primary key,
  code        text not null,
  version     int not null,
  actor_id    uuid not null,
  decision    text not null check (decision in ('submit', 'approve', 'reject', 'file', 'publish')),
  comment     text not null default '',
  at          timestamptz not null default now(),
  foreign key (code, version) references matter_versions (code, version)
);

create table users (
  id            uuid primary key,
  kind          text not null check (kind in ('person', 'organisation', 'staff')),
  login         text not null unique,
  password_hash text not null,
  name          text not null,
  id_number     text unique,
  credit_code   text unique,
  contact_name  text,
  phone         text,
  email         text,
  department    text,
  roles         jsonb not null default '[]',
  duties        jsonb not null default '[]',
  good_record   boolean not null default false,
  created_at    timestamptz not null default now(),
  disabled_at   timestamptz
);

create table sessions (
  id_hash     text primary key,
  user_id     uuid not null references users (id),
  csrf_token  text not null,
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  revoked_at  timestamptz
);
create index sessions_user on sessions (user_id);

-- Failed logins, for rate limiting across processes.
create table login_failures (
  id     bigint generated always as identity primary key,
  login  text not null,
  ip     text not null,
  at     timestamptz not null default now()
);
create index login_failures_login_at on login_failures (login, at);
create index login_failures_ip_at on login_failures (ip, at);

create sequence case_number_seq;

-- The projection of each case: what queries read. The truth is case_events.
create table cases (
  case_id        uuid primary key,
  case_number    text not null unique,
  matter_code    text not null,
  matter_version int not null,
  applicant_id   uuid not null,
  department     text not null,
  status         text not null,
  state          jsonb not null,
  version        int not null,
  received_at    timestamptz not null,
  updated_at     timestamptz not null,
  legal_deadline timestamptz,
  promised_deadline timestamptz
);
create index cases_applicant on cases (applicant_id, received_at desc);
create index cases_department_status on cases (department, status);

-- Departments that may see a case: the lead, co-approvers, a lower level's first review, joint inspections.
create table case_departments (
  case_id    uuid not null references cases (case_id),
  department text not null,
  part       text not null check (part in ('lead', 'coApprover', 'firstReview', 'joint')),
  primary key (case_id, department)
);
create index case_departments_department on case_departments (department);

-- Append-only, one row per event; (case_id, seq) unique is the optimistic-concurrency check.
create table case_events (
  case_id  uuid not null,
  seq      int not null,
  type     text not null,
  payload  jsonb not null,
  at       timestamptz not null,
  actor_id text,
  recorded_at timestamptz not null default now(),
  global_id bigint generated always as identity,
  primary key (case_id, seq)
);
create index case_events_global on case_events (global_id);

-- Due work for the worker: deemed acceptance, supervision, consultation and complaint deadlines, no-shows.
-- subject_id is the case id for case timers (case_id set), or the consultation, complaint, appointment.
create table timers (
  subject_id  uuid not null,
  key         text not null,
  case_id     uuid,
  kind        text not null,
  due_at      timestamptz not null,
  payload     jsonb not null default '{}',
  fired_at    timestamptz,
  fired_by    text,
  fire_count  int not null default 0,
  cancelled_at timestamptz,
  -- A worker's claim: it fires the timer before the lease ends, or another worker may take it.
  lease_owner text,
  lease_until timestamptz,
  primary key (subject_id, key)
);
create index timers_due on timers (due_at) where fired_at is null and cancelled_at is null;

-- Warnings, cards and anomalies: once per subject, rule and deadline.
create table supervision_events (
  id          bigint generated always as identity primary key,
  subject_id  uuid not null,
  key         text not null,
  case_id     uuid,
  rule        text not null,
  level       text not null check (level in ('warning', 'yellowCard', 'redCard', 'anomaly')),
  department  text not null,
  record      jsonb not null,
  at          timestamptz not null,
  unique (subject_id, key)
);
create index supervision_events_department on supervision_events (department, at desc);

-- Notifications and data exchange, written in the same transaction as what caused them.
create table outbox (
  id              bigint generated always as identity primary key,
  case_id         uuid,
  channel         text not null check (channel in ('inbox', 'email', 'sms', 'feed')),
  recipient       text not null,
  subject         text not null,
  body            text not null,
  payload         jsonb not null default '{}',
  status          text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts        int not null default 0,
  next_attempt_at timestamptz not null default now(),
  sent_at         timestamptz,
  last_error      text,
  lease_owner     text,
  lease_until     timestamptz,
  created_at      timestamptz not null default now()
);
create index outbox_pending on outbox (next_attempt_at) where status = 'pending';

-- The in-app inbox: every notification lands here.
create table inbox_messages (
  id         bigint generated always as identity primary key,
  user_id    uuid not null,
  case_id    uuid,
  title      text not null,
  body       text not null,
  created_at timestamptz not null default now(),
  read_at    timestamptz
);
create index inbox_user on inbox_messages (user_id, id desc);

-- A retried request with the same key returns the first answer and does nothing again.
create table idempotency_keys (
  user_id    uuid not null,
  key        text not null,
  request    text not null,
  status     int not null,
  response   jsonb not null,
  case_id    uuid,
  created_at timestamptz not null default now(),
  primary key (user_id, key)
);

create table audit_log (
  id         bigint generated always as identity primary key,
  at         timestamptz not null default now(),
  actor_id   uuid,
  actor_kind text not null,
  action     text not null,
  case_id    uuid,
  target     text,
  outcome    text not null check (outcome in ('ok', 'denied', 'rejected', 'error')),
  ip         text,
  detail     jsonb not null default '{}'
);
create index audit_log_case on audit_log (case_id, id);
create index audit_log_actor on audit_log (actor_id, id);

create function refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = '42501';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function refuse_change();
create trigger case_events_no_update before update or delete on case_events
  for each row execute function refuse_change();

-- Uploaded files: metadata here, content in the blob store by its SHA-256.
create table files (
  id          uuid primary key,
  owner_id    uuid not null,
  case_id     uuid,
  material    text,
  name        text not null,
  media_type  text not null,
  size        bigint not null,
  sha256      text not null,
  pages       int,
  created_at  timestamptz not null default now()
);
create index files_owner on files (owner_id, created_at desc);
create index files_case on files (case_id);
