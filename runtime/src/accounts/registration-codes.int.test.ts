import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds, openTestDb, type TestDb } from '../testing/database.ts';
import { testIdNumber } from '../testing/accounts.ts';
import {
  pendingRegistration,
  pruneRegistrationCodes,
  registrationLimits,
  startRegistration
} from './registration-codes.ts';

const start = Date.parse('2026-03-02T01:00:00Z');
const hour = 3_600_000;

describe.each(dbKinds)('registrations awaiting their code on %s', kind => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(async () => t?.drop());

  const register = (n: number, now: number) =>
    startRegistration(
      t.db,
      {
        kind: 'person',
        name: '张三',
        idNumber: testIdNumber(n),
        phone: `1380013${String(n).padStart(4, '0')}`,
        password: 'banshi2026'
      },
      { ip: `198.51.100.${n}`, now }
    );

  it('are kept while they count towards a limit, and deleted with the details they hold once they no longer do', async () => {
    const old = await register(1, start);
    const recent = await register(2, start + 23 * hour);
    const count = async () =>
      (await t.db.query<{ n: number }>('select count(*)::int as n from registration_codes'))[0]!.n;
    expect(await count()).toBe(2);

    // Within the longest counting window (a phone's 24 hours) nothing goes.
    expect(await pruneRegistrationCodes(t.db, start + registrationLimits.perPhoneMs - 1)).toBe(0);
    expect(await count()).toBe(2);

    expect(await pruneRegistrationCodes(t.db, start + registrationLimits.perPhoneMs)).toBe(1);
    expect(await count()).toBe(1);
    expect(await pendingRegistration(t.db, old.registrationId, start + 24 * hour)).toBeUndefined();
    const rows = await t.db.query<{ id: string }>('select id from registration_codes');
    expect(rows.map(r => r.id)).toEqual([recent.registrationId]);
  });
});
