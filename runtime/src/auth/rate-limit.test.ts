import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors.ts';
import { dbKinds, openTestDb, type TestDb } from '../store/testing.ts';
import { checkLoginThrottle, loginLimits, pruneLoginFailures, recordLoginFailure } from './rate-limit.ts';

const start = Date.parse('2026-03-02T01:00:00Z');
const minute = 60_000;

async function refusal(check: Promise<void>): Promise<ApiError | undefined> {
  try {
    await check;
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}

describe.each(dbKinds)('login throttling on %s', kind => {
  let t: TestDb;
  beforeAll(async () => { t = await openTestDb(kind); });
  afterAll(async () => t?.drop());

  it('allows five failures for a login in fifteen minutes, then refuses until the oldest ages out', async () => {
    const attempt = { login: 'zhang.san', ip: '198.51.100.1' };
    for (let i = 0; i < loginLimits.perLogin; i++) {
      await checkLoginThrottle(t.db, attempt, start + i * minute);
      await recordLoginFailure(t.db, attempt, start + i * minute);
    }
    const refused = await refusal(checkLoginThrottle(t.db, { ...attempt, ip: '198.51.100.2' }, start + 5 * minute));
    expect(refused).toMatchObject({ status: 429, code: 'auth.throttled', details: { retryAfterSeconds: 600 } });
    expect(refused?.message).toBe('登录失败次数过多，请 10 分钟后再试。');
    expect(await refusal(checkLoginThrottle(t.db, attempt, start + 15 * minute))).toBeUndefined();
  });

  it('refuses an address after thirty failures across logins', async () => {
    const ip = '198.51.100.9';
    for (let i = 0; i < loginLimits.perIp; i++) await recordLoginFailure(t.db, { login: `user${i}`, ip }, start);
    const refused = await refusal(checkLoginThrottle(t.db, { login: 'someone.else', ip }, start + 14 * minute + 30_000));
    expect(refused?.details).toEqual({ retryAfterSeconds: 30 });
    expect(refused?.message).toBe('登录失败次数过多，请 30 秒后再试。');
  });

  it('prunes failures too old to count', async () => {
    await pruneLoginFailures(t.db, start + 60 * minute);
    expect(await t.db.query(`select 1 from login_failures`)).toEqual([]);
  });
});
