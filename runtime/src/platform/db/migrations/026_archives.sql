-- Archive packages and archived immutability (issue 17; seeds 000 “任何单位和个人不得擅自删除、修改已归档的电子记录”,
-- 001 第二十二条 “办结后……自动归档”). A closed case (办结 completed, 不予受理 refused, 撤回 withdrawn) gets one archive
-- package: its files and a manifest in the blob store, and one row here naming the manifest by its SHA-256 (the blob
-- key) and its SM3 digest, with the department's seal over the manifest's bytes. Then the case is archived.
--
-- From then on the database itself refuses, for every role (the runtime's included), to:
--   * update or delete the case's `cases` row (one exception: a department renamed in 机构改革 moves the column
--     `department` of every case, archived ones too, and nothing else of the row: that column is where queues and
--     access look the department up; the package, the events and the state keep the name the case was decided
--     under);
--   * insert a `case_events` row for it (update and delete were refused since 001);
--   * insert, change or delete a `files` row of it (its uploaded materials);
--   * change or delete an `archives` row (also revoked from banshi_runtime below).
-- Only the tables' owner (migrations) can step round this, and only by disabling a trigger, which the runtime role
-- cannot do (it owns no table; migration 022). A later migration that backfills a column of `cases` or `files` with
-- an UPDATE must therefore either leave archived rows alone (`where status <> 'archived'`) or wrap the backfill in
-- `alter table cases disable trigger cases_archived_frozen; … ; alter table cases enable trigger cases_archived_frozen;`
-- (and likewise `files_archived_frozen`) inside its own transaction, and say why. `alter table … add column … default`
-- fires no row trigger and needs neither.

create table archives (
  case_id         uuid primary key references cases (case_id),
  case_number     text not null unique,
  department      text not null,
  -- The manifest's bytes in the blob store, by their SHA-256 (the blob store's key).
  manifest_blob   text not null check (manifest_blob ~ '^[0-9a-f]{64}$'),
  -- SM3 of the manifest's bytes (hex): what the seal covers.
  manifest_digest text not null check (manifest_digest ~ '^[0-9a-f]{64}$'),
  manifest_size   bigint not null,
  files           int not null,
  -- The seal (platform/seal: keyId, department, algorithm, digest, signature) over the manifest's bytes.
  seal            jsonb not null,
  -- The layout the package follows (see runtime/src/archives/manifest.ts).
  standard        text not null,
  created_at      timestamptz not null
);
create index archives_department on archives (department, created_at desc);
-- What the worker's archive chore looks for on every pass: closed cases not yet archived, oldest first.
create index cases_closed on cases (updated_at, case_id) where status in ('completed', 'refused', 'withdrawn');

create function archived_refusal(case_number text, what text) returns void language plpgsql as $$
begin
  raise exception '办件 % 已归档，%（已归档的电子记录不得删除、修改）', case_number, what
    using errcode = '55000', hint = 'archived';
end $$;

create function archives_frozen() returns trigger language plpgsql as $$
begin
  perform archived_refusal(old.case_number, '档案包不能修改或删除');
  return null;
end $$;
create trigger archives_frozen before update or delete on archives for each row execute function archives_frozen();

create function cases_archived_frozen() returns trigger language plpgsql as $$
begin
  if old.status <> 'archived' then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  if tg_op = 'UPDATE' and new.department is distinct from old.department
     and to_jsonb(new) - 'department' = to_jsonb(old) - 'department' then
    return new;
  end if;
  perform archived_refusal(old.case_number, case when tg_op = 'DELETE' then '不能删除' else '不能修改' end);
  return null;
end $$;
create trigger cases_archived_frozen before update or delete on cases for each row execute function cases_archived_frozen();

-- Two tests, so neither depends on the order a statement writes its parts in: an Archived event already among the
-- case's events (the event history is the truth), or the projection archived and this event not the archiving one.
create function case_events_archived_frozen() returns trigger language plpgsql as $$
declare
  number text;
begin
  select c.case_number into number from cases c
   where c.case_id = new.case_id
     and (c.status = 'archived' and new.type <> 'Archived'
          or exists (select 1 from case_events e where e.case_id = new.case_id and e.type = 'Archived'));
  if found then
    perform archived_refusal(number, '不能再记录新的办理事项');
  end if;
  return new;
end $$;
create trigger case_events_archived_frozen before insert on case_events
  for each row execute function case_events_archived_frozen();

create function files_archived_frozen() returns trigger language plpgsql as $$
declare
  number text;
begin
  select c.case_number into number from cases c
   where c.status = 'archived'
     and (tg_op <> 'INSERT' and c.case_id = old.case_id or tg_op <> 'DELETE' and c.case_id = new.case_id)
   limit 1;
  if found then
    perform archived_refusal(number, '其材料文件不能增加、修改或删除');
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger files_archived_frozen before insert or update or delete on files
  for each row execute function files_archived_frozen();

do $$ begin
  if exists (select 1 from pg_roles where rolname = 'banshi_runtime') then
    revoke update, delete, truncate on archives from banshi_runtime;
  end if;
end $$;
