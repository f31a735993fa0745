import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from './refusal.ts';
import { dbKinds, openTestDb, type TestDb } from '../testing/database.ts';
import { once, remember, requestHash } from './idempotency.ts';

describe.each(dbKinds)('once per Idempotency-Key on %s', kind => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(async () => t?.drop());

  it("a request refused because its twin committed first answers with the twin's stored response", async () => {
    const user = randomUUID();
    const hash = requestHash({ submit: 1 });
    // The twin's work commits (and records the key) while this request's work runs; this request is then refused by
    // what the commit changed (the files it names now belong to the twin's case), as two racing submissions are.
    const answer = await once(t.db, user, 'twin-1', hash, async () => {
      await t.db.transaction(tx =>
        remember(tx, user, 'twin-1', hash, { status: 201, body: { id: 'case-of-the-twin' } })
      );
      throw new Refusal('invalid', 'file.unknown', '有附件不存在，或不属于您。请重新上传。');
    });
    expect(answer).toEqual({ status: 201, body: { id: 'case-of-the-twin' }, replayed: true });
  });

  it('a refusal with no twin, or with a twin that asked something else, stays a refusal', async () => {
    const user = randomUUID();
    const refused = new Refusal('invalid', 'file.unknown', '有附件不存在，或不属于您。请重新上传。');
    await expect(once(t.db, user, 'alone-1', requestHash({ a: 1 }), async () => Promise.reject(refused))).rejects.toBe(
      refused
    );
    await expect(
      once(t.db, user, 'other-1', requestHash({ a: 1 }), async () => {
        await t.db.transaction(tx => remember(tx, user, 'other-1', requestHash({ b: 2 }), { status: 201, body: {} }));
        throw refused;
      })
    ).rejects.toMatchObject({ code: 'idempotency.mismatch' });
  });
});
