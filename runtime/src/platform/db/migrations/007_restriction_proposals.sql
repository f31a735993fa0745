-- Two people, not one, put an applicant on the blacklist (security-audit §1.9, office-audit problem 5): a handler
-- (承办人) of the lead department proposes that materials were false or a complaint untrue, with the evidence;
-- a section chief (处室负责人) of that department confirms or rejects it. A co-approving department only reports
-- what it found to the lead, whose handler may take it up as a proposal.
create table restriction_proposals (
  id             uuid primary key,
  kind           text not null check (kind in ('falseMaterials', 'falseComplaint')),
  -- The case (false materials) or the complaint (untrue) the proposal is about; the applicant it would count against.
  subject_id     uuid not null,
  user_id        uuid not null,
  case_id        uuid,
  -- The department that decides: the case's lead, or the department the complaint is against.
  department     text not null,
  status         text not null check (status in ('reported', 'proposed', 'confirmed', 'rejected')),
  materials      jsonb not null default '[]',
  reason         text not null,
  evidence       text not null,
  reported_by    uuid,
  reported_by_department text,
  reported_at    timestamptz,
  proposed_by    uuid,
  proposed_at    timestamptz,
  decided_by     uuid,
  decided_at     timestamptz,
  decision       text,
  created_at     timestamptz not null
);
-- One open proposal (reported or proposed) per subject at a time.
create unique index restriction_proposals_open on restriction_proposals (kind, subject_id) where status in ('reported', 'proposed');
create index restriction_proposals_department on restriction_proposals (department, status, created_at desc);

-- The evidence kept with a ground, and who confirmed it.
alter table restriction_grounds add column evidence text;
alter table restriction_grounds add column confirmed_by uuid;
