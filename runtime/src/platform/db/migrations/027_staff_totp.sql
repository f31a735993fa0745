-- Staff sign in with a second factor (issue 17; GB/T 22239-2019 等保 2.0 level 3, 8.1.4.1 身份鉴别 c): two or more
-- techniques, one of them cryptographic; seeds/004 第二十条 身份认证; seeds/001 第二十三条): a TOTP secret (RFC 6238)
-- and ten one-time recovery codes.

-- The secret an authenticator app holds, base32, once its holder has confirmed it with a code (`totp_enrolled_at`);
-- while enrolling, the secret shown but not yet confirmed is `totp_pending_secret`. The secret must be readable to
-- check a code, so it is kept as it is: a copy of this table gives the second factor, not the password.
alter table users add column totp_secret text;
alter table users add column totp_enrolled_at timestamptz;
alter table users add column totp_pending_secret text;
-- The time step of the last code accepted and the address it came from: a code is not accepted again from another
-- address (RFC 6238 §5.2; see accounts/totp-store.ts for why the same address may).
alter table users add column totp_last_step bigint;
alter table users add column totp_last_ip text;

-- Recovery codes, shown once at enrolment and stored as SHA-256 (79 random bits each, as a session token is kept);
-- each signs in once (`used_at`).
create table staff_recovery_codes (
  id         bigint generated always as identity primary key,
  user_id    uuid not null references users (id),
  code_hash  text not null,
  created_at timestamptz not null,
  used_at    timestamptz
);
create index staff_recovery_codes_user on staff_recovery_codes (user_id);

-- A session opened by a password alone for a staff account without a second factor: it can do nothing but enrol.
alter table sessions add column purpose text not null default 'full' check (purpose in ('full', 'enrol'));
