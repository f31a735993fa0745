import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds, openTestDb, type TestDb } from '../testing/database.ts';
import { verifyChains } from './integrity/index.ts';
import { auditGrouped } from './audit-group.ts';

describe.each(dbKinds)('audit lines of concurrent reads, grouped per commit, on %s', kind => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(async () => t?.drop());

  const lines = async (target: string) =>
    t.owner.query<{ target: string; outcome: string; ip: string | null; detail: Record<string, unknown> }>(
      `select target, outcome, ip, detail from audit_log where target like $1 order by chain_seq`,
      [`${target}%`]
    );

  it('every read is answered only once its line is committed, each line once, the chain unbroken', async () => {
    const reads = Array.from({ length: 120 }, (_, i) =>
      auditGrouped(t.db, {
        actor: undefined,
        action: 'case.track',
        outcome: i % 3 === 0 ? 'denied' : 'ok',
        target: `group-${String(i).padStart(3, '0')}`,
        ip: `10.1.0.${i % 7}`,
        detail: { i }
      }).then(() => lines(`group-${String(i).padStart(3, '0')}`))
    );
    const seen = await Promise.all(reads);
    // Each read, once answered, finds its own line already there.
    seen.forEach((found, i) => expect(found).toEqual([expect.objectContaining({ detail: { i } })]));
    const all = await lines('group-');
    expect(all).toHaveLength(120);
    expect(new Set(all.map(l => l.target)).size).toBe(120);
    expect((await verifyChains(t.owner)).breaks).toEqual([]);
  });

  it('a line the group insert cannot take fails alone; the others of its group are written', async () => {
    const entry = (target: string, detail: Record<string, unknown> = {}) =>
      auditGrouped(t.db, { actor: undefined, action: 'case.track', outcome: 'ok', target, detail });
    const results = await Promise.allSettled([
      entry('alone-a'),
      // A NUL in a JSON string is refused by jsonb: the insert of the group fails, and this line alone.
      entry('alone-b', { bad: 'x\u0000y' }),
      entry('alone-c')
    ]);
    expect(results.map(r => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await lines('alone-')).map(l => l.target)).toEqual(['alone-a', 'alone-c']);
  });
});
