-- 电子证照库 (issue 17; seeds/001 第二十条): the licences this platform issued, with their own numbers, holder,
-- issuing department, validity, status and history, so a matter that needs one as a material takes it from here
-- (the holder consenting, licence_uses) and other systems read it through the exchange API.
--
-- A licence number is 〈the issuing department's code〉-〈the year of issue〉-〈six-digit sequence〉, e.g.
-- 11350200003650121J-2026-000001 (the department code is its 统一社会信用代码, else the first 18 characters of the
-- matter code, as case numbers take it). The sequence is per department code and year, kept in licence_sequences
-- and advanced by licence_number() inside the statement that writes the case's decision: a rolled-back decision
-- rolls its number back too, and the counter row's lock lines up concurrent issuers, so numbers have no gaps.
create table licence_sequences (
  department_code text not null,
  year            int not null,
  last            int not null,
  primary key (department_code, year)
);

create function licence_number(p_code text, p_year int) returns text language plpgsql as $$
declare
  n int;
begin
  insert into licence_sequences (department_code, year, last) values (p_code, p_year, 1)
    on conflict (department_code, year) do update set last = licence_sequences.last + 1
    returning last into n;
  return p_code || '-' || p_year::text || '-' || lpad(n::text, 6, '0');
end $$;

-- Status as stored: valid (issued), changed (a 变更 case changed it), extended (a 延期 case moved its last day),
-- revoked (撤销/吊销 by its department's staff). 'expired' is never stored: a licence past valid_until (Shanghai
-- date) reads as expired wherever it is read (licences/status.ts), so no chore running late can leave a lapsed
-- licence offered as valid.
create table licences (
  licence_id        uuid primary key,
  number            text not null unique,
  name              text not null,
  holder_id         uuid not null references users (id),
  holder_kind       text not null check (holder_kind in ('person', 'organisation')),
  holder_name       text not null,
  -- The holder's ID number (a person) or unified social credit code (an organisation) when the licence was issued.
  holder_identifier text,
  department        text not null,
  department_code   text not null,
  case_id           uuid not null unique references cases (case_id),
  case_number       text not null,
  matter_code       text not null,
  matter_version    int not null,
  issued_on         date not null,
  valid_until       date,
  -- The licence's own period ({amount, unit}), what each extension adds; null when valid indefinitely.
  validity          jsonb,
  status            text not null check (status in ('valid', 'changed', 'extended', 'revoked')),
  extensions        int not null default 0,
  issued_at         timestamptz not null,
  updated_at        timestamptz not null,
  -- The last change, which the history trigger copies: who, why, through which case.
  changed_by_id     text,
  changed_by_name   text not null,
  change_reason     text not null,
  change_case_id    uuid
);
create index licences_holder on licences (holder_id, issued_at desc);
create index licences_identifier on licences (holder_identifier);

-- Every issue and every change of a licence, written by the trigger below from the row itself: no writer can
-- change a licence without its history line. Append-only.
create table licence_history (
  id              bigint generated always as identity primary key,
  licence_id      uuid not null references licences (licence_id),
  at              timestamptz not null,
  status          text not null,
  previous_status text,
  valid_until     date,
  actor_id        text,
  actor_name      text not null,
  reason          text not null,
  case_id         uuid
);
create index licence_history_licence on licence_history (licence_id, id);

create function licence_history_write() returns trigger language plpgsql as $$
begin
  insert into licence_history (licence_id, at, status, previous_status, valid_until, actor_id, actor_name, reason, case_id)
  values (new.licence_id, new.updated_at, new.status, case when tg_op = 'UPDATE' then old.status end, new.valid_until,
          new.changed_by_id, new.changed_by_name, new.change_reason, new.change_case_id);
  return new;
end $$;
create trigger licences_history after insert or update on licences
  for each row execute function licence_history_write();

-- A held licence used as a material of a case, with the holder's consent (seeds/001 第二十条: not asked for again):
-- who consented, which licence, for which case and matter and material, when. Written in the submission's own
-- statement. purpose 'material' fills a material; 'subject' is the licence a 延期 or 变更 case acts on.
create table licence_uses (
  id           bigint generated always as identity primary key,
  licence_id   uuid not null references licences (licence_id),
  applicant_id uuid not null references users (id),
  case_id      uuid not null references cases (case_id),
  matter_code  text not null,
  material     text not null,
  purpose      text not null check (purpose in ('material', 'subject')),
  consented_at timestamptz not null,
  unique (case_id, material)
);
create index licence_uses_licence on licence_uses (licence_id, id);

