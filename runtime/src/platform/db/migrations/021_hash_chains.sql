-- Tamper evidence for the audit log and the case events (issue 17, security-audit §1.5): every row carries the
-- hash of its own content and of the row before it, computed here by the database in a BEFORE INSERT trigger, so
-- a row changed, removed or slipped in (by a superuser, with the append-only triggers disabled) breaks the chain
-- and `npm run banshi -- verify` names it.
--
-- Chains. The audit log is one chain, in the order of `chain_seq` (1, 2, 3… with no gap): the trigger takes a
-- transaction-level advisory lock (7017) and reads the last row, so concurrent writers line up for the moment of
-- their insert and commit. Case events form one chain per case, in the order of `seq` (1, 2, 3…, the store's
-- own optimistic-concurrency numbering): the row before is (case_id, seq - 1), read by primary key, so writers of
-- different cases never wait for each other, and two writers of one case are already serialised by the case
-- row's version check. A case's last events are also held to `cases.version` (the number of events it has).
--
-- Canonical content, for an independent verifier. Each field is written as
--   f(x) = '~'                                       when x is NULL
--        | <octets of x in UTF-8, decimal> ':' x      otherwise
-- and a row's content is the concatenation, in this order, of:
--   audit_log:    f('audit_log') f(chain_seq) f(id) f(T(at)) f(actor_id) f(actor_kind) f(action) f(case_id)
--                 f(target) f(outcome) f(ip) f(detail)
--   case_events:  f('case_events') f(case_id) f(seq) f(type) f(payload) f(T(at)) f(actor_id) f(T(recorded_at))
--                 f(global_id)
-- where numbers and uuids are in PostgreSQL's text form (decimal; lower-case hyphenated uuid), jsonb is its text
-- form (`detail::text`, `payload::text`: keys sorted as jsonb keeps them, ", " and ": " separators), and
-- T(t) = to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') (microseconds, whatever the session's
-- time zone). Then
--   prev_hash = the row before's row_hash, or 64 × '0' for the first row of a chain
--   row_hash  = lower-case hex of SHA-256 over the UTF-8 bytes of (prev_hash || content)
-- Columns added to these tables later are not covered unless a later version of this form says so.
-- SHA-256 (built into PostgreSQL ≥ 11 and PGlite) rather than SM3: the issue asks SM3 of archive manifests.

create function integrity_field(v text) returns text language sql immutable as $$
  select case when v is null then '~' else octet_length(convert_to(v, 'UTF8'))::text || ':' || v end
$$;

create function integrity_time(t timestamptz) returns text language sql stable as $$
  select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

create function integrity_hash(prev text, content text) returns text language sql immutable as $$
  select encode(sha256(convert_to(prev || content, 'UTF8')), 'hex')
$$;

alter table audit_log add column chain_seq bigint, add column prev_hash text, add column row_hash text;
alter table case_events add column prev_hash text, add column row_hash text;

create function audit_log_content(r audit_log) returns text language sql stable as $$
  select integrity_field('audit_log') || integrity_field(r.chain_seq::text) || integrity_field(r.id::text)
    || integrity_field(integrity_time(r.at)) || integrity_field(r.actor_id::text) || integrity_field(r.actor_kind)
    || integrity_field(r.action) || integrity_field(r.case_id::text) || integrity_field(r.target)
    || integrity_field(r.outcome) || integrity_field(r.ip) || integrity_field(r.detail::text)
$$;

create function case_events_content(r case_events) returns text language sql stable as $$
  select integrity_field('case_events') || integrity_field(r.case_id::text) || integrity_field(r.seq::text)
    || integrity_field(r.type) || integrity_field(r.payload::text) || integrity_field(integrity_time(r.at))
    || integrity_field(r.actor_id) || integrity_field(integrity_time(r.recorded_at))
    || integrity_field(r.global_id::text)
$$;

-- The rows written before this migration, chained in id order (the audit log) and seq order (each case).
alter table audit_log disable trigger audit_log_no_update;
alter table case_events disable trigger case_events_no_update;

do $$
declare
  r audit_log;
  n bigint := 0;
  prev text := repeat('0', 64);
begin
  for r in select * from audit_log order by id loop
    n := n + 1;
    r.chain_seq := n;
    r.prev_hash := prev;
    r.row_hash := integrity_hash(prev, audit_log_content(r));
    update audit_log set chain_seq = r.chain_seq, prev_hash = r.prev_hash, row_hash = r.row_hash where id = r.id;
    prev := r.row_hash;
  end loop;
end $$;

do $$
declare
  r case_events;
  current_case uuid;
  prev text;
