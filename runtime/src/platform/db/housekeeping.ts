import type { Logger } from '../observability/log.ts';
import type { Db, Sql } from './db.ts';

/**
 * PostgreSQL's autovacuum thresholds, as its defaults set them: a table is vacuumed once its dead rows pass
 * 50 + 20 % of its rows, or its inserts since the last vacuum pass 1,000 + 20 % (so the visibility map keeps up),
 * and analysed once its changes since the last analysis pass 50 + 10 %.
 */
export const thresholds = {
  vacuumBase: 50,
  vacuumShare: 0.2,
  insertBase: 1000,
  insertShare: 0.2,
  analyzeBase: 50,
  analyzeShare: 0.1
} as const;

/** How often the worker looks at the tables' counters on the embedded database. */
export const housekeepingEveryMs = 10 * 60_000;
/** The first pass, this long after the start: a start has enough to do, and after an initdb every table is due. */
export const housekeepingFirstAfterMs = 60_000;

export interface TableDue {
  table: string;
  vacuum: boolean;
  analyze: boolean;
}

interface TableCounters {
  table: string;
  rows: number;
  dead: number;
  inserted: number;
  modified: number;
}

/**
 * The tables whose counters pass the thresholds. A table never analysed counts as empty (its row estimate is -1):
 * its first changes make it due, as autovacuum would.
 */
export async function tablesDue(sql: Sql): Promise<TableDue[]> {
  const rows = await sql.query<TableCounters>(
    `select s.relname as "table", greatest(c.reltuples, 0)::float8 as rows, s.n_dead_tup::float8 as dead,
            s.n_ins_since_vacuum::float8 as inserted, s.n_mod_since_analyze::float8 as modified
     from pg_stat_user_tables s join pg_class c on c.oid = s.relid
     where s.schemaname = 'public'
     order by s.relname`
  );
  const t = thresholds;
  return rows
    .map(r => ({
      table: r.table,
      vacuum: r.dead > t.vacuumBase + t.vacuumShare * r.rows || r.inserted > t.insertBase + t.insertShare * r.rows,
      analyze: r.modified > t.analyzeBase + t.analyzeShare * r.rows
    }))
    .filter(d => d.vacuum || d.analyze);
}

/**
 * Vacuums and analyses the tables that are due, one at a time (VACUUM runs outside a transaction), and returns
 * what it did. Table names come from the catalogue and are quoted as identifiers.
 */
export async function tidyTables(sql: Sql): Promise<TableDue[]> {
  const due = await tablesDue(sql);
  for (const d of due) {
    const name = `public."${d.table.replaceAll('"', '""')}"`;
    await sql.query(d.vacuum ? `vacuum (analyze) ${name}` : `analyze ${name}`);
  }
  return due;
}

/**
 * Housekeeping for a database that has no autovacuum: PGlite runs PostgreSQL in single-user mode, where no
 * autovacuum launcher starts, so without this the embedded default never reclaims the rows every command leaves
 * dead (a case's projection, its timers) and plans every query on a table's first, empty estimate (a company's
 * thousandth upload looked up by scanning all its files). A worker chore: at most every `everyMs` of the process's
 * own clock (the service clock may be set in a drill), the first `firstAfterMs` after the start, it vacuums and
 * analyses the tables PostgreSQL's own thresholds say are due, and logs what it did. On PostgreSQL the server's autovacuum does this (see
 * `autovacuumWarning`), and the runtime's role does not own the tables it would need to vacuum.
 */
export function housekeepingChore(
  db: Db,
  log?: Logger,
  options: { everyMs?: number; firstAfterMs?: number; clock?: () => number } = {}
): { name: string; run(): Promise<number> } {
  const everyMs = options.everyMs ?? housekeepingEveryMs;
  const clock = options.clock ?? (() => performance.now());
  let next = clock() + (options.firstAfterMs ?? housekeepingFirstAfterMs);
  return {
    name: 'housekeeping',
    async run() {
      if (db.kind !== 'pglite' || clock() < next) return 0;
      next = clock() + everyMs;
      const started = performance.now();
      const done = await tidyTables(db);
      if (done.length > 0)
        log?.({
          level: 'info',
          msg: 'housekeeping',
          vacuumed: done.filter(d => d.vacuum).map(d => d.table),
          analyzed: done.filter(d => d.analyze && !d.vacuum).map(d => d.table),
          ms: Math.round(performance.now() - started)
        });
      // Once per turn, whatever it found: the pass does not run it again at once.
      return 0;
    }
  };
}

/**
 * A warning for the log when the PostgreSQL server runs without autovacuum (or without the counters it reads):
 * Banshi's queries are planned on the tables' statistics, and every command leaves dead rows behind.
 */
export async function autovacuumWarning(db: Db): Promise<string | undefined> {
  if (db.kind !== 'postgres') return undefined;
  const rows = await db.query<{ name: string; setting: string }>(
    `select name, setting from pg_settings where name in ('autovacuum', 'track_counts')`
  );
  const off = rows.filter(r => r.setting !== 'on').map(r => r.name);
  if (off.length === 0) return undefined;
  return `PostgreSQL 的 ${off.join('、')} 已关闭：表的统计信息和死行不会自动维护，查询会越来越慢。请开启，或定期运行 VACUUM (ANALYZE)（PostgreSQL ${off.join(', ')} is off).`;
}
