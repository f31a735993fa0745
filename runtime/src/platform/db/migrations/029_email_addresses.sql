-- An e-mail address an applicant may give, confirmed (issue 18). `users.email` holds only a confirmed address: it is
-- where the case notices go by e-mail (cases/case-store.ts reads it), so an address enters it only when its holder
-- has followed the link sent to it. An address typed but not yet confirmed waits in `email_confirmations`, with the
-- link's token stored as SHA-256 (256 random bits each, as a session token is kept): usable once, for 24 hours, and
-- only the newest request of an account counts (`cancelled_at` on the older ones, and on all when the address is
-- removed). Nothing before this migration wrote `users.email`.
alter table users add column email_confirmed_at timestamptz;

create table email_confirmations (
  id           bigint generated always as identity primary key,
  user_id      uuid not null references users (id),
  address      text not null,
  token_hash   text not null unique,
  created_at   timestamptz not null,
  expires_at   timestamptz not null,
  used_at      timestamptz,
  cancelled_at timestamptz
);
create index email_confirmations_user on email_confirmations (user_id, created_at);
-- Grants: banshi_runtime reads and writes it by 022's default privileges (same owner).
