import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds, openTestDb, type TestDb } from '../../testing/database.ts';
import { audit } from '../audit.ts';
import { verifyChains } from '../integrity/index.ts';

describe.each(dbKinds)('a write left for the commit (atCommit) on %s', kind => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
  });
  afterAll(async () => t?.drop());

  const lines = (target: string) =>
    t.owner.query<{ target: string }>('select target from audit_log where target = $1', [target]);
  const files = (name: string) => t.owner.query<{ id: string }>('select id from files where name = $1', [name]);
  const file = (tx: { query: TestDb['db']['query'] }, name: string) =>
    tx.query(
      `insert into files (id, owner_id, material, name, media_type, size, sha256, created_at)
       values (gen_random_uuid(), gen_random_uuid(), 'm', $1, 'application/pdf', 1, 'x', now())`,
      [name]
    );

  it("an audit line in a transaction is committed with the transaction's work, the chain unbroken", async () => {
    await t.db.transaction(async tx => {
      await file(tx, 'at-commit-1.pdf');
      await audit(tx, { actor: undefined, action: 'file.upload', outcome: 'ok', target: 'at-commit-1' });
    });
    expect(await lines('at-commit-1')).toHaveLength(1);
    expect(await files('at-commit-1.pdf')).toHaveLength(1);
    expect((await verifyChains(t.owner)).breaks).toEqual([]);
  });

  it('a line that cannot be written fails the transaction, and none of its work is committed', async () => {
    await expect(
      t.db.transaction(async tx => {
        await file(tx, 'at-commit-2.pdf');
        // jsonb refuses a NUL: the line fails at the commit, after the work was accepted.
        await audit(tx, {
          actor: undefined,
          action: 'file.upload',
          outcome: 'ok',
          target: 'at-commit-2',
          detail: { bad: 'x\u0000y' }
        });
      })
    ).rejects.toThrow();
    expect(await lines('at-commit-2')).toHaveLength(0);
    expect(await files('at-commit-2.pdf')).toHaveLength(0);
    // The pool is still usable after the failed commit.
    await t.db.transaction(async tx => {
      await audit(tx, { actor: undefined, action: 'file.upload', outcome: 'ok', target: 'at-commit-3' });
    });
    expect(await lines('at-commit-3')).toHaveLength(1);
  });

  it('a refusal thrown by the work after its line was left for the commit writes nothing', async () => {
    await expect(
      t.db.transaction(async tx => {
        await audit(tx, { actor: undefined, action: 'file.upload', outcome: 'ok', target: 'at-commit-4' });
        throw new Error('refused');
      })
    ).rejects.toThrow('refused');
    expect(await lines('at-commit-4')).toHaveLength(0);
  });
});
