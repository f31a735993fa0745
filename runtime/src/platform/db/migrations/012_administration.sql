-- Administration (issue 14): staff accounts made and reset by administrators, and departments published like matters.

-- A password an administrator set (a new account's or a reset one's): shown once to the administrator, it signs
-- nobody in until its holder has chosen their own at sign-in.
alter table users add column must_change_password boolean not null default false;

-- A change to the catalogue outside matters, proposed by an administrator and approved by another member of the
-- reform office (seed 002: the reform office confirms each department's items; 004 第十六条: no configuration
-- change without approval). `department`: one department's block, written from the studio's form; `import`: the
-- non-matter files of an imported catalogue. Approval publishes `files` (re-applied to the catalogue live by then)
-- as a new catalogue version.
create table catalog_changes (
  id              uuid primary key,
  kind            text not null check (kind in ('department', 'import')),
  state           text not null check (state in ('pending', 'published', 'rejected')),
  -- The department as it will be named, and as it was named before (a rename), for a department change.
  department      text,
  previous_name   text,
  -- The department's block in the Matter language (a department change), or null.
  source          text,
  -- The catalogue's non-matter files this change writes, by path (an import), or null.
  files           jsonb,
  summary         jsonb not null default '[]',
  note            text not null default '',
  author_id       uuid not null,
  decided_by      uuid,
  comment         text,
  base_version    int not null,
  catalog_version int,
  created_at      timestamptz not null,
  decided_at      timestamptz
);
create index catalog_changes_department on catalog_changes (department, created_at desc);
create index catalog_changes_pending on catalog_changes (created_at) where state = 'pending';

-- The catalogue folder's own non-matter files as a start read them, on the versions a start published: a later
-- start publishes only what changed in the folder since, over what administrators published in between (a
-- department made in the studio is not undone by a restart). Versions the calendar page published are not the
-- folder's.
alter table catalog_versions add column folder_sources jsonb;
update catalog_versions set folder_sources = sources
 where version not in (select catalog_version from calendar_drafts where catalog_version is not null);
