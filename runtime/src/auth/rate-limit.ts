import { ApiError } from '../http/errors.ts';
import type { Sql } from '../store/db.ts';

/** Failed logins allowed in a window before further attempts are refused, per login and per client address. */
export const loginLimits = { windowMs: 15 * 60_000, perLogin: 5, perIp: 30 } as const;

export interface LoginAttempt {
  login: string;
  ip: string;
}

/**
 * Refuses the attempt with 429 `auth.throttled` when the login or the address already has its allowance of
 * failures in the window, whatever the password: a right guess after the limit must not be told apart from a
 * wrong one. Failures live in `login_failures`, so every process sees the same count; a success clears nothing.
 */
export async function checkLoginThrottle(sql: Sql, attempt: LoginAttempt, now: number): Promise<void> {
  const waits = await Promise.all([
    waitMs(sql, 'login', attempt.login, loginLimits.perLogin, now),
    waitMs(sql, 'ip', attempt.ip, loginLimits.perIp, now)
  ]);
  const wait = Math.max(...waits);
  if (wait <= 0) return;
  const retryAfterSeconds = Math.ceil(wait / 1000);
  throw new ApiError(429, 'auth.throttled',
    `登录失败次数过多，请 ${describeWait(retryAfterSeconds)}后再试。`, { retryAfterSeconds });
}

export async function recordLoginFailure(sql: Sql, attempt: LoginAttempt, now: number): Promise<void> {
  await sql.query(`insert into login_failures (login, ip, at) values ($1, $2, $3::timestamptz)`,
    [attempt.login, attempt.ip, new Date(now).toISOString()]);
}

/** Deletes failures too old to count; for a periodic job, since nothing else removes them. */
export async function pruneLoginFailures(sql: Sql, now: number): Promise<void> {
  await sql.query(`delete from login_failures where at <= $1::timestamptz`, [new Date(now - loginLimits.windowMs).toISOString()]);
}

/**
 * How long until `key` has fewer than `limit` failures in the window: 0 when it already has. The limit-th most
 * recent failure is the one whose ageing out reopens the door.
 */
async function waitMs(sql: Sql, column: 'login' | 'ip', key: string, limit: number, now: number): Promise<number> {
  const rows = await sql.query<{ at: Date | string }>(
    `select at from login_failures where ${column} = $1 and at > $2::timestamptz order by at desc limit $3`,
    [key, new Date(now - loginLimits.windowMs).toISOString(), limit]
  );
  if (rows.length < limit) return 0;
  return new Date(rows[limit - 1]!.at).getTime() + loginLimits.windowMs - now;
}

function describeWait(seconds: number): string {
  return seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}
