-- The publishing lifecycle (issue 14): a change approved to go live at a set time, withdrawn before it; the text's
-- revision so that two editors never silently overwrite each other; comments attached to lines of the source when
-- a version is sent back; the reform office filing a change or ordering its correction (004 第十四、十六条).

alter table matter_versions drop constraint matter_versions_state_check;
alter table matter_versions add constraint matter_versions_state_check
  check (state in ('draft', 'submitted', 'approved', 'scheduled', 'rejected', 'published', 'superseded'));
-- When a scheduled version goes live (a version in state 'scheduled' always has one).
alter table matter_versions add column scheduled_at timestamptz;
-- When a later version replaced this one.
alter table matter_versions add column superseded_at timestamptz;
-- The text's revision: 1 when drafted, one more on each save; an editor saves on the revision it read.
alter table matter_versions add column revision int not null default 1;
-- Who saved the text last (the author), and when: a refused stale save names them.
alter table matter_versions add column saved_at timestamptz;
update matter_versions set saved_at = updated_at;
create index matter_versions_scheduled on matter_versions (scheduled_at) where state = 'scheduled';

alter table matter_approvals drop constraint matter_approvals_decision_check;
-- schedule: approved to go live at a set time; withdraw: the head took the schedule back; filed / correct: the reform
-- office's decision on the version's filing (备案通过 / 责令改正).
alter table matter_approvals add constraint matter_approvals_decision_check
  check (decision in ('submit', 'approve', 'reject', 'file', 'publish', 'schedule', 'withdraw', 'filed', 'correct'));
-- One decision of the reform office on each version's filing.
create unique index matter_approvals_one_filing_decision on matter_approvals (code, version)
  where decision in ('filed', 'correct');

-- Comments a head attaches to lines of the source when sending a version back.
create table matter_line_comments (
  id          bigint generated always as identity primary key,
  code        text not null,
  version     int not null,
  -- The 'reject' decision they came with.
  approval_id bigint not null references matter_approvals (id),
  line        int not null check (line > 0),
  text        text not null,
  foreign key (code, version) references matter_versions (code, version)
);
create index matter_line_comments_version on matter_line_comments (code, version);
