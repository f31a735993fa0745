import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds, openTestDb, type TestDb } from '../../testing/database.ts';
import { part, writeStatement } from './write-statement.ts';

describe.each(dbKinds)("a case's write statement on %s", kind => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(kind);
    await t.owner.query('create table probe_rows (id int primary key, version int not null)');
    await t.owner.query('create sequence probe_order');
    await t.owner.query('create table probe_parts (n bigint not null, part text not null, row_id int not null)');
    await t.owner.query(`grant select, insert, update on probe_rows, probe_parts to public`);
    await t.owner.query(`grant usage on sequence probe_order to public`);
    await t.owner.query('insert into probe_rows values (1, 1)');
  });
  afterAll(async () => t?.drop());

  const probe = (name: string) =>
    part(`insert into probe_parts (n, part, row_id) select nextval('probe_order'), $1, t.case_id from target t`, name);
  const move = (version: number) =>
    part(
      'update probe_rows set version = version + 1 where id = $1 and version = $2 returning id as case_id',
      1,
      version
    );
  const run = async (version: number, names: string[]) => {
    const s = writeStatement(move(version), names.map(probe));
    return (await t.db.query<{ moved: number }>(s.sql, s.params))[0]!.moved;
  };

  it('runs its parts in the order given, so the audit line, given last, is its last write before the commit', async () => {
    expect(await run(1, ['events', 'inbox', 'measures', 'audit'])).toBe(1);
    const parts = await t.owner.query<{ part: string }>('select part from probe_parts order by n');
    expect(parts.map(p => p.part)).toEqual(['events', 'inbox', 'measures', 'audit']);
  });

  it('writes no part when the version check finds the row moved on', async () => {
    const before = await t.owner.query<{ count: number }>('select count(*)::int as count from probe_parts');
    expect(await run(1, ['events', 'audit'])).toBe(0);
    expect(await t.owner.query('select count(*)::int as count from probe_parts')).toEqual(before);
  });
});
