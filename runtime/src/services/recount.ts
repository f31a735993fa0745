import { WorkCalendar } from '../calendar/index.ts';
import type { CalendarYear } from '../definition/index.ts';
import type { EngineCalendar, RecountReason } from '../engine/index.ts';
import type { CaseStore } from '../store/cases.ts';
import type { Db, Sql } from '../store/db.ts';
import type { DefinitionRegistry } from '../store/definitions.ts';

export interface RecountDeps {
  db: Db;
  registry: DefinitionRegistry;
  cases: CaseStore;
}

/** The calendars of a catalogue version, or undefined when there is none. */
async function calendarsAt(db: Sql, version: number): Promise<CalendarYear[] | undefined> {
  if (version < 1) return undefined;
  const [row] = await db.query<{ calendars: CalendarYear[] }>(`select catalog->'calendars' as calendars from catalog_versions where version = $1`, [version]);
  return row?.calendars;
}

/** Which years the calendars of `epoch` publish or change against the version before it, and the notices they follow. */
export async function recountReason(db: Db, epoch: number): Promise<RecountReason> {
  const now = (await calendarsAt(db, epoch)) ?? [];
  const before = (await calendarsAt(db, epoch - 1)) ?? [];
  const changed = now.filter(c => JSON.stringify(before.find(b => b.year === c.year)) !== JSON.stringify(c));
  return { years: changed.map(c => c.year), source: changed.map(c => c.source).filter(Boolean).join('；') };
}

/**
 * One pass of the recount: running cases with a deadline counted on calendars older than this process's epoch are
 * counted again (store/cases.ts `recount`), up to `batch` of them; returns how many were looked at. Workers in any
 * number of processes may run it at once: each case is recounted under its row lock, and once.
 */
export async function recountPass(d: RecountDeps, now: number, batch = 50): Promise<number> {
  if (!d.registry.hasCatalog()) return 0;
  const epoch = d.registry.calendarEpoch();
  const rows = await d.db.query<{ case_id: string }>('select case_id from cases where deadlines_calendar < $1 order by deadlines_calendar, case_id limit $2', [epoch, batch]);
  if (rows.length === 0) return 0;
  const reason = await recountReason(d.db, epoch);
  const cache = new Map<number, EngineCalendar | undefined>();
  // A deadline recorded before epochs were kept (0) was counted on the calendars just before this epoch.
  const previous = async (basis: number, sql: Sql): Promise<EngineCalendar | undefined> => {
    const version = basis === 0 ? epoch - 1 : basis;
    if (!cache.has(version)) {
      const calendars = await calendarsAt(sql, version);
      cache.set(version, calendars ? new WorkCalendar(calendars) : undefined);
    }
    return cache.get(version);
  };
  for (const row of rows) await d.cases.recount(row.case_id, previous, now, reason);
  return rows.length;
}
