import { WorkCalendar } from '@banshi/definition/calendar';
import type { CalendarYear } from '@banshi/definition';
import type { EngineCalendar, RecountReason } from './engine/index.ts';
import type { CalendarHistory, CaseStore } from './case-store.ts';
import type { Db, Sql } from '../platform/db/db.ts';
import type { DefinitionRegistry } from '../catalog/index.ts';

export interface RecountDeps {
  db: Db;
  registry: DefinitionRegistry;
  cases: CaseStore;
}

/** The calendars of a catalogue version, or undefined when there is none. */
async function calendarsAt(sql: Sql, version: number): Promise<CalendarYear[] | undefined> {
  if (version < 1) return undefined;
  const [row] = await sql.query<{ calendars: CalendarYear[] }>(
    `select catalog->'calendars' as calendars from catalog_versions where version = $1`,
    [version]
  );
  return row?.calendars;
}

/**
 * The catalogue's earlier calendars, read from its versions (which never change once published) and kept once read.
 * An epoch is the catalogue version since which the calendars were what they were; 0 is a deadline recorded before
 * epochs were kept, counted on the calendars just before the current epoch.
 */
export function calendarHistory(): CalendarHistory {
  const calendars = new Map<number, EngineCalendar | undefined>();
  const reasons = new Map<number, RecountReason>();
  return {
    async calendarOf(epoch, current, sql) {
      const version = epoch === 0 ? current - 1 : epoch;
      if (!calendars.has(version)) {
        const years = await calendarsAt(sql, version);
        calendars.set(version, years ? new WorkCalendar(years) : undefined);
      }
      return calendars.get(version);
    },
    async reason(epoch, sql) {
      let found = reasons.get(epoch);
      if (!found) {
        const now = (await calendarsAt(sql, epoch)) ?? [];
        const before = (await calendarsAt(sql, epoch - 1)) ?? [];
        const changed = now.filter(c => JSON.stringify(before.find(b => b.year === c.year)) !== JSON.stringify(c));
        found = {
          years: changed.map(c => c.year),
          source: changed
            .map(c => c.source)
            .filter(Boolean)
            .join('；')
        };
        reasons.set(epoch, found);
      }
      return found;
    }
  };
}

/**
 * One pass of the recount: running cases with a deadline counted on calendars older than this process's epoch are
 * counted again (store/cases.ts `recount`), up to `batch` of them; returns how many were looked at. Workers in any
 * number of processes may run it at once: each case is recounted under its row lock, and once. A command on such
 * a case before the pass reaches it recounts it first.
 */
export async function recountPass(d: RecountDeps, now: number, batch = 50): Promise<number> {
  if (!d.registry.hasCatalog()) return 0;
  const rows = await d.db.query<{ case_id: string }>(
    'select case_id from cases where deadlines_calendar < $1 order by deadlines_calendar, case_id limit $2',
    [d.registry.calendarEpoch(), batch]
  );
  for (const row of rows) await d.cases.recount(row.case_id, now);
  return rows.length;
}