begin
  for r in select * from case_events order by case_id, seq loop
    if current_case is distinct from r.case_id then
      current_case := r.case_id;
      prev := repeat('0', 64);
    end if;
    r.prev_hash := prev;
    r.row_hash := integrity_hash(prev, case_events_content(r));
    update case_events set prev_hash = r.prev_hash, row_hash = r.row_hash where case_id = r.case_id and seq = r.seq;
    prev := r.row_hash;
  end loop;
end $$;

alter table audit_log enable trigger audit_log_no_update;
alter table case_events enable trigger case_events_no_update;

alter table audit_log alter column chain_seq set not null, alter column prev_hash set not null,
  alter column row_hash set not null;
alter table case_events alter column prev_hash set not null, alter column row_hash set not null;
create unique index audit_log_chain_seq on audit_log (chain_seq);

create function audit_log_chain() returns trigger language plpgsql as $$
declare
  last_seq bigint;
  last_hash text;
begin
  -- One chain: writers take turns from here to their commit (released with the transaction).
  perform pg_advisory_xact_lock(7017);
  select chain_seq, row_hash into last_seq, last_hash from audit_log order by chain_seq desc limit 1;
  new.chain_seq := coalesce(last_seq, 0) + 1;
  new.prev_hash := coalesce(last_hash, repeat('0', 64));
  -- audit_log_content and integrity_hash written out: calling the SQL functions per row doubled a command's write.
  new.row_hash := encode(sha256(convert_to(new.prev_hash || '9:audit_log'
    || coalesce(octet_length(convert_to(new.chain_seq::text, 'UTF8'))::text || ':' || new.chain_seq::text, '~')
    || coalesce(octet_length(convert_to(new.id::text, 'UTF8'))::text || ':' || new.id::text, '~')
    || coalesce(octet_length(convert_to(to_char(new.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'UTF8'))::text || ':' || to_char(new.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '~')
    || coalesce(octet_length(convert_to(new.actor_id::text, 'UTF8'))::text || ':' || new.actor_id::text, '~')
    || coalesce(octet_length(convert_to(new.actor_kind, 'UTF8'))::text || ':' || new.actor_kind, '~')
    || coalesce(octet_length(convert_to(new.action, 'UTF8'))::text || ':' || new.action, '~')
    || coalesce(octet_length(convert_to(new.case_id::text, 'UTF8'))::text || ':' || new.case_id::text, '~')
    || coalesce(octet_length(convert_to(new.target, 'UTF8'))::text || ':' || new.target, '~')
    || coalesce(octet_length(convert_to(new.outcome, 'UTF8'))::text || ':' || new.outcome, '~')
    || coalesce(octet_length(convert_to(new.ip, 'UTF8'))::text || ':' || new.ip, '~')
    || coalesce(octet_length(convert_to(new.detail::text, 'UTF8'))::text || ':' || new.detail::text, '~'), 'UTF8')), 'hex');
  return new;
end $$;

create function case_events_chain() returns trigger language plpgsql as $$
declare
  last_hash text;
begin
  if new.seq = 1 then
    last_hash := repeat('0', 64);
  else
    -- Earlier events of the same command are visible here: a volatile trigger sees the rows its statement wrote.
    -- With no event before it (removed, or a history loaded without its start) the event is still written, from
    -- the chain's start: the case keeps working and `verify` names the gap.
    select row_hash into last_hash from case_events where case_id = new.case_id and seq = new.seq - 1;
    last_hash := coalesce(last_hash, repeat('0', 64));
  end if;
  new.prev_hash := last_hash;
  -- case_events_content and integrity_hash written out, as in audit_log_chain.
  new.row_hash := encode(sha256(convert_to(last_hash || '11:case_events'
    || coalesce(octet_length(convert_to(new.case_id::text, 'UTF8'))::text || ':' || new.case_id::text, '~')
    || coalesce(octet_length(convert_to(new.seq::text, 'UTF8'))::text || ':' || new.seq::text, '~')
    || coalesce(octet_length(convert_to(new.type, 'UTF8'))::text || ':' || new.type, '~')
    || coalesce(octet_length(convert_to(new.payload::text, 'UTF8'))::text || ':' || new.payload::text, '~')
    || coalesce(octet_length(convert_to(to_char(new.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'UTF8'))::text || ':' || to_char(new.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '~')
    || coalesce(octet_length(convert_to(new.actor_id, 'UTF8'))::text || ':' || new.actor_id, '~')
    || coalesce(octet_length(convert_to(to_char(new.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'UTF8'))::text || ':' || to_char(new.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '~')
    || coalesce(octet_length(convert_to(new.global_id::text, 'UTF8'))::text || ':' || new.global_id::text, '~'), 'UTF8')), 'hex');
  return new;
end $$;

create trigger audit_log_chain before insert on audit_log for each row execute function audit_log_chain();
create trigger case_events_chain before insert on case_events for each row execute function case_events_chain();
