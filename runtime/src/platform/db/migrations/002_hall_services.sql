-- What the hall offers besides cases: consultations, complaints, appointments for on-site submission and
-- evaluations. Their deadlines run on the same timers and supervision tables as cases.

create table consultations (
  id            uuid primary key,
  user_id       uuid not null,
  matter_code   text,
  department    text not null,
  question      text not null,
  status        text not null default 'open' check (status in ('open', 'answered', 'forwarded')),
  answer        text,
  forwarded_to  text,
  answered_by   uuid,
  created_at    timestamptz not null,
  answer_due    timestamptz not null,
  forward_due   timestamptz not null,
  closed_at     timestamptz
);
create index consultations_department on consultations (department, status);
create index consultations_user on consultations (user_id, created_at desc);

create table complaints (
  id            uuid primary key,
  user_id       uuid not null,
  case_id       uuid,
  department    text not null,
  content       text not null,
  status        text not null default 'open' check (status in ('open', 'accepted', 'refused', 'resolved')),
  reply         text,
  public_summary text,
  handled_by    uuid,
  created_at    timestamptz not null,
  accept_due    timestamptz not null,
  closed_at     timestamptz
);
create index complaints_department on complaints (department, status);
create index complaints_user on complaints (user_id, created_at desc);

create table appointments (
  id          uuid primary key,
  user_id     uuid not null,
  matter_code text not null,
  place       text not null,
  slot_at     timestamptz not null,
  status      text not null default 'booked' check (status in ('booked', 'attended', 'noShow', 'cancelled')),
  created_at  timestamptz not null,
  updated_at  timestamptz not null
);
create index appointments_user on appointments (user_id, slot_at desc);

create table evaluations (
  id          uuid primary key,
  case_id     uuid not null unique,
  user_id     uuid not null,
  department  text not null,
  level       int not null check (level between 1 and 5),
  reason      text,
  created_at  timestamptz not null,
  rectification_due timestamptz,
  rectified_at timestamptz,
  rectification text
);
create index evaluations_department on evaluations (department, created_at desc);
