-- Electronic seals (电子签章, issue 17): the public half of every department's SM2 signing key, so a document
-- sealed with a key since retired still verifies. The private half never enters the database: it lives in the
-- keys folder (generated there on the embedded default, supplied by the operator in production).
create table seal_keys (
  key_id text primary key,
  department text not null,
  public_key text not null check (public_key ~ '^04[0-9a-f]{128}$'),
  created_at timestamptz not null default now(),
  retired_at timestamptz
);
-- One key in use per department at a time; two processes making a department's first key race on this.
create unique index seal_keys_current on seal_keys (department) where retired_at is null;

do $$ begin
  if exists (select 1 from pg_roles where rolname = 'banshi_runtime') then
    revoke delete on seal_keys from banshi_runtime;
  end if;
end $$;
