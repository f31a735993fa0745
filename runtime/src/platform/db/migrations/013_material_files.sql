-- Templates (空白表格) and samples (填写样本) of a matter's materials (issue 14), versioned with the matter: each row
-- belongs to one matter version; a new draft copies its base version's rows, so replacing or removing a file in a
-- draft never touches the live version's. The content is in the blob store by its SHA-256 (shared between copies).
create table material_files (
  code        text not null,
  version     int not null,
  -- The material's id in the version's Definition (its short name, stable across versions).
  material    text not null,
  kind        text not null check (kind in ('template', 'sample')),
  name        text not null,
  media_type  text not null,
  size        bigint not null,
  sha256      text not null,
  uploaded_by uuid,
  uploaded_at timestamptz not null,
  primary key (code, version, material, kind),
  foreign key (code, version) references matter_versions (code, version)
);

-- The matter version an applicant's draft was written under: when a newer one is live, the draft is carried over
-- to it (answers to fields that still exist, files of materials still asked for) and the applicant told what
-- changed (`carried_over`, shown until the applicant saves the draft again).
alter table application_drafts add column matter_version int;
alter table application_drafts add column carried_over jsonb;
update application_drafts d set matter_version = v.version
  from matter_versions v where v.code = d.matter_code and v.state = 'published';
