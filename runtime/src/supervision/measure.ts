import type { Definition } from '@banshi/definition';
import type { CaseState, Services } from '../cases/index.ts';
import { performance, type CaseFacts, type Figure, type MeasuredRow, type SupervisionFact } from './performance.ts';
import type { Period } from './period.ts';

/** Whose figures: one department's or all (null), one matter's or all (null), in a period, a row per what `by` says. */
export interface PerformanceScope {
  department: string | null;
  matter: string | null;
  period: Period;
  by: 'department' | 'matter';
}

/**
 * Performance figures (see `performance`) read from the store: every case received before the period's end (any
 * figure of the period is of such a case), each judged against the definition of its own matter version as
 * `registry.version` answers it (department names as today's, so a renamed department's cases stay its own), with
 * the supervision events raised on them, their ratings (评价) and the complaints (投诉) of the period.
 */
export async function measurePerformance(
  s: Pick<Services, 'db' | 'registry' | 'calendar' | 'now'>,
  scope: PerformanceScope
): Promise<MeasuredRow[]> {
  const to = scope.period.to === undefined ? null : new Date(scope.period.to).toISOString();
  const from = scope.period.from === undefined ? null : new Date(scope.period.from).toISOString();
  const rows = await s.db.query<{ state: CaseState; matter_code: string; matter_version: number }>(
    `select c.state, c.matter_code, c.matter_version from cases c
       where ($1::timestamptz is null or c.received_at < $1::timestamptz) and ($2::text is null or c.matter_code = $2)`,
    [to, scope.matter]
  );
  const definitions = new Map<string, Definition | undefined>();
  const cases: CaseFacts[] = [];
  for (const row of rows) {
    const key = `${row.matter_code}@${row.matter_version}`;
    if (!definitions.has(key)) definitions.set(key, await s.registry.version(row.matter_code, row.matter_version));
    const definition = definitions.get(key);
    // The department is filtered on the definition's (today's) name, not the name the row was written with.
    if (definition && (scope.department === null || definition.department.name === scope.department))
      cases.push({ state: row.state, definition });
  }
  const ids = cases.map(c => c.state.id);
  const supervision = await s.db.query<{ case_id: string; level: SupervisionFact['level'] }>(
    `select case_id, level from supervision_events where case_id = any($1::uuid[])`,
    [ids]
  );
  const ratings = await s.db.query<{ case_id: string; level: number; created_at: Date }>(
    `select case_id, level, created_at from evaluations where case_id = any($1::uuid[])
       and ($2::timestamptz is null or created_at >= $2::timestamptz) and ($3::timestamptz is null or created_at < $3::timestamptz)`,
    [ids, from, to]
  );
  const complaints = await s.db.query<{
    id: string;
    case_id: string | null;
    department: string;
    matter_code: string | null;
    created_at: Date;
  }>(
    `select id, case_id, department, matter_code, created_at from complaints
       where ($1::timestamptz is null or created_at >= $1::timestamptz) and ($2::timestamptz is null or created_at < $2::timestamptz)
         and (case_id = any($3::uuid[]) or (case_id is null and ($4::text is null or department = $4) and ($5::text is null or matter_code = $5)))`,
    [from, to, ids, scope.department, scope.matter]
  );
  return performance(
    {
      cases,
      supervision: supervision.map(e => ({ caseId: e.case_id, level: e.level })),
      ratings: ratings.map(r => ({ caseId: r.case_id, level: r.level, at: r.created_at.getTime() })),
      complaints: complaints.map(c => ({
        id: c.id,
        caseId: c.case_id ?? undefined,
        department: c.department,
        matterCode: c.matter_code ?? undefined,
        at: c.created_at.getTime()
      }))
    },
    { period: scope.period, now: s.now(), by: scope.by, calendar: s.calendar() }
  );
}

/** A case behind a figure, as the drill-down lists it. */
export interface CaseBehind {
  caseId: string;
  caseNumber: string;
  matterCode: string;
  matterName: string;
  department: string;
  channel: string;
  status: string;
  receivedAt: string;
  decidedAt: string | null;
  promisedDeadline: string | null;
  legalDeadline: string | null;
}

/** The cases behind one figure of the rows in scope (all rows: the scope already names a department or a matter). */
export async function casesBehind(
  s: Pick<Services, 'db' | 'registry' | 'calendar' | 'now'>,
  scope: PerformanceScope,
  figure: Figure
): Promise<CaseBehind[]> {
  const rows = await measurePerformance(s, scope);
  const ids = [...new Set(rows.flatMap(r => r.behind[figure]))];
  if (!ids.length) return [];
  const found = await s.db.query<{ state: CaseState; department: string; matter_code: string; matter_version: number }>(
    `select state, department, matter_code, matter_version from cases where case_id = any($1::uuid[])`,
    [ids]
  );
  const iso = (at: number | undefined) => (at === undefined ? null : new Date(at).toISOString());
  const items: CaseBehind[] = [];
  for (const row of found) {
    const definition = await s.registry.version(row.matter_code, row.matter_version);
    const st = row.state;
    items.push({
      caseId: st.id,
      caseNumber: st.caseNumber,
      matterCode: row.matter_code,
      matterName: definition?.name ?? row.matter_code,
      department: definition?.department.name ?? row.department,
      channel: st.channel,
      status: st.status,
      receivedAt: iso(st.receivedAt)!,
      decidedAt: iso(st.decision?.at),
      promisedDeadline: iso(st.deadlines?.promised),
      legalDeadline: iso(st.deadlines?.legal)
    });
  }
  return items.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.caseNumber.localeCompare(b.caseNumber));
}
