import type { Db, Sql } from '../platform/db/db.ts';
import { Refusal } from '../platform/refusal.ts';

/**
 * Failed sign-ins allowed in a window: per login from one address, per address across logins, and per login across
 * addresses (which refuses only the addresses that failed on it: an owner signing in from a clean address is never
 * locked out by someone guessing elsewhere, security-audit §1.10).
 */
export const loginLimits = { windowMs: 15 * 60_000, perLoginAndAddress: 5, perIp: 30, perLogin: 50 } as const;

export interface LoginAttempt {
  login: string;
  ip: string;
}

/**
 * Counts the attempt before its password is checked, atomically: under a lock per login and per address the
 * failures in the window are read and, when the attempt may go on, it is written as a failure at once, so parallel
 * guesses get no more tries than sequential ones (security-audit §1.3). Refused: 429 `auth.throttled` with
 * details.retryAfterSeconds, whatever the password: a right guess after the limit is not told apart from a wrong
 * one. Returns the attempt's id for `settleLoginAttempt`.
 */
export async function claimLoginAttempt(db: Db, attempt: LoginAttempt, now: number): Promise<number> {
  return db.transaction(async tx => {
    // Always login first, then address: two attempts never wait for each other in opposite orders.
    await tx.query(`select pg_advisory_xact_lock(hashtext($1))`, [`login:${attempt.login}`]);
    await tx.query(`select pg_advisory_xact_lock(hashtext($1))`, [`ip:${attempt.ip}`]);
    const since = new Date(now - loginLimits.windowMs).toISOString();
    const pair = await failures(
      tx,
      'login = $1 and ip = $2',
      [attempt.login, attempt.ip],
      since,
      loginLimits.perLoginAndAddress
    );
    const waits = [
      waitMs(pair, loginLimits.perLoginAndAddress, now),
      waitMs(await failures(tx, 'ip = $1', [attempt.ip], since, loginLimits.perIp), loginLimits.perIp, now),
      pair.length > 0
        ? waitMs(
            await failures(tx, 'login = $1', [attempt.login], since, loginLimits.perLogin),
            loginLimits.perLogin,
            now
          )
        : 0
    ];
    const wait = Math.max(...waits);
    if (wait > 0) {
      const retryAfterSeconds = Math.ceil(wait / 1000);
      throw new Refusal(
        'throttled',
        'auth.throttled',
        `登录失败次数过多，请 ${describeWait(retryAfterSeconds)}后再试。`,
        {
          retryAfterSeconds
        }
      );
    }
    const [row] = await tx.query<{ id: number | string }>(
      `insert into login_failures (login, ip, at) values ($1, $2, $3::timestamptz) returning id`,
      [attempt.login, attempt.ip, new Date(now).toISOString()]
    );
    return Number(row!.id);
  });
}

/** A sign-in whose password was right is no failure: its claimed attempt is taken back. */
export async function settleLoginAttempt(sql: Sql, id: number, succeeded: boolean): Promise<void> {
  if (succeeded) await sql.query(`delete from login_failures where id = $1`, [id]);
}

/** Deletes failures too old to count (the worker's `loginFailures` chore runs it). */
export async function pruneLoginFailures(sql: Sql, now: number): Promise<void> {
  await sql.query(`delete from login_failures where at <= $1::timestamptz`, [
    new Date(now - loginLimits.windowMs).toISOString()
  ]);
}

/** The most recent failures matching `where` in the window, newest first, at most `limit`. */
async function failures(
  sql: Sql,
  where: string,
  params: string[],
  since: string,
  limit: number
): Promise<Array<{ at: Date | string }>> {
  return sql.query<{ at: Date | string }>(
    `select at from login_failures where ${where} and at > $${params.length + 1}::timestamptz order by at desc limit $${params.length + 2}`,
    [...params, since, limit]
  );
}

/** How long until fewer than `limit` failures are in the window: 0 when there already are. */
function waitMs(rows: Array<{ at: Date | string }>, limit: number, now: number): number {
  if (rows.length < limit) return 0;
  return new Date(rows[limit - 1]!.at).getTime() + loginLimits.windowMs - now;
}

function describeWait(seconds: number): string {
  return seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}
