import { fillMeasures, type Services } from '../cases/index.ts';
import { currentNames } from '../catalog/index.ts';
import type { Db, Sql } from '../platform/db/db.ts';
import {
  behind,
  cardedEarly,
  caseSums,
  complaintSums,
  pairs,
  ratingSums,
  supervisionSums,
  type MeasureParams
} from './measure-sql.ts';
import { units, type Figure, type PerformanceRow } from './performance.ts';
import { onlineTarget, type Period } from './period.ts';

/** Whose figures: one department's or all (null), one matter's or all (null), in a period, a row per what `by` says. */
export interface PerformanceScope {
  department: string | null;
  matter: string | null;
  period: Period;
  by: 'department' | 'matter';
}

/** The figures are read from `reads` (a replica, when the site has one) and filled, when due, on `db`. */
type Reader = Pick<Services, 'db' | 'registry' | 'now'> & Partial<Pick<Services, 'reads'>>;

/**
 * Rows without the case ids behind each figure (those are `casesBehind`'s, a query per figure); `behind` is left
 * optional and absent so that callers which strip it (`({ behind: _, ...row })`) keep working.
 */
export type MeasuredRows = Array<PerformanceRow & { behind?: never }>;

const filled = new WeakMap<Db, Promise<number>>();

/**
 * Cases without a measure row (written before migration 019, or by hand) get theirs once per process and database,
 * before the first figures are read; from then on the case store writes the row with every move of a case.
 */
export function measuresFilled(s: Pick<Services, 'db' | 'registry'>): Promise<number> {
  let done = filled.get(s.db);
  if (!done) {
    done = fillMeasures(s.db, s.registry);
    filled.set(s.db, done);
    done.catch(() => filled.delete(s.db));
  }
  return done;
}

/** The parameters of the measure queries; department names as today's, with the department's former names. */
function paramsOf(s: Reader, scope: PerformanceScope): { params: MeasureParams; current: (name: string) => string } {
  const names = currentNames(s.registry.catalog());
  const current = (name: string) => names.get(name) ?? name;
  // A department is named as today: a former name is no department's any more.
  const departments =
    scope.department === null
      ? null
      : names.has(scope.department)
        ? []
        : [scope.department, ...[...names].filter(([, now]) => now === scope.department).map(([former]) => former)];
  const iso = (at: number | undefined, open: string) => (at === undefined ? open : new Date(at).toISOString());
  return {
    params: {
      // Far instants rather than ±infinity: postgres.js serializes a timestamptz parameter through Date.
      from: iso(scope.period.from, '0001-01-01T00:00:00.000Z'),
      to: iso(scope.period.to, '9999-12-31T00:00:00.000Z'),
      departments,
      matter: scope.matter,
      now: new Date(s.now()).toISOString()
    },
    current
  };
}

/**
 * Runs the measure queries in one read-only snapshot, each planned for its own parameters: a plan cached for the
 * whole city (no department, a sequential scan) must not serve one department's year, nor the other way round.
 */
function reading<T>(db: Db, fn: (tx: Sql) => Promise<T>): Promise<T> {
  return db.transaction(async tx => {
    await tx.query('set transaction isolation level repeatable read, read only');
    await tx.query('set local plan_cache_mode = force_custom_plan');
    return fn(tx);
  });
}

