import type { Definition } from '@banshi/definition';
import type { CaseState, Services } from '../cases/index.ts';
import { definitionKey, performance, type Rating } from './performance.ts';

const ratingOf: Record<number, Rating> = {
  5: 'verySatisfied',
  4: 'satisfied',
  3: 'basicallySatisfied',
  2: 'dissatisfied',
  1: 'veryDissatisfied'
};

/** Whose cases to measure: one department's or all (null), received from `from` to `to` (days, both included). */
interface PerformanceScope {
  department: string | null;
  from?: string;
  to?: string;
}

/**
 * Performance figures per department (see `performance`) for the cases in scope, each measured against the version
 * of its matter it was received under, with the ratings given to them.
 */
export async function measurePerformance(s: Pick<Services, 'db' | 'registry' | 'calendar'>, scope: PerformanceScope) {
  const rows = await s.db.query<{ state: CaseState; matter_code: string; matter_version: number }>(
    `select c.state, c.matter_code, c.matter_version from cases c
       where ($1::text is null or c.department = $1) and ($2::date is null or c.received_at >= $2::date) and ($3::date is null or c.received_at < $3::date + 1)`,
    [scope.department, scope.from ?? null, scope.to ?? null]
  );
  // Keyed as `performance` looks a case up; the row's version is the one the store wrote into the state.
  const definitions = new Map<string, Definition>();
  for (const row of rows) {
    const key = definitionKey(row.state);
    if (!definitions.has(key)) {
      const d = await s.registry.version(row.matter_code, row.matter_version);
      if (d) definitions.set(key, d);
    }
  }
  const ratings = await s.db.query<{ case_id: string; level: number }>(
    `select case_id, level from evaluations where ($1::text is null or department = $1)`,
    [scope.department]
  );
  return performance(
    rows.map(r => r.state),
    definitions,
    s.calendar(),
    ratings.map(r => ({ caseId: r.case_id, rating: ratingOf[r.level]! }))
  );
}
