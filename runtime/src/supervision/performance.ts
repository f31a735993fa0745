import type { Definition, Limit } from '@banshi/definition';
import { judge, type CaseState, type Instant } from '../cases/index.ts';
import { inPeriod, onlineTarget, type Period } from './period.ts';

/** What performance needs of the calendar: time used with paused intervals left out. */
export interface ElapsedCalendar {
  elapsed(
    from: Instant,
    to: Instant,
    pauses: ReadonlyArray<{ from: Instant; to?: Instant }>,
    unit: Limit['unit']
  ): number;
  /** The same days with a department's own office hours (an immediate matter's hours are counted on them). */
  withOfficeHours?(hours: NonNullable<Definition['department']['officeHours']>): ElapsedCalendar;
}

export type Unit = Limit['unit'];
export const units: readonly Unit[] = ['workdays', 'days', 'hours'];

/** 好差评: five levels, 5 非常满意 … 1 非常不满意; 2 and 1 are bad ratings. */
export const ratingLevels = [
  'verySatisfied',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'veryDissatisfied'
] as const;
export type Rating = (typeof ratingLevels)[number];
export const ratingOfLevel = (level: number) => ratingLevels[5 - level]!;

/** A case with the definition of its own matter version (as `registry.version(code, version)` answers it). */
export interface CaseFacts {
  state: CaseState;
  definition: Definition;
}
export interface SupervisionFact {
  caseId: string;
  level: 'warning' | 'yellowCard' | 'redCard' | 'anomaly';
}
export interface RatingFact {
  caseId: string;
  level: number;
  at: Instant;
}
/** A complaint (投诉), about a case or only a department (and perhaps a matter). */
export interface ComplaintFact {
  id: string;
  caseId?: string;
  department: string;
  matterCode?: string;
  at: Instant;
}

/** Every figure that counts cases, by the name the drill-down takes. */
export const figures = [
  'received',
  'accepted',
  'refused',
  'withdrawn',
  'decided',
  'promisedEarly',
  'promisedOnTime',
  'promisedLate',
  'legalEarly',
  'legalOnTime',
  'legalLate',
  'corrected',
  'warnings',
  'yellowCards',
  'redCards',
  'anomalies',
  'complaints',
  'rated',
  'badRatings',
  'online',
  'window',
  'express'
] as const;
export type Figure = (typeof figures)[number];

interface Timeliness {
  early: number;
  onTime: number;
  late: number;
}
/** Average time used by the decided cases whose limit is counted in one unit, against that limit. */
export interface UnitAverage {
  cases: number;
  used: number | null;
  limit: number | null;
}
type Averages = Record<Unit, UnitAverage>;

export interface PerformanceRow {
  /** The department's name, or the matter's code when rows are by matter. */
  key: string;
  department: string;
  matterCode: string | null;
  matterName: string | null;
  received: number;
  accepted: number;
  refused: number;
  withdrawn: number;
  decided: number;
  promised: Timeliness;
  legal: Timeliness;
  /** Paused time (special procedures, corrections after acceptance) left out; each unit apart. */
  averages: { promised: Averages; legal: Averages };
  correctionRounds: number;
  corrected: number;
  warnings: number;
  yellowCards: number;
  redCards: number;
  anomalies: number;
  /** Yellow and red cards per 100 received cases; null without received cases. */
  cardsPer100: number | null;
  anomaliesPer100: number | null;
  complaints: number;
  complaintsWithoutCase: number;
  ratings: Record<Rating, number> & { total: number; bad: number; satisfaction: number | null };
  channels: {
    online: number;
    window: number;
    express: number;
    onlineShare: number | null;
    target: number | null;
    targetBy: string | null;
    met: boolean | null;
  };
}

/** A row with the case ids behind each figure (what the drill-down lists). */
export type MeasuredRow = PerformanceRow & { behind: Record<Figure, string[]> };

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The deadline an open case has overrun by `now`, or undefined: the clock running past it, or stopped after it
 * had passed (a pause does not move a passed deadline; nothing remains).
 */
function overrun(state: CaseState, which: 'legal' | 'promised', now: Instant): Instant | undefined {
  const deadline = state.deadlines?.[which];
  if (deadline === undefined) return undefined;
  if (state.paused) return state.paused.remaining[which].amount === 0 && deadline <= now ? deadline : undefined;
  return deadline <= now ? deadline : undefined;
}

