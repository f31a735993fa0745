import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrations, schemaVersion, splitStatements } from './migrate.ts';
import { dbKinds, openTestDb, type TestDb } from '../../testing/database.ts';

describe('splitStatements', () => {
  it('keeps dollar-quoted bodies whole and drops comments', () => {
    const parts = splitStatements(
      `-- a comment\ncreate table a (x int);\ncreate function f() returns trigger language plpgsql as $$\nbegin\n  raise exception 'no';\nend $$;\nselect 1;`
    );
    expect(parts).toHaveLength(3);
    expect(parts[1]).toContain("raise exception 'no';");
  });
});

describe.each(dbKinds)('migrations on %s', kind => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind, 1);
  });
  afterAll(async () => t?.drop());

  it('brings a database of the previous schema, with data in it, to the newest', async () => {
    expect(await schemaVersion(t.db)).toBe(1);
    await t.db.query(
      `insert into users (id, kind, login, password_hash, name) values ('00000000-0000-4000-8000-000000000001', 'person', 'old', 'x', '旧用户')`
    );
    const applied = await migrate(t.db);
    const newest = Math.max(...migrations().map(m => m.version));
    expect(applied).toEqual(
      migrations()
        .filter(m => m.version > 1)
        .map(m => m.version)
    );
    expect(await schemaVersion(t.db)).toBe(newest);
    expect(await t.db.query(`select name from users where login = 'old'`)).toEqual([{ name: '旧用户' }]);
    // The new tables work.
    await t.db.query(
      `insert into evaluations (id, case_id, user_id, department, level, created_at) values (gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), '市住房和建设局', 5, now())`
    );
    expect(await migrate(t.db)).toEqual([]);
  });

  it('refuses to change the audit log or an event', async () => {
    await t.db.query(`insert into audit_log (actor_kind, action, outcome) values ('system', 'test', 'ok')`);
    await expect(t.db.query(`update audit_log set action = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
  });
});
