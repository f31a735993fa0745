-- Applications saved in the hall before they are submitted (草稿), and express submissions' pickup orders.

create table application_drafts (
  id          uuid primary key,
  user_id     uuid not null references users (id),
  matter_code text not null,
  -- What the applicant typed, as typed (checked only on submission).
  answers     jsonb not null default '{}'::jsonb,
  -- Uploaded files by material: [{ "material": …, "fileId": … }].
  materials   jsonb not null default '[]'::jsonb,
  -- Submission channel, delivery, inspection mode, commitment, the express pickup address.
  choices     jsonb not null default '{}'::jsonb,
  -- Set when the draft became a case; a submitted draft is kept as the receipt's source and not shown as a draft.
  case_id     uuid,
  created_at  timestamptz not null,
  updated_at  timestamptz not null
);
create index application_drafts_by_user on application_drafts (user_id, updated_at desc);

-- A courier picks the paper materials up from the applicant: the address, and the order number on the label.
create table express_pickups (
  case_id      uuid primary key references cases (case_id),
  order_number text not null unique,
  address      text not null,
  contact      text not null,
  phone        text not null,
  send_to      text not null,
  created_at   timestamptz not null
);
