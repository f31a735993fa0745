-- The online-service blacklist (网上办事黑名单): what an applicant did that counts against them (grounds), the
-- restrictions decided on those grounds (each one a decision the applicant is notified of and may appeal), and the
-- appeals. Only new tables: nothing of the previous schema changes.

-- One row per thing that counts: false materials found in a case, a missed appointment, a complaint found untrue.
-- The subject (case, appointment, complaint) counts once per kind. restriction_id is set when a restriction was
-- decided on this ground: a ground counts towards one restriction only.
create table restriction_grounds (
  id             uuid primary key,
  user_id        uuid not null,
  kind           text not null check (kind in ('falseMaterials', 'noShow', 'falseComplaint')),
  subject_id     uuid not null,
  case_id        uuid,
  department     text,
  -- What the department found (false materials), with the materials named.
  reason         text,
  materials      jsonb not null default '[]',
  recorded_by    uuid,
  occurred_at    timestamptz not null,
  recorded_at    timestamptz not null,
  restriction_id uuid,
  unique (kind, subject_id)
);
create index restriction_grounds_user on restriction_grounds (user_id, kind, occurred_at desc) where restriction_id is null;
create index restriction_grounds_restriction on restriction_grounds (restriction_id);

-- A decision to restrict an applicant from applying online, from started_at until ends_at unless lifted on appeal.
-- summary is the sentence the applicant reads (kept here so refusing an application is one indexed read).
create table restrictions (
  id          uuid primary key,
  user_id     uuid not null,
  ground      text not null check (ground in ('falseMaterials', 'noShow', 'falseComplaint')),
  summary     text not null,
  started_at  timestamptz not null,
  ends_at     timestamptz not null,
  appeal_by   timestamptz not null,
  lifted_at   timestamptz,
  lifted_by   uuid,
  lift_reason text
);
create index restrictions_in_force on restrictions (user_id, ends_at) where lifted_at is null;
create index restrictions_user on restrictions (user_id, started_at desc);

-- One appeal per restriction, decided by the reform office or the supervision bureau: lifted or upheld, with reasons.
create table restriction_appeals (
  id             uuid primary key,
  restriction_id uuid not null unique references restrictions (id),
  user_id        uuid not null,
  reason         text not null,
  status         text not null default 'pending' check (status in ('pending', 'lifted', 'upheld')),
  decision       text,
  decided_by     uuid,
  created_at     timestamptz not null,
  decided_at     timestamptz
);
create index restriction_appeals_status on restriction_appeals (status, created_at desc);

-- No-shows recorded before this version count as grounds too (nobody is restricted by the migration itself: a
-- restriction is decided, and notified, when the next ground is recorded).
insert into restriction_grounds (id, user_id, kind, subject_id, occurred_at, recorded_at)
select gen_random_uuid(), a.user_id, 'noShow', a.id, a.slot_at, a.updated_at from appointments a where a.status = 'noShow'
on conflict (kind, subject_id) do nothing;
