-- 两级监察 (issue 16; seeds/002 §四(四): a department supervises its own approvals and corrects what is wrong, the
-- city bureau re-examines how departments handled it and investigates again what was handled badly; seeds/000
-- 责任追究). How a supervision event is handled, step by step: explanation requested (说明), explained, correction
-- recorded (纠正), closed with a receipt (回告), re-examined by the bureau (再监察: upheld or reopened), accountability
-- recorded (责任追究). The steps are append-only (seeds/000 电子签章: no one deletes or alters a filed record); the
-- event's handling state is kept beside it, moved in the same transaction as each step.
alter table supervision_events add column handling text not null default 'open'
  check (handling in ('open', 'explanationRequested', 'explained', 'corrected', 'closed', 'reopened', 'upheld'));
alter table supervision_events add column handling_steps int not null default 0;
create index supervision_events_handling on supervision_events (handling, id desc);

create table supervision_steps (
  id         bigint generated always as identity primary key,
  event_id   bigint not null references supervision_events (id),
  seq        int not null,
  kind       text not null check (kind in ('explanationRequested', 'explained', 'corrected', 'closed', 'reexamined', 'accountability')),
  actor_id   uuid not null references users (id),
  actor_name text not null,
  -- What the step says: the question, addressee and deadline; the explanation; the correction; the receipt; the
  -- bureau's verdict and findings; the persons, grounds and measure.
  detail     jsonb not null,
  at         timestamptz not null,
  unique (event_id, seq)
);
create trigger supervision_steps_no_update before update or delete on supervision_steps
  for each row execute function refuse_change();
