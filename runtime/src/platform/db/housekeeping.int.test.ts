import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../testing/database.ts';
import type { Sql } from './db.ts';
import { autovacuumWarning, housekeepingChore, tablesDue } from './housekeeping.ts';

/** A table of `rows` rows, most of them updated since: dead rows and changes past every threshold. */
async function churn(sql: Sql, table: string, rows: number): Promise<void> {
  await sql.query(`create table ${table} (id int primary key, note text)`);
  await sql.query(`insert into ${table} select g, '新建' from generate_series(1, $1::int) g`, [rows]);
  await sql.query(`update ${table} set note = '已改' where id <= $1::int`, [Math.floor(rows * 0.8)]);
  // The counters reach the statistics views once the backend reports them (at most once a second when idle).
  await sql.query('select pg_stat_force_next_flush()');
  await sql.query('select 1');
}

const counters = async (sql: Sql, table: string) =>
  (
    await sql.query<{ dead: number; vacuumed: boolean; analyzed: boolean; estimate: number }>(
      `select s.n_dead_tup::int as dead, s.last_vacuum is not null as vacuumed, s.last_analyze is not null as analyzed,
              c.reltuples::int as estimate
       from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relname = $1`,
      [table]
    )
  )[0]!;

describe('housekeeping on the embedded database (PGlite: no autovacuum)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('pglite');
  });
  afterAll(async () => t?.drop());

  it('vacuums and analyses the tables past PostgreSQL’s thresholds, then waits its turn', async () => {
    await churn(t.db, 'probe_churned', 3000);
    const before = await counters(t.db, 'probe_churned');
    expect(before.dead).toBe(2400);
    expect(before.vacuumed).toBe(false);
    expect(before.estimate).toBe(-1);
    expect(await tablesDue(t.db)).toContainEqual({ table: 'probe_churned', vacuum: true, analyze: true });

    const logged: Array<Record<string, unknown>> = [];
    let clock = 0;
    const chore = housekeepingChore(t.db, e => logged.push(e), {
      everyMs: 60_000,
      firstAfterMs: 1000,
      clock: () => clock
    });
    // Not in the first moments after a start.
    expect(await chore.run()).toBe(0);
    expect(logged).toEqual([]);
    clock = 1000;
    expect(await chore.run()).toBe(0);
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'housekeeping',
        vacuumed: expect.arrayContaining(['probe_churned'])
      })
    ]);
    await t.db.query('select pg_stat_force_next_flush()');
    const after = await counters(t.db, 'probe_churned');
    expect(after).toMatchObject({ dead: 0, vacuumed: true, analyzed: true, estimate: 3000 });
    expect((await tablesDue(t.db)).map(d => d.table)).not.toContain('probe_churned');

    // Within its interval it does nothing, whatever is due; after it, it looks again.
    await churn(t.db, 'probe_later', 2000);
    clock = 60_000;
    await chore.run();
    expect(logged).toHaveLength(1);
    expect((await counters(t.db, 'probe_later')).vacuumed).toBe(false);
    clock = 61_000;
    await chore.run();
    expect(logged).toHaveLength(2);
    expect(logged[1]!.vacuumed).toEqual(['probe_later']);
    expect(await counters(t.db, 'probe_later')).toMatchObject({ dead: 0, estimate: 2000 });
  });

  it('says nothing of autovacuum on PGlite: the chore stands in for it', async () => {
    expect(await autovacuumWarning(t.db)).toBeUndefined();
  });
});

describe('housekeeping on PostgreSQL: left to the server’s autovacuum', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('postgres');
  });
  afterAll(async () => t?.drop());

  it('does not vacuum as the runtime’s role, and warns when the server’s autovacuum is off', async () => {
    await churn(t.owner, 'probe_server', 3000);
    const logged: unknown[] = [];
    await housekeepingChore(t.db, e => logged.push(e), { firstAfterMs: 0 }).run();
    expect(logged).toEqual([]);
    expect((await counters(t.owner, 'probe_server')).vacuumed).toBe(false);
    const [setting] = await t.db.query<{ autovacuum: string }>('show autovacuum');
    const warning = await autovacuumWarning(t.db);
    if (setting!.autovacuum === 'on') expect(warning).toBeUndefined();
    else expect(warning).toMatch(/^PostgreSQL 的 autovacuum 已关闭/);
  });
});
