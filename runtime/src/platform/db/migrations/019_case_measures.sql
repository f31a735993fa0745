-- 绩效测评 over a million cases a year (issue 16): what the performance figures need of each case, computed by pure
-- code from the case's state and the Definition of its own matter version (supervision/measures.ts), written by the
-- case store in the same statement as every move of the case. Figures are then sums over this table; cards, ratings
-- and complaints are joined from their own tables. Rows for cases written before this migration are filled by
-- supervision/measure-fill.ts (at start and before the first measure of a process).
create table case_measures (
  case_id           uuid primary key references cases (case_id),
  -- The department as the case's Definition named it when the row was written; a renamed department's former names
  -- are mapped to its current name when figures are read (catalog/department-names.ts), so its cases stay its own.
  department        text not null,
  matter_code       text not null,
  matter_version    int not null,
  matter_name       text not null,
  -- The figure a case's channel counts under: online, window (on site) or express.
  channel           text not null check (channel in ('online', 'window', 'express')),
  received_at       timestamptz not null,
  accepted_at       timestamptz,
  refused_at        timestamptz,
  withdrawn_at      timestamptz,
  -- Decided with deadlines counted (what early/on time/late and the averages judge).
  decided_at        timestamptz,
  -- When the case was decided, refused or withdrawn; 'infinity' while open. No figure of a period that began after
  -- it can be this case's (ratings and complaints are read from their own tables), so a period reads only the cases
  -- active in it.
  active_until      timestamptz not null,
  correction_rounds int not null,
  -- Against the promised (承诺) and the legal (法定) limit: the deadline; for an open case whether it can still move
  -- (paused with time remaining); for a decided one the verdict before cards (early, onTime, late — a carded case is
  -- never early, decided when figures are read) and the time used against the limit (with an extension in the same
  -- unit), in the limit's unit, paused time left out and on the department's office hours.
  promised_deadline timestamptz,
  promised_movable  boolean not null default false,
  promised_verdict  text check (promised_verdict in ('early', 'onTime', 'late')),
  promised_unit     text check (promised_unit in ('workdays', 'days', 'hours')),
  promised_used     float8,
  promised_limit    float8,
  legal_deadline    timestamptz,
  legal_movable     boolean not null default false,
  legal_verdict     text check (legal_verdict in ('early', 'onTime', 'late')),
  legal_unit        text check (legal_unit in ('workdays', 'days', 'hours')),
  legal_used        float8,
  legal_limit       float8,
  -- The calendar epoch the time used was counted on (registry.calendarEpoch()).
  calendar_epoch    int not null default 0
);
create index case_measures_department_active on case_measures (department, active_until);
create index case_measures_active on case_measures (active_until);
-- Which rows a period has at all (a department or matter with cases, even none in the period): a skip scan.
create index case_measures_pairs on case_measures (department, matter_code, received_at);

-- Cards, ratings and complaints are joined to cases: by case.
create index supervision_events_case on supervision_events (case_id, level) where case_id is not null;
create index complaints_created on complaints (created_at);
create index evaluations_created on evaluations (created_at);
