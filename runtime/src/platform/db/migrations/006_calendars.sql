-- Provisional years and calendars published without a restart (issue: next year before its holiday notice).

-- The calendar epoch (the catalogue version since which the calendars are what they are) that the oldest running
-- deadline of a case was counted on; null when no deadline runs. A publication that changes the calendars
-- recounts the cases below the new epoch. Cases running now were counted before epochs were recorded: 0.
alter table cases add column deadlines_calendar int;
-- The epoch each running deadline (by the engine's `liveDeadlines` key) was counted on; missing keys count as 0.
alter table cases add column deadline_basis jsonb not null default '{}';
update cases set deadlines_calendar = 0
 where status in ('submitted', 'correcting', 'awaitingPaper', 'preReviewed', 'inReview', 'paused', 'decided');
create index cases_deadlines_calendar on cases (deadlines_calendar) where deadlines_calendar is not null;

-- A year's calendar as the reform office drafts it (the Matter language's calendar syntax), checks it, submits it
-- and its head approves it: approval publishes it as a new catalogue version at once.
create table calendar_drafts (
  id             uuid primary key,
  year           int not null check (year between 2000 and 2099),
  state          text not null check (state in ('draft', 'submitted', 'published', 'rejected')),
  source         text not null,
  -- The compiled calendar; null while the source has errors.
  calendar       jsonb,
  note           text not null default '',
  author_id      uuid not null,
  submitted_by   uuid,
  decided_by     uuid,
  comment        text,
  created_at     timestamptz not null,
  updated_at     timestamptz not null,
  published_at   timestamptz,
  catalog_version int
);
create index calendar_drafts_year on calendar_drafts (year, created_at desc);

-- Notices the service sends once (the reform office's reminder that next year is still provisional), whichever
-- process gets there first.
create table sent_reminders (
  key     text primary key,
  sent_at timestamptz not null
);

-- Tracking by case number is throttled per address on its misses (security-audit §1.11): found by this index.
create index audit_log_track_misses on audit_log (ip, at) where action = 'case.track' and outcome = 'denied';
