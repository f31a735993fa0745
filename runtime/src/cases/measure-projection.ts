import type { Definition, Limit } from '@banshi/definition';
import { dateOf, WorkCalendar } from '@banshi/definition/calendar';
import type { DefinitionRegistry } from '../catalog/index.ts';
import type { Sql } from '../platform/db/db.ts';
import { part, type SqlPart } from '../platform/db/write-statement.ts';
import type { CaseState } from './engine/case-state.ts';
import type { Instant } from './engine/types.ts';

type Unit = Limit['unit'];

/** Time used with paused intervals left out, on a department's office hours when it has its own. */
export interface MeasureCalendar {
  elapsed(from: Instant, to: Instant, pauses: CaseState['pauses'], unit: Unit): number;
  withOfficeHours?(hours: NonNullable<Definition['department']['officeHours']>): MeasureCalendar;
}

/**
 * How a decided case stands against a deadline: early when decided on a day before the limit's last day, on time
 * when decided by the deadline otherwise, late after it. A case that earned a yellow or red card is never early
 * (office audit 36: a case with a late step counted as early).
 */
export function judge(decidedAt: Instant, deadline: Instant, carded: boolean): 'early' | 'onTime' | 'late' {
  if (decidedAt > deadline) return 'late';
  if (!carded && dateOf(decidedAt) < dateOf(deadline - 1)) return 'early';
  return 'onTime';
}

/** How a case stands against one limit (promised or legal), as performance evaluation judges it. */
export interface MeasureAgainst {
  deadline?: Instant;
  /** An open case's deadline can still move: paused with time remaining (a passed deadline stays passed). */
  movable: boolean;
  /** A decided case's verdict before cards: a carded case is never early, decided when figures are read. */
  verdict?: 'early' | 'onTime' | 'late';
  unit?: Unit;
  used?: number;
  /** The limit with an extension in the same unit. */
  limit?: number;
}

/** One case as the performance figures (绩效测评) need it: a row of `case_measures`. */
export interface CaseMeasure {
  caseId: string;
  department: string;
  matterCode: string;
  matterName: string;
  channel: 'online' | 'window' | 'express';
  receivedAt: Instant;
  acceptedAt?: Instant;
  refusedAt?: Instant;
  withdrawnAt?: Instant;
  /** Decided with deadlines counted. */
  decidedAt?: Instant;
  /** Decided, refused or withdrawn; undefined while open. */
  closedAt?: Instant;
  correctionRounds: number;
  promised: MeasureAgainst;
  legal: MeasureAgainst;
}

/**
 * What performance evaluation (supervision/performance.ts) reads of a case and the Definition of its own matter
 * version, computed when the case is written: the same dates, the verdict before cards and the time used (paused
 * time left out, on the department's office hours).
 */
export function measureOf(state: CaseState, definition: Definition, calendar: MeasureCalendar): CaseMeasure {
  const closed = [state.decision?.at, state.refusal?.at, state.withdrawal?.at].filter(
    (at): at is Instant => at !== undefined
  );
  const decided = state.decision && state.acceptedFrom !== undefined && state.deadlines ? state.decision.at : undefined;
  // Only a decided case's time used is counted (a department's own office hours make a calendar of their own).
  const counting = () =>
    definition.department.officeHours && calendar.withOfficeHours
      ? calendar.withOfficeHours(definition.department.officeHours)
      : calendar;
  const against = (which: 'promised' | 'legal'): MeasureAgainst => {
    const deadline = state.deadlines?.[which];
    const movable = state.paused !== undefined && state.paused.remaining[which].amount !== 0;
    if (decided === undefined || deadline === undefined) return { deadline, movable };
    const limit = definition.limits[which];
    const extended = state.extension && state.extension.amount.unit === limit.unit ? state.extension.amount.amount : 0;
    return {
      deadline,
      movable,
      verdict: judge(decided, deadline, false),
      unit: limit.unit,
      used: counting().elapsed(state.acceptedFrom!, decided, state.pauses, limit.unit),
      limit: limit.amount + extended
    };
  };
  return {
    caseId: state.id,
    department: definition.department.name,
    matterCode: definition.code,
    matterName: definition.name,
    channel: state.channel === 'onSite' ? 'window' : state.channel,
    receivedAt: state.receivedAt,
    acceptedAt: state.acceptedAt ?? state.acceptedFrom,
    refusedAt: state.refusal?.at,
    withdrawnAt: state.withdrawal?.at,
    decidedAt: decided,
    closedAt: closed.length ? Math.max(...closed) : undefined,
    correctionRounds: state.correctionRounds,
    promised: against('promised'),
    legal: against('legal')
  };
}

