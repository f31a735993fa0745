import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../platform/db/db.ts';
import type { Principal } from './principal.ts';
import { toPrincipal, userColumns, type UserRow } from './users.ts';

const hourMs = 3_600_000;

/** How long a session lasts from sign-in: applicants a week, staff a working day (shared office machines). */
export const sessionLifetimeMs = { applicant: 7 * 24 * hourMs, staff: 12 * hourMs } as const;

/**
 * How long a session may go unused before it ends (security-audit §1.15): staff half an hour (a clerk's screen left
 * open at a counter), applicants two hours (long forms are filled without a request in between).
 */
export const sessionIdleMs = { applicant: 2 * hourMs, staff: 30 * 60_000 } as const;

/**
 * A session opened by a password alone for a staff account that has no second factor yet: it can only enrol one
 * (accounts/totp-store.ts), and not for long.
 */
export const enrolmentSessionMs = 15 * 60_000;

/** A session's last use is written at most this often: not a write per request. */
const touchEveryMs = 60_000;

export interface NewSession {
  /** Goes to the client only: the database keeps its SHA-256, so a copy of the table signs no one in. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface ResolvedSession {
  principal: Principal;
  csrfToken: string;
  expiresAt: Date;
}

const newToken = () => randomBytes(32).toString('base64url');

/** The stored form of a session token. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Signs a user in at `now` (ms since the epoch). An `enrol` session signs nobody in (`resolveSession` ignores it): it
 * only lets a member of staff enrol a second factor (`resolveEnrolmentSession`).
 */
export async function createSession(
  sql: Sql,
  userId: string,
  now: number,
  purpose: 'full' | 'enrol' = 'full'
): Promise<NewSession> {
  const [user] = await sql.query<{ kind: UserRow['kind'] }>(`select kind from users where id = $1`, [userId]);
  if (!user) throw new Error(`no user ${userId}`);
  const token = newToken();
  const csrfToken = newToken();
  const lifetime =
    purpose === 'enrol'
      ? enrolmentSessionMs
      : user.kind === 'staff'
        ? sessionLifetimeMs.staff
        : sessionLifetimeMs.applicant;
  const expiresAt = new Date(now + lifetime);
  await sql.query(
    `insert into sessions (id_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, purpose)
     values ($1, $2, $3, $4::timestamptz, $5::timestamptz, $4::timestamptz, $6)`,
    [tokenHash(token), userId, csrfToken, new Date(now).toISOString(), expiresAt.toISOString(), purpose]
  );
  return { token, csrfToken, expiresAt };
}

/**
 * Who a token signs in at `now`; undefined when it is unknown, expired, idle too long, revoked, or the account is
 * disabled. Using it keeps it alive (its last use written at most once a minute).
 */
export async function resolveSession(sql: Sql, token: string, now: number): Promise<ResolvedSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const hash = tokenHash(token);
  const [row] = await sql.query<
    UserRow & { csrf_token: string; expires_at: Date | string; last_seen_at: Date | string }
  >(
    `select ${userColumns}, s.csrf_token, s.expires_at, s.last_seen_at
       from sessions s join users u on u.id = s.user_id
      where s.id_hash = $1 and s.revoked_at is null and s.expires_at > $2::timestamptz and u.disabled_at is null
        and s.purpose = 'full' and s.last_seen_at > $2::timestamptz - (case when u.kind = 'staff' then $3::int else $4::int end) * interval '1 millisecond'`,
    [hash, new Date(now).toISOString(), sessionIdleMs.staff, sessionIdleMs.applicant]
  );
  if (!row) return undefined;
  if (now - new Date(row.last_seen_at).getTime() >= touchEveryMs) {
    await sql.query(
      `update sessions set last_seen_at = $2::timestamptz where id_hash = $1 and last_seen_at < $2::timestamptz`,
      [hash, new Date(now).toISOString()]
    );
  }
  return { principal: toPrincipal(row), csrfToken: row.csrf_token, expiresAt: new Date(row.expires_at) };
}

/** The staff account an enrolment session (`createSession(…, 'enrol')`) belongs to at `now`, if it is still open. */
export async function resolveEnrolmentSession(
  sql: Sql,
  token: string,
  now: number
): Promise<{ principal: Principal; csrfToken: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const [row] = await sql.query<UserRow & { csrf_token: string }>(
    `select ${userColumns}, s.csrf_token
       from sessions s join users u on u.id = s.user_id
      where s.id_hash = $1 and s.purpose = 'enrol' and s.revoked_at is null and s.expires_at > $2::timestamptz
        and u.disabled_at is null and u.kind = 'staff'`,
    [tokenHash(token), new Date(now).toISOString()]
  );
  return row && { principal: toPrincipal(row), csrfToken: row.csrf_token };
}

/** Ends one session (signing out). Ending it again changes nothing. */
export async function revokeSession(sql: Sql, token: string, now: number): Promise<void> {
  await sql.query(`update sessions set revoked_at = $2::timestamptz where id_hash = $1 and revoked_at is null`, [
    tokenHash(token),
    new Date(now).toISOString()
  ]);
}

/** Ends every session of a user: after a password change, or when an account is disabled. */
export async function revokeUserSessions(sql: Sql, userId: string, now: number): Promise<void> {
  await sql.query(`update sessions set revoked_at = $2::timestamptz where user_id = $1 and revoked_at is null`, [
    userId,
    new Date(now).toISOString()
  ]);
}
