import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds, openTestDb, type TestDb } from '../testing/database.ts';
import { enrolStaff } from '../testing/second-factor.ts';
import { checkSecondFactor, hasSecondFactor } from './totp-store.ts';
import { totpCode } from './totp.ts';
import { createStaff } from './users.ts';

const now = Date.parse('2026-03-02T01:00:00Z');

describe.each(dbKinds)('second factors on %s', kind => {
  let t: TestDb;
  let id: string;
  let secret: string;
  beforeAll(async () => {
    t = await openTestDb(kind);
    id = (
      await createStaff(t.db, {
        login: 'zhou.min',
        name: '周敏',
        password: 'window2026',
        department: '市住房和建设局',
        roles: ['窗口'],
        duties: []
      })
    ).id;
    expect(await hasSecondFactor(t.db, id)).toBe(false);
    secret = await enrolStaff(t.db, 'zhou.min', now - 120_000, '10.0.0.1');
  });
  afterAll(async () => t?.drop());

  it('refuses a code used once when it comes again from another address (RFC 6238 §5.2), not from the same one', async () => {
    expect(await hasSecondFactor(t.db, id)).toBe(true);
    const code = totpCode(secret, now);
    expect(await checkSecondFactor(t.db, id, code, { ip: '10.0.0.1', now })).toMatchObject({ ok: true, via: 'totp' });
    expect(await checkSecondFactor(t.db, id, code, { ip: '203.0.113.9', now })).toEqual({
      ok: false,
      reason: 'code-replayed'
    });
    // The holder's own machine signing in again within the step (a second tab, a temporary password replaced).
    expect(await checkSecondFactor(t.db, id, code, { ip: '10.0.0.1', now })).toMatchObject({ ok: true });
    // The next step's code is new to everyone.
    const next = totpCode(secret, now + 30_000);
    expect(await checkSecondFactor(t.db, id, next, { ip: '203.0.113.9', now: now + 30_000 })).toMatchObject({
      ok: true
    });
    // An older step after a newer one was used is refused from another address too.
    expect(await checkSecondFactor(t.db, id, code, { ip: '10.0.0.1', now: now + 30_000 })).toEqual({
      ok: false,
      reason: 'code-replayed'
    });
  });
});