const fields = [
  'department text',
  'matter_code text',
  'matter_version int',
  'matter_name text',
  'channel text',
  'received_at timestamptz',
  'accepted_at timestamptz',
  'refused_at timestamptz',
  'withdrawn_at timestamptz',
  'decided_at timestamptz',
  'active_until timestamptz',
  'correction_rounds int',
  ...['promised', 'legal'].flatMap(w => [
    `${w}_deadline timestamptz`,
    `${w}_movable boolean`,
    `${w}_verdict text`,
    `${w}_unit text`,
    `${w}_used float8`,
    `${w}_limit float8`
  ]),
  'calendar_epoch int'
];
const names = fields.map(f => f.split(' ')[0]!);

/** Upserts the rows of `$1` (a JSON array of `measureRow`); with `target`, for the case the write statement moved. */
const upsert = (fromTarget: boolean) =>
  `insert into case_measures (case_id, ${names.join(', ')})
   select ${fromTarget ? 't.case_id' : 'r.case_id'}, ${names.map(n => `r.${n}`).join(', ')}
   from ${fromTarget ? 'target t, ' : ''}jsonb_to_recordset($1::jsonb) as r(case_id uuid, ${fields.join(', ')})
   on conflict (case_id) do update set ${names.map(n => `${n} = excluded.${n}`).join(', ')}`;

const iso = (at: number | undefined) => (at === undefined ? null : new Date(at).toISOString());

/** A measure as a row of `case_measures`, as JSON for `jsonb_to_recordset`. */
export function measureRow(m: CaseMeasure, matterVersion: number, epoch: number): Record<string, unknown> {
  const row: Record<string, unknown> = {
    case_id: m.caseId,
    department: m.department,
    matter_code: m.matterCode,
    matter_version: matterVersion,
    matter_name: m.matterName,
    channel: m.channel,
    received_at: iso(m.receivedAt),
    accepted_at: iso(m.acceptedAt),
    refused_at: iso(m.refusedAt),
    withdrawn_at: iso(m.withdrawnAt),
    decided_at: iso(m.decidedAt),
    active_until: iso(m.closedAt) ?? 'infinity',
    correction_rounds: m.correctionRounds,
    calendar_epoch: epoch
  };
  for (const which of ['promised', 'legal'] as const) {
    const a = m[which];
    row[`${which}_deadline`] = iso(a.deadline);
    row[`${which}_movable`] = a.movable;
    row[`${which}_verdict`] = a.verdict ?? null;
    row[`${which}_unit`] = a.unit ?? null;
    row[`${which}_used`] = a.used ?? null;
    row[`${which}_limit`] = a.limit ?? null;
  }
  return row;
}

const calendars = new WeakMap<object, WorkCalendar>();

/** The working-day calendar of the registry's published catalogue: the one the engine and `Services.calendar` count on. */
export function measureCalendar(registry: DefinitionRegistry): MeasureCalendar {
  const catalog = registry.catalog();
  let calendar = calendars.get(catalog);
  if (!calendar) {
    calendar = new WorkCalendar(catalog.calendars);
    calendars.set(catalog, calendar);
  }
  return calendar;
}

/** The case's `case_measures` row as a part of its write statement: the projection moves with the case or not at all. */
export function measurePart(
  registry: DefinitionRegistry,
  definition: Definition,
  state: CaseState,
  matterVersion: number
): SqlPart {
  const row = measureRow(
    measureOf(state, definition, measureCalendar(registry)),
    matterVersion,
    registry.calendarEpoch()
  );
  return part(upsert(true), JSON.stringify([row]));
}

/**
 * Fills `case_measures` for cases written without a row (a database migrated to 019, or rows written by hand),
 * `batch` cases a statement. Idempotent; a case whose matter version is missing is left out. Answers how many were filled.
 */
export async function fillMeasures(sql: Sql, registry: DefinitionRegistry, batch = 2000): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await sql.query<{ matter_code: string; matter_version: number; state: CaseState }>(
      `select c.matter_code, c.matter_version, c.state from cases c
       where not exists (select 1 from case_measures m where m.case_id = c.case_id) limit $1`,
      [batch]
    );
    const measured: Array<Record<string, unknown>> = [];
    for (const r of rows) {
      const definition = await registry.version(r.matter_code, r.matter_version, sql);
      if (!definition) continue;
      measured.push(
        measureRow(
          measureOf(r.state, definition, measureCalendar(registry)),
          r.matter_version,
          registry.calendarEpoch()
        )
      );
    }
    if (measured.length) await sql.query(upsert(false), [JSON.stringify(measured)]);
    filled += measured.length;
    if (rows.length < batch || measured.length === 0) return filled;
  }
}