-- The last day of a licence valid for `validity` ({amount, unit}) from `start` (its first day), the rule
-- licences/validity.ts states in TypeScript: the day before the same date one period on (2026-10-12 for 6 months
-- runs to 2027-04-11); a period in months or years reaching a month without that date ends on the month's last
-- day instead (民法典 第二百零二条: 没有对应日的，月末日为期间的最后一日; 2024-02-29 for a year runs to
-- 2025-02-28, 2026-01-31 for a month to 2026-02-28). PostgreSQL's date + interval already stops at the month's end.
create function licence_last_day(p_start date, p_validity jsonb) returns date language sql immutable as $$
  select case when p_validity->>'unit' = 'days' then p_start + (p_validity->>'amount')::numeric::int - 1
              when extract(day from t) <> extract(day from p_start) then t
              else t - 1 end
    from (select (p_start + case p_validity->>'unit'
                    when 'years' then make_interval(years => (p_validity->>'amount')::numeric::int)
                    else make_interval(months => (p_validity->>'amount')::numeric::int) end)::date as t) x
$$;

-- The licences of approvals decided before this migration (what the apply page offered from the cases before),
-- numbered per department and year in the order they were decided; the sequences then go on from there.
insert into licences (licence_id, number, name, holder_id, holder_kind, holder_name, holder_identifier, department,
  department_code, case_id, case_number, matter_code, matter_version, issued_on, valid_until, validity, status,
  extensions, issued_at, updated_at, changed_by_id, changed_by_name, change_reason, change_case_id)
select gen_random_uuid(),
       b.code || '-' || b.year::text || '-' ||
         lpad((row_number() over (partition by b.code, b.year order by b.decided_at, b.case_number))::text, 6, '0'),
       b.result->>'name', b.holder_id, b.holder_kind, b.holder_name, b.identifier, b.department, b.code, b.case_id,
       b.case_number, b.matter_code, b.matter_version, b.issued_on,
       case when jsonb_typeof(b.result->'validity') = 'object' then licence_last_day(b.issued_on, b.result->'validity') end,
       case when jsonb_typeof(b.result->'validity') = 'object' then b.result->'validity' end,
       'valid', 0, b.decided_at, b.decided_at, b.actor_id, b.actor_name,
       '“' || b.matter_name || '”批准核发（办件 ' || b.case_number || '，电子证照库建立前核发）', b.case_id
from (
  select c.case_id, c.case_number, c.matter_code, c.matter_version, c.department, mv.name as matter_name,
         mv.definition->'result' as result, u.id as holder_id, u.kind as holder_kind, u.name as holder_name,
         coalesce(u.credit_code, u.id_number) as identifier,
         coalesce(mv.definition->'department'->>'code', left(c.matter_code, 18)) as code,
         d.decided_at, (d.decided_at at time zone 'UTC' + interval '8 hours')::date as issued_on,
         extract(year from (d.decided_at at time zone 'UTC' + interval '8 hours'))::int as year,
         e.payload->'by'->>'id' as actor_id, coalesce(e.payload->'by'->>'name', '系统') as actor_name
  from cases c
  join matter_versions mv on mv.code = c.matter_code and mv.version = c.matter_version
  join users u on u.id = c.applicant_id and u.kind in ('person', 'organisation')
  cross join lateral (select to_timestamp((c.state->'decision'->>'at')::float8 / 1000) as decided_at) d
  left join lateral (select payload from case_events where case_id = c.case_id and type = 'Decided' order by seq desc limit 1) e on true
  where (c.state->'decision'->>'approve')::boolean and c.state->'decision'->'conclusion' is null
    and mv.definition->'result'->>'kind' = 'licence'
) b;

insert into licence_sequences (department_code, year, last)
select department_code, extract(year from issued_on)::int, count(*)::int from licences group by 1, 2;

create trigger licence_history_no_update before update or delete on licence_history
  for each row execute function refuse_change();
create trigger licence_uses_no_update before update or delete on licence_uses
  for each row execute function refuse_change();

do $$ begin
  if exists (select 1 from pg_roles where rolname = 'banshi_runtime') then
    revoke update, delete on licence_history from banshi_runtime;
    revoke update, delete on licence_uses from banshi_runtime;
    revoke delete on licences from banshi_runtime;
  end if;
end $$;
