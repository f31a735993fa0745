-- Applicant identity levels (issue 17; seeds/001 第七条: an applicant is authenticated before applying online, by the
-- provincial identity platform, at a hall window, with an organisation's digital certificate, …; seeds/004 第二十条 CA;
-- security-audit §1.4, hall-audit problem 4). An applicant account is 已注册 (registered: consult, track, book, rate)
-- until verified, then 已实名核验 (verified: may apply online). The level is users.verified_at; how it was verified is
-- kept beside it and, row by row, in identity_verifications, which is never changed.
alter table users add column verified_at timestamptz;
alter table users add column verified_by uuid references users (id);
-- 'window' (a clerk checked the document in person), 'oidc' (an identity platform asserted it), 'certificate'
-- (an organisation's digital certificate), 'demo' (the demo applicants).
alter table users add column verified_method text check (verified_method in ('window', 'oidc', 'certificate', 'demo'));
-- An account whose ID number or credit code the real holder took over at a window: closed, the number released.
alter table users add column reclaimed_at timestamptz;
alter table users add column reclaimed_by uuid references users (id);
alter table users add column reclaimed_login text;

create table identity_verifications (
  id           bigint generated always as identity primary key,
  user_id      uuid not null references users (id),
  method       text not null check (method in ('window', 'oidc', 'certificate', 'demo')),
  -- The document checked: 居民身份证, 营业执照 and the agent's 居民身份证, …; or the provider and its assurance level.
  document     text not null,
  verified_by  uuid references users (id),
  -- For a take-over: the account that had claimed the number before (it loses it).
  reclaimed_from uuid references users (id),
  at           timestamptz not null
);
create index identity_verifications_user on identity_verifications (user_id);

-- Accounts the window registered were made after a clerk checked the ID card (or the licence) in person (016): they
-- are verified as of then. Every other applicant account was self-registered with nothing proving who holds it, so
-- it stays registered: marking it verified would carry an impostor's claim over (security-audit §1.4).
update users
   set verified_at = window_registered_at, verified_by = window_registered_by, verified_method = 'window'
 where kind in ('person', 'organisation') and id_checked_in_person and window_registered_at is not null;
insert into identity_verifications (user_id, method, document, verified_by, at)
select id, 'window', case kind when 'person' then '居民身份证' else '营业执照和经办人居民身份证' end,
       window_registered_by, window_registered_at
  from users
 where verified_method = 'window';

do $$ begin
  if exists (select 1 from pg_roles where rolname = 'banshi_runtime') then
    revoke update, delete, truncate on identity_verifications from banshi_runtime;
  end if;
end $$;