type Totals = Map<string, number>;
const add = (totals: Totals, name: string, n: number) => totals.set(name, (totals.get(name) ?? 0) + n);

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Performance figures (绩效测评; see `performance`, which they equal) summed in SQL over `case_measures`: each case
 * judged against the Definition of its own matter version when it was written, a department's former names counted
 * as the department (so a renamed department's cases stay its own), a carded case never early, with the supervision
 * events raised on the cases, their ratings (评价) and the complaints (投诉) of the period.
 */
export async function measurePerformance(s: Reader, scope: PerformanceScope): Promise<MeasuredRows> {
  await measuresFilled(s);
  const { params, current } = paramsOf(s, scope);
  // One snapshot for every query, one after the other: each already uses the server's parallel workers, and
  // figures read at one instant add up (a case decided between two queries is not counted in one and not the other).
  const [sums, carded, events, ratings, complaints, present] = await reading(s.reads ?? s.db, async tx => {
    return [
      await caseSums(tx, params),
      await cardedEarly(tx, params),
      await supervisionSums(tx, params),
      await ratingSums(tx, params),
      await complaintSums(tx, params),
      await pairs(tx, params)
    ] as const;
  });

  const rows = new Map<string, { department: string; matterCode: string | null; totals: Totals }>();
  const keyOf = (department: string, matterCode: string) =>
    scope.by === 'department' ? current(department) : matterCode;
  const rowFor = (department: string, matterCode: string) => {
    const key = keyOf(department, matterCode);
    let row = rows.get(key);
    if (!row) {
      const live = scope.by === 'matter' ? s.registry.live(matterCode)?.definition : undefined;
      row = {
        department: live?.department.name ?? current(department),
        matterCode: scope.by === 'matter' ? matterCode : null,
        totals: new Map()
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const p of present) rowFor(p.department, p.matter_code);
  for (const r of sums) {
    const { totals } = rowFor(r.department, r.matter_code);
    for (const [name, value] of Object.entries(r))
      if (name !== 'department' && name !== 'matter_code') add(totals, name, Number(value));
  }
  for (const r of carded) {
    const { totals } = rowFor(r.department, r.matter_code);
    for (const which of ['promised', 'legal'] as const) {
      add(totals, `${which}_early`, -r[which]);
      add(totals, `${which}_on_time`, r[which]);
    }
  }
  for (const e of events) add(rowFor(e.department, e.matter_code).totals, `level_${e.level}`, e.n);
  for (const r of ratings) add(rowFor(r.department, r.matter_code).totals, `rating_${r.level}`, r.n);
  for (const c of complaints) {
    let totals: Totals | undefined;
    if (c.about_case) totals = rowFor(c.department, c.matter_code!).totals;
    else if (scope.by === 'department') totals = rowFor(c.department, c.matter_code ?? '').totals;
    // A complaint naming no case counts for its matter only when that matter has a row.
    else if (c.matter_code !== null) totals = rows.get(c.matter_code)?.totals;
    if (!totals) continue;
    add(totals, 'complaints', c.n);
    if (!c.about_case) add(totals, 'complaints_without_case', c.n);
  }

  const target = onlineTarget(scope.period);
  return [...rows.entries()]
    .map(([key, { department, matterCode, totals }]) => {
      const n = (name: string) => totals.get(name) ?? 0;
      const received = n('received');
      const online = n('online');
      const averages = (which: 'promised' | 'legal') =>
        Object.fromEntries(
          units.map(unit => {
            const cases = n(`${which}_${unit}_cases`);
            const mean = (what: 'used' | 'limit') => (cases ? round2(n(`${which}_${unit}_${what}`) / cases) : null);
            return [unit, { cases, used: mean('used'), limit: mean('limit') }];
          })
        ) as PerformanceRow['averages']['promised'];
      const level = (l: number) => n(`rating_${l}`);
      const total = [1, 2, 3, 4, 5].reduce((a, l) => a + level(l), 0);
      const bad = level(1) + level(2);
      const share = received ? online / received : null;
      const cards = n('level_yellowCard') + n('level_redCard');
      const live = matterCode === null ? undefined : s.registry.live(matterCode)?.definition;
      return {
        key,
        department,
        matterCode,
        matterName: matterCode === null ? null : (live?.name ?? matterCode),
        received,
        accepted: n('accepted'),
        refused: n('refused'),
        withdrawn: n('withdrawn'),
        decided: n('decided'),
        promised: {
          early: n('promised_early'),
          onTime: n('promised_on_time'),
          late: n('promised_late_decided') + n('promised_late_open')
        },
        legal: {
          early: n('legal_early'),
          onTime: n('legal_on_time'),
          late: n('legal_late_decided') + n('legal_late_open')
        },
        averages: { promised: averages('promised'), legal: averages('legal') },
        correctionRounds: n('correction_rounds'),
        corrected: n('corrected'),
        warnings: n('level_warning'),
        yellowCards: n('level_yellowCard'),
        redCards: n('level_redCard'),
        anomalies: n('level_anomaly'),
        cardsPer100: received ? round2((cards * 100) / received) : null,
        anomaliesPer100: received ? round2((n('level_anomaly') * 100) / received) : null,
        complaints: n('complaints'),
        complaintsWithoutCase: n('complaints_without_case'),
        ratings: {
          verySatisfied: level(5),
          satisfied: level(4),
          basicallySatisfied: level(3),
          dissatisfied: level(2),
          veryDissatisfied: level(1),
          total,
          bad,
          satisfaction: total ? round2((total - bad) / total) : null
        },
        channels: {
          online,
          window: n('window'),
          express: n('express'),
          onlineShare: share === null ? null : round2(share),
          target: target?.share ?? null,
          targetBy: target?.by ?? null,
          met: target && share !== null ? share >= target.share : null
        }
      } satisfies PerformanceRow;
    })
    .sort((a, b) => a.department.localeCompare(b.department, 'zh') || a.key.localeCompare(b.key));
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

/** How many cases the drill-down lists at most (oldest received first): a page a supervisor reads, not an export. */
export const behindLimit = 1000;

/** The cases behind one figure of the rows in scope (all rows: the scope already names a department or a matter). */
export async function casesBehind(
  s: Reader,
  scope: PerformanceScope,
  figure: Figure,
  limit = behindLimit,
  offset = 0
): Promise<CaseBehind[]> {
  await measuresFilled(s);
  const { params, current } = paramsOf(s, scope);
  const rows = await reading(s.reads ?? s.db, tx => behind(tx, params, figure, limit, offset));
  const iso = (at: Date | null) => (at === null ? null : new Date(at).toISOString());
  return rows.map(r => ({
    caseId: r.case_id,
    caseNumber: r.case_number,
    matterCode: r.matter_code,
    matterName: r.matter_name,
    department: current(r.department),
    channel: r.channel,
    status: r.status,
    receivedAt: iso(r.received_at)!,
    decidedAt: r.decided_at === null ? null : new Date(Number(r.decided_at)).toISOString(),
    promisedDeadline: iso(r.promised_deadline),
    legalDeadline: iso(r.legal_deadline)
  }));
}