const open = (state: CaseState) => !state.decision && !state.refusal && !state.withdrawal;

/**
 * Performance evaluation (绩效测评, seed 002: 业务量、正常办结、提前办结、超时办结 … 满意度) per department or per
 * matter for one period. Which date places a case in the period, figure by figure:
 * - received, channels (online share), correction rounds, cards and anomalies: the day the case was received;
 * - accepted: the acceptance (a deemed acceptance on the day it was deemed); refused, withdrawn: that day;
 * - decided, early, on time, average time used: the decision's day;
 * - late, for a case still open past its deadline at `now`: the deadline (when it became late);
 * - ratings and complaints: the day they were given.
 * Each case is judged against its own matter version (`CaseFacts.definition`) and the deadlines the engine
 * counted for it (acceptance, pauses, extension), with the time used counted on its department's office hours.
 */
export function performance(
  input: {
    cases: readonly CaseFacts[];
    supervision?: readonly SupervisionFact[];
    ratings?: readonly RatingFact[];
    complaints?: readonly ComplaintFact[];
  },
  options: { period: Period; now: Instant; by: 'department' | 'matter'; calendar: ElapsedCalendar }
): MeasuredRow[] {
  const { period, now, by, calendar } = options;
  const rows = new Map<string, MeasuredRow & { used: Record<'promised' | 'legal', Record<Unit, number[][]>> }>();
  const rowFor = (department: string, matter?: { code: string; name: string }) => {
    const key = by === 'department' ? department : matter!.code;
    let row = rows.get(key);
    if (!row) {
      row = emptyRow(key, department, by === 'matter' ? matter! : undefined);
      rows.set(key, row);
    }
    return row;
  };
  const caseRow = new Map<string, { row: ReturnType<typeof rowFor>; facts: CaseFacts }>();
  const cards = new Map<string, number>();
  for (const e of input.supervision ?? [])
    if (e.level === 'yellowCard' || e.level === 'redCard') cards.set(e.caseId, (cards.get(e.caseId) ?? 0) + 1);

  for (const facts of input.cases) {
    const { state, definition } = facts;
    const row = rowFor(definition.department.name, { code: definition.code, name: definition.name });
    caseRow.set(state.id, { row, facts });
    const count = (figure: Figure) => row.behind[figure].push(state.id);
    if (inPeriod(period, state.receivedAt)) {
      count('received');
      row.correctionRounds += state.correctionRounds;
      if (state.correctionRounds > 0) count('corrected');
      count(state.channel === 'onSite' ? 'window' : state.channel);
    }
    if (inPeriod(period, state.acceptedAt ?? state.acceptedFrom)) count('accepted');
    if (inPeriod(period, state.refusal?.at)) count('refused');
    if (inPeriod(period, state.withdrawal?.at)) count('withdrawn');
    const carded = (cards.get(state.id) ?? 0) > 0;
    if (state.decision && state.acceptedFrom !== undefined && state.deadlines) {
      if (!inPeriod(period, state.decision.at)) continue;
      count('decided');
      const counting =
        definition.department.officeHours && calendar.withOfficeHours
          ? calendar.withOfficeHours(definition.department.officeHours)
          : calendar;
      for (const which of ['promised', 'legal'] as const) {
        const verdict = judge(state.decision.at, state.deadlines[which], carded);
        count(`${which}${verdict === 'early' ? 'Early' : verdict === 'onTime' ? 'OnTime' : 'Late'}`);
        const limit = definition.limits[which];
        const extended =
          state.extension && state.extension.amount.unit === limit.unit ? state.extension.amount.amount : 0;
        const used = counting.elapsed(state.acceptedFrom, state.decision.at, state.pauses, limit.unit);
        row.used[which][limit.unit].push([used, limit.amount + extended]);
      }
    } else if (open(state))
      for (const which of ['promised', 'legal'] as const)
        if (inPeriod(period, overrun(state, which, now))) count(`${which}Late`);
  }

  for (const e of input.supervision ?? []) {
    const at = caseRow.get(e.caseId);
    if (!at || !inPeriod(period, at.facts.state.receivedAt)) continue;
    const figure = e.level === 'warning' ? 'warnings' : e.level === 'anomaly' ? 'anomalies' : (`${e.level}s` as const);
    at.row[figure]++;
    if (!at.row.behind[figure].includes(e.caseId)) at.row.behind[figure].push(e.caseId);
  }
  for (const r of input.ratings ?? []) {
    const at = caseRow.get(r.caseId);
    if (!at || !inPeriod(period, r.at)) continue;
    at.row.ratings[ratingOfLevel(r.level)]++;
    at.row.behind.rated.push(r.caseId);
    if (r.level <= 2) at.row.behind.badRatings.push(r.caseId);
  }
  for (const c of input.complaints ?? []) {
    if (!inPeriod(period, c.at)) continue;
    const known = c.caseId ? caseRow.get(c.caseId) : undefined;
    let row = known?.row;
    if (!row) {
      // A complaint naming no case (or a case outside the scope read) goes to its department, or its matter.
      if (by === 'matter' && !c.matterCode) continue;
      row = by === 'department' ? rowFor(c.department) : rows.get(c.matterCode!);
      if (!row) continue;
    }
    row.complaints++;
    if (c.caseId) {
      if (!row.behind.complaints.includes(c.caseId)) row.behind.complaints.push(c.caseId);
    } else row.complaintsWithoutCase++;
  }

  const target = onlineTarget(period);
  return [...rows.values()]
    .map(({ used, ...row }) => {
      const n = (figure: Figure) => row.behind[figure].length;
      const received = n('received');
      const online = n('online');
      const averages = (which: 'promised' | 'legal') =>
        Object.fromEntries(
          units.map(unit => {
            const pairs = used[which][unit];
            const mean = (i: 0 | 1) =>
              pairs.length ? round2(pairs.reduce((a, p) => a + p[i]!, 0) / pairs.length) : null;
            return [unit, { cases: pairs.length, used: mean(0), limit: mean(1) }];
          })
        ) as Averages;
      const total = n('rated');
      const share = received ? online / received : null;
      return {
        ...row,
        received,
        accepted: n('accepted'),
        refused: n('refused'),
        withdrawn: n('withdrawn'),
        decided: n('decided'),
        promised: { early: n('promisedEarly'), onTime: n('promisedOnTime'), late: n('promisedLate') },
        legal: { early: n('legalEarly'), onTime: n('legalOnTime'), late: n('legalLate') },
        averages: { promised: averages('promised'), legal: averages('legal') },
        corrected: n('corrected'),
        cardsPer100: received ? round2(((row.yellowCards + row.redCards) * 100) / received) : null,
        anomaliesPer100: received ? round2((row.anomalies * 100) / received) : null,
        ratings: {
          ...row.ratings,
          total,
          bad: n('badRatings'),
          satisfaction: total ? round2((total - n('badRatings')) / total) : null
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
      };
    })
    .sort((a, b) => a.department.localeCompare(b.department, 'zh') || a.key.localeCompare(b.key));
}

function emptyRow(key: string, department: string, matter?: { code: string; name: string }) {
  const timeliness = () => ({ early: 0, onTime: 0, late: 0 });
  const byUnit = () => ({ workdays: [] as number[][], days: [] as number[][], hours: [] as number[][] });
  const noAverage = () => ({
    workdays: { cases: 0, used: null, limit: null },
    days: { cases: 0, used: null, limit: null },
    hours: { cases: 0, used: null, limit: null }
  });
  return {
    key,
    department,
    matterCode: matter?.code ?? null,
    matterName: matter?.name ?? null,
    received: 0,
    accepted: 0,
    refused: 0,
    withdrawn: 0,
    decided: 0,
    promised: timeliness(),
    legal: timeliness(),
    averages: { promised: noAverage(), legal: noAverage() },
    correctionRounds: 0,
    corrected: 0,
    warnings: 0,
    yellowCards: 0,
    redCards: 0,
    anomalies: 0,
    cardsPer100: null,
    anomaliesPer100: null,
    complaints: 0,
    complaintsWithoutCase: 0,
    ratings: {
      verySatisfied: 0,
      satisfied: 0,
      basicallySatisfied: 0,
      dissatisfied: 0,
      veryDissatisfied: 0,
      total: 0,
      bad: 0,
      satisfaction: null
    },
    channels: {
      online: 0,
      window: 0,
      express: 0,
      onlineShare: null,
      target: null,
      targetBy: null,
      met: null
    },
    behind: Object.fromEntries(figures.map(f => [f, [] as string[]])) as Record<Figure, string[]>,
    used: { promised: byUnit(), legal: byUnit() }
  } satisfies MeasuredRow & { used: unknown };
}
