import type { Definition, Limit } from '@banshi/definition';
import type { CaseState, Instant } from '../cases/index.ts';

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

/** 好差评: five levels; the last two are bad ratings. */
export type Rating = 'verySatisfied' | 'satisfied' | 'basicallySatisfied' | 'dissatisfied' | 'veryDissatisfied';

export interface DepartmentPerformance {
  department: string;
  received: number;
  accepted: number;
  refused: number;
  withdrawn: number;
  decided: number;
  early: number;
  onTime: number;
  late: number;
  /** Average over decided cases, in the matter's unit, paused time excluded. */
  averageUsed: number;
  averagePromised: number;
  averageLegal: number;
  correctionRounds: number;
  ratings: number;
  badRatings: number;
  /** Share of ratings that are not bad, 0–1; undefined without ratings. */
  satisfaction: number | undefined;
}

/** How `performance` finds the Definition a case was received under: its matter's code and version. */
export const definitionKey = (state: Pick<CaseState, 'matterCode' | 'matterVersion'>) =>
  `${state.matterCode}@${state.matterVersion}`;

/**
 * Performance evaluation (绩效测评) per department, derived from the cases: volume, decided early, on time or late
 * against the promised limit, time used against the promised and legal limits, correction rounds, satisfaction.
 * Each case is measured against the version of its matter it was received under (`definitions` by `definitionKey`).
 */
export function performance(
  cases: readonly CaseState[],
  definitions: ReadonlyMap<string, Definition>,
  calendar: ElapsedCalendar,
  ratings: ReadonlyArray<{ caseId: string; rating: Rating }> = []
): DepartmentPerformance[] {
  const byDepartment = new Map<
    string,
    DepartmentPerformance & { used: number[]; promised: number[]; legal: number[] }
  >();
  const ratingOf = new Map(ratings.map(r => [r.caseId, r.rating]));
  for (const state of cases) {
    const definition = definitions.get(definitionKey(state));
    if (!definition) continue;
    const name = definition.department.name;
    let row = byDepartment.get(name);
    if (!row) {
      row = {
        department: name,
        received: 0,
        accepted: 0,
        refused: 0,
        withdrawn: 0,
        decided: 0,
        early: 0,
        onTime: 0,
        late: 0,
        averageUsed: 0,
        averagePromised: 0,
        averageLegal: 0,
        correctionRounds: 0,
        ratings: 0,
        badRatings: 0,
        satisfaction: undefined,
        used: [],
        promised: [],
        legal: []
      };
      byDepartment.set(name, row);
    }
    row.received++;
    row.correctionRounds += state.correctionRounds;
    if (state.acceptedFrom !== undefined) row.accepted++;
    if (state.refusal) row.refused++;
    if (state.withdrawal) row.withdrawn++;
    if (state.decision && state.acceptedFrom !== undefined) {
      row.decided++;
      const promised = definition.limits.promised;
      const hours = definition.department.officeHours;
      const counting = hours && calendar.withOfficeHours ? calendar.withOfficeHours(hours) : calendar;
      const used = counting.elapsed(state.acceptedFrom, state.decision.at, state.pauses, promised.unit);
      const allowed =
        promised.amount +
        (state.extension && state.extension.amount.unit === promised.unit ? state.extension.amount.amount : 0);
      if (used < allowed) row.early++;
      else if (used === allowed) row.onTime++;
      else row.late++;
      row.used.push(used);
      row.promised.push(promised.amount);
      row.legal.push(definition.limits.legal.amount);
    }
    const rating = ratingOf.get(state.id);
    if (rating) {
      row.ratings++;
      if (rating === 'dissatisfied' || rating === 'veryDissatisfied') row.badRatings++;
    }
  }
  const average = (values: number[]) =>
    values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : 0;
  return [...byDepartment.values()]
    .map(({ used, promised, legal, ...row }) => ({
      ...row,
      averageUsed: average(used),
      averagePromised: average(promised),
      averageLegal: average(legal),
      satisfaction: row.ratings ? (row.ratings - row.badRatings) / row.ratings : undefined
    }))
    .sort((a, b) => a.department.localeCompare(b.department, 'zh'));
}
