import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../testing/catalog.ts';
import {
  business,
  hygiene,
  hygiene2,
  idOf,
  nameOf,
  performanceCases,
  performanceEvents,
  performanceNow,
  performanceRatings,
  permit
} from '../testing/performance-cases.ts';
import { performance, type MeasuredRow } from './performance.ts';
import { periodOf } from './period.ts';

const { calendar } = loadCatalog();
const definitions = {
  1: { [hygiene.code]: hygiene, [business.code]: business, [permit.code]: permit },
  2: { [hygiene.code]: hygiene2 }
};
const cases = performanceCases().map(c => ({
  state: c.state,
  definition: definitions[c.version as 1 | 2][c.state.matterCode]!
}));
const measure = (period: string, by: 'department' | 'matter' = 'department') =>
  performance(
    {
      cases,
      supervision: performanceEvents.map(e => ({ caseId: idOf(e.name), level: e.level })),
      ratings: performanceRatings.map(r => ({ caseId: idOf(r.name), level: r.level, at: r.at }))
    },
    { period: periodOf(period), now: performanceNow, by, calendar }
  );
const row = (rows: MeasuredRow[], key: string) => rows.find(r => r.key === key)!;
const behind = (r: MeasuredRow, figure: keyof MeasuredRow['behind']) => r.behind[figure].map(nameOf).sort();

describe('performance figures from case facts', () => {
  it('judges a decided case against the deadlines of its own version; a carded case is never early', () => {
    const health = row(measure('2026-Q4'), '市卫生健康委员会');
    // H11 (version 2, five workdays promised) used two: early; H4 (version 1, one workday) used two: late.
    expect(behind(health, 'promisedEarly')).toEqual(['H1', 'H11']);
    // H3 was decided the day it was accepted, but it had a yellow card: on time, against both limits. H4 and H9,
    // late against the promised day and carded, are within their legal limits: on time there, not early.
    expect(behind(health, 'promisedOnTime')).toEqual(['H2', 'H3', 'H6']);
    expect(behind(health, 'legalOnTime')).toEqual(['H3', 'H4', 'H9']);
    expect(behind(health, 'legalEarly')).toEqual(['H1', 'H11', 'H2', 'H6']);
  });

  it('counts a case still open past its deadline as late, placed in the period its deadline passed', () => {
    const health = row(measure('2026-Q4'), '市卫生健康委员会');
    // H5: accepted 2 November, undecided on 30 November: past its promised day (3 Nov), not its legal (30 Nov).
    expect(behind(health, 'promisedLate')).toEqual(['H4', 'H5', 'H9']);
    expect(behind(health, 'legalLate')).toEqual([]);
    expect(row(measure('2026-12'), '市卫生健康委员会').promised.late).toBe(0);
  });

  it('leaves special-procedure time out and keeps hours apart from workdays', () => {
    const rows = measure('2026-Q4');
    // P2: expert review from 3 to 16 November; one workday before it and one after.
    expect(row(rows, '市住房和建设局').averages.promised.workdays).toEqual({ cases: 1, used: 2, limit: 7 });
    // M1 1.5, M2 4 and M3 0.5 office hours against the two promised; the legal limit in workdays apart.
    expect(row(rows, '市市场监督管理局').averages).toMatchObject({
      promised: { hours: { cases: 3, used: 2, limit: 2 }, workdays: { cases: 0, used: null, limit: null } },
      legal: { workdays: { cases: 3, used: 0, limit: 3 }, hours: { cases: 0, used: null, limit: null } }
    });
    expect(row(rows, '市市场监督管理局').promised).toEqual({ early: 1, onTime: 1, late: 1 });
  });

  it('rows by matter, and a period placing each figure by its own date', () => {
    const byMatter = measure('2026-Q4', 'matter');
    expect(byMatter.map(r => r.key).sort()).toEqual([business.code, permit.code, hygiene.code].sort());
    const october = row(measure('2026-10'), '市卫生健康委员会');
    expect(october).toMatchObject({ received: 0, decided: 1, ratings: { total: 1, satisfied: 1 } });
    expect(behind(october, 'decided')).toEqual(['H9']);
    expect(october.channels).toMatchObject({ onlineShare: null, target: 0.7, targetBy: '2026-10', met: null });
    expect(row(measure('2026-09'), '市卫生健康委员会').channels).toMatchObject({ target: 0.3, targetBy: '2026-04' });
    expect(row(measure('2026-Q1'), '市卫生健康委员会').channels.target).toBeNull();
  });
});
