-- Registration proves the phone before the account exists, and answers the same whether or not the ID number or
-- credit code is registered (security-audit §1.4: the 409 told anyone which numbers hold accounts).
create table registration_codes (
  id          uuid primary key,
  kind        text not null check (kind in ('person', 'organisation')),
  login       text not null,
  phone       text not null,
  -- What the applicant gave, the password already hashed: the account is made from it once the code is entered.
  details     jsonb not null,
  code_hash   text not null,
  attempts    int not null default 0,
  ip          text not null,
  created_at  timestamptz not null,
  expires_at  timestamptz not null,
  used_at     timestamptz
);
create index registration_codes_ip on registration_codes (ip, created_at desc);
create index registration_codes_phone on registration_codes (phone, created_at desc);
