import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds, openTestDb, type TestDb } from '../testing/database.ts';
import {
  createSession,
  resolveSession,
  revokeSession,
  revokeUserSessions,
  sessionIdleMs,
  sessionLifetimeMs,
  tokenHash
} from './sessions.ts';
import { testIdNumber } from '../testing/accounts.ts';
import { createApplicant, createStaff } from './users.ts';

const now = Date.parse('2026-03-02T01:00:00Z');

describe.each(dbKinds)('sessions on %s', kind => {
  let t: TestDb;
  let personId: string;
  let staffId: string;
  beforeAll(async () => {
    t = await openTestDb(kind);
    personId = (
      await createApplicant(t.db, {
        kind: 'person',
        name: '张三',
        idNumber: testIdNumber(1),
        phone: '13800138000',
        password: 'banshi2026'
      })
    ).id;
    staffId = (
      await createStaff(t.db, {
        login: 'chen.jing',
        name: '陈静',
        password: 'window2026',
        department: '市住房和建设局',
        roles: [],
        duties: []
      })
    ).id;
  });
  afterAll(async () => t?.drop());

  it('stores only the hash of the token and resolves the token to the principal and CSRF token', async () => {
    const session = await createSession(t.db, personId, now);
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await t.db.query<{ id_hash: string }>(`select id_hash from sessions where user_id = $1`, [personId]);
    expect(stored.map(s => s.id_hash)).toContain(tokenHash(session.token));
    expect(stored.map(s => s.id_hash)).not.toContain(session.token);
    const resolved = await resolveSession(t.db, session.token, now + 1000);
    expect(resolved?.principal).toMatchObject({ kind: 'person', id: personId });
    expect(resolved?.csrfToken).toBe(session.csrfToken);
  });

  it('lasts seven days for applicants and twelve hours for staff, however often used, then is refused', async () => {
    /** Uses the session every `everyMs` until `untilMs` after sign-in: never idle long enough to end it. */
    const useUntil = async (token: string, everyMs: number, untilMs: number) => {
      for (let at = everyMs; at < untilMs; at += everyMs)
        expect(await resolveSession(t.db, token, now + at)).toBeDefined();
    };
    const applicant = await createSession(t.db, personId, now);
    expect(applicant.expiresAt.getTime()).toBe(now + sessionLifetimeMs.applicant);
    await useUntil(applicant.token, 3_600_000, 7 * 86_400_000);
    expect(await resolveSession(t.db, applicant.token, now + 7 * 86_400_000 - 1)).toBeDefined();
    expect(await resolveSession(t.db, applicant.token, now + 7 * 86_400_000)).toBeUndefined();
    const staff = await createSession(t.db, staffId, now);
    await useUntil(staff.token, 20 * 60_000, 12 * 3_600_000);
    expect(await resolveSession(t.db, staff.token, now + 12 * 3_600_000 - 1)).toBeDefined();
    expect(await resolveSession(t.db, staff.token, now + 12 * 3_600_000)).toBeUndefined();
  });

  it('ends after a spell unused: staff 30 minutes, applicants 2 hours, counted from the last use (security-audit §1.15)', async () => {
    const staff = await createSession(t.db, staffId, now);
    expect(await resolveSession(t.db, staff.token, now + sessionIdleMs.staff - 1)).toBeDefined();
    // That use moved its last use on: another 30 minutes less a moment is fine, 30 minutes from it is not.
    expect(await resolveSession(t.db, staff.token, now + 2 * sessionIdleMs.staff - 2)).toBeDefined();
    expect(await resolveSession(t.db, staff.token, now + 3 * sessionIdleMs.staff - 2)).toBeUndefined();
    const applicant = await createSession(t.db, personId, now);
    expect(await resolveSession(t.db, applicant.token, now + sessionIdleMs.staff * 3)).toBeDefined();
    expect(
      await resolveSession(t.db, applicant.token, now + sessionIdleMs.staff * 3 + sessionIdleMs.applicant)
    ).toBeUndefined();
  });

  it('is refused once revoked, alone or with all of the user’s sessions', async () => {
    const one = await createSession(t.db, personId, now);
    const two = await createSession(t.db, personId, now);
    await revokeSession(t.db, one.token, now + 1);
    expect(await resolveSession(t.db, one.token, now + 2)).toBeUndefined();
    expect(await resolveSession(t.db, two.token, now + 2)).toBeDefined();
    await revokeUserSessions(t.db, personId, now + 3);
    expect(await resolveSession(t.db, two.token, now + 4)).toBeUndefined();
  });

  it('is refused when the account is disabled, and for a token it never issued', async () => {
    const session = await createSession(t.db, staffId, now);
    await t.db.query(`update users set disabled_at = now() where id = $1`, [staffId]);
    expect(await resolveSession(t.db, session.token, now + 1)).toBeUndefined();
    expect(await resolveSession(t.db, 'A'.repeat(43), now)).toBeUndefined();
    expect(await resolveSession(t.db, 'short', now)).toBeUndefined();
  });
});
