-- The runtime's database role (issue 17, security-audit §1.5; seeds 000 “任何单位和个人不得擅自删除、修改已归档的电子
-- 记录”). Migrations run as the tables' owner (DATABASE_OWNER_URL); the runtime serves as a login role that is a
-- member of the group role `banshi_runtime` (DATABASE_URL), which owns nothing. Only an owner (or a superuser) may
-- ALTER, DROP or TRUNCATE a table or disable its triggers, so the runtime can do none of these; TRUNCATE and TRIGGER
-- are simply never granted. The audit log and the case events are append-only for it: INSERT and SELECT, no UPDATE
-- or DELETE (the triggers of 001 refuse those anyway; the grants make the refusal the database's own, even with the
-- triggers disabled). Supervision steps (018) are append-only the same way.
--
-- The trigger functions (the hash chains of 021, the append-only and frozen checks) run as the role that fires
-- them: they only read the tables they guard and refuse, so none needs SECURITY DEFINER.
--
-- Roles belong to the whole cluster, not to one database: the role may already exist (made by the operator, or by
-- another database of the same cluster migrating at the same moment, as parallel tests do). The login role is the
-- operator's (README: “生产环境的数据库角色”): `create role banshi_app login password '…' in role banshi_runtime`.
--
-- Later migrations' tables are granted by the default privileges below, provided the same owner runs them; a
-- later table that must be append-only revokes UPDATE and DELETE from banshi_runtime itself (023, 026, 028 do).

do $$ begin
  if not exists (select 1 from pg_roles where rolname = 'banshi_runtime') then
    begin
      create role banshi_runtime nologin;
    exception
      -- Another database of the cluster made it between the check and here.
      when duplicate_object or unique_violation then null;
      when insufficient_privilege then
        raise exception 'role banshi_runtime is missing and % may not create roles: create it once as a superuser (create role banshi_runtime nologin), then migrate again', current_user;
    end;
  end if;
end $$;

-- Signed checkpoints of the chains' heads (platform/integrity/checkpoints.ts). The checkpoint itself is the signed
-- line in the files outside the database (<data dir>/checkpoints/YYYY-MM.jsonl); these rows are a convenience: when
-- and what was written, and each case's head as last written, from which the next checkpoint lists what changed.
create table integrity_checkpoints (
  id              bigserial primary key,
  at              timestamptz not null,
  file            text not null,
  audit_chain_seq bigint,
  audit_hash      text,
  cases           int not null,
  cases_digest    text not null,
  -- Heads listed in the line: every case's when it opens its month's file, else the ones that changed.
  heads           int not null,
  base            boolean not null,
  line            text not null
);
create index integrity_checkpoints_at on integrity_checkpoints (at desc);

create table integrity_checkpoint_heads (
  case_id  uuid primary key,
  seq      int not null,
  row_hash text not null
);

grant usage on schema public to banshi_runtime;
grant select, insert, update, delete on all tables in schema public to banshi_runtime;
revoke update, delete on audit_log, case_events, supervision_steps, integrity_checkpoints from banshi_runtime;
-- The schema's history is the migrations' business: the runtime reads which version it has, nothing more.
revoke insert, update, delete on schema_migrations from banshi_runtime;
grant usage, select on all sequences in schema public to banshi_runtime;

alter default privileges in schema public grant select, insert, update, delete on tables to banshi_runtime;
alter default privileges in schema public grant usage, select on sequences to banshi_runtime;
