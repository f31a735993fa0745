import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '../platform/refusal.ts';
import { dbKinds, openTestDb, type TestDb } from '../testing/database.ts';
import { claimLoginAttempt, loginLimits, pruneLoginFailures, settleLoginAttempt } from './rate-limit.ts';

const start = Date.parse('2026-03-02T01:00:00Z');
const minute = 60_000;

async function refusal(claim: Promise<unknown>): Promise<Refusal | undefined> {
  try {
    await claim;
    return undefined;
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
}

describe.each(dbKinds)('login throttling on %s', kind => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(async () => t?.drop());

  it('allows five failures for a login from one address in fifteen minutes, then refuses that address until the oldest ages out', async () => {
    const attempt = { login: 'window', ip: '198.51.100.1' };
    for (let i = 0; i < loginLimits.perLoginAndAddress; i++) await claimLoginAttempt(t.db, attempt, start + i * minute);
    const refused = await refusal(claimLoginAttempt(t.db, attempt, start + 5 * minute));
    expect(refused).toMatchObject({
      kind: 'throttled',
      code: 'auth.throttled',
      details: { retryAfterSeconds: 10 * 60 }
    });
    expect(refused!.message).toBe('登录失败次数过多，请 10 分钟后再试。');
    expect(await refusal(claimLoginAttempt(t.db, attempt, start + 15 * minute))).toBeUndefined();
  });

  it('never locks the owner out from another address (security-audit §1.10): the guesser is slowed, not the owner', async () => {
    const owner = { login: 'handler', ip: '192.0.2.10' };
    for (let i = 0; i < loginLimits.perLoginAndAddress; i++)
      await claimLoginAttempt(t.db, { login: 'handler', ip: '198.51.100.9' }, start);
    expect(
      await refusal(claimLoginAttempt(t.db, { login: 'handler', ip: '198.51.100.9' }, start + minute))
    ).toMatchObject({ kind: 'throttled' });
    const id = await claimLoginAttempt(t.db, owner, start + minute);
    await settleLoginAttempt(t.db, id, true);
    // Guesses spread over many addresses refuse those addresses once the login has 50 failures, never a clean one.
    for (let i = 0; i < loginLimits.perLogin; i++)
      await claimLoginAttempt(t.db, { login: 'leader', ip: `203.0.113.${i}` }, start);
    expect(
      await refusal(claimLoginAttempt(t.db, { login: 'leader', ip: '203.0.113.3' }, start + minute))
    ).toMatchObject({ kind: 'throttled' });
    expect(
      await refusal(claimLoginAttempt(t.db, { login: 'leader', ip: '192.0.2.11' }, start + minute))
    ).toBeUndefined();
  });

  it('counts an attempt before its password is checked: 45 guesses in parallel get five tries, as in sequence (security-audit §1.3)', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 45 }, () => refusal(claimLoginAttempt(t.db, { login: 'chief', ip: '198.51.100.45' }, start)))
    );
    expect(guesses.filter(r => r === undefined)).toHaveLength(loginLimits.perLoginAndAddress);
    expect(guesses.filter(r => r?.kind === 'throttled')).toHaveLength(45 - loginLimits.perLoginAndAddress);
  });

  it('refuses an address after thirty failures across logins', async () => {
    const ip = '198.51.100.30';
    for (let i = 0; i < loginLimits.perIp; i++) await claimLoginAttempt(t.db, { login: `user${i}`, ip }, start);
    const refused = await refusal(claimLoginAttempt(t.db, { login: 'someone.else', ip }, start + 14 * minute + 30_000));
    expect(refused).toMatchObject({ kind: 'throttled', details: { retryAfterSeconds: 30 } });
    expect(refused!.message).toBe('登录失败次数过多，请 30 秒后再试。');
  });

  it('a right password takes its attempt back: it is no failure', async () => {
    const attempt = { login: 'planning', ip: '198.51.100.77' };
    for (let i = 0; i < 10; i++)
      await settleLoginAttempt(t.db, await claimLoginAttempt(t.db, attempt, start + i), true);
    expect(await t.db.query(`select 1 from login_failures where login = 'planning'`)).toEqual([]);
  });

  it('prunes failures too old to count', async () => {
    await pruneLoginFailures(t.db, start + 60 * minute);
    expect(await t.db.query(`select 1 from login_failures`)).toEqual([]);
  });
});
