import { describe, expect, it } from 'vitest';
import { at, loadCatalog } from '../testing/catalog.ts';
import { business, hygiene, performanceCases, permit } from '../testing/performance-cases.ts';
import { measureOf } from './measure-projection.ts';

const { calendar } = loadCatalog();
const cases = performanceCases();
const measure = (name: string) => {
  const { state } = cases.find(c => c.name === name)!;
  const definition = [hygiene, business, permit].find(d => d.code === state.matterCode)!;
  return measureOf(state, definition, calendar);
};

describe('a case as performance evaluation measures it', () => {
  it('a decided case: its verdict before cards and the time used against each limit', () => {
    // H4: accepted 2 Nov, decided 4 Nov 16:00 — two workdays against one promised (late), twenty legal (early).
    expect(measure('H4')).toMatchObject({
      channel: 'online',
      receivedAt: at('2026-11-02 09:00'),
      acceptedAt: at('2026-11-02 09:00'),
      decidedAt: at('2026-11-04 16:00'),
      closedAt: at('2026-11-04 16:00'),
      promised: { verdict: 'late', unit: 'workdays', used: 2, limit: 1, movable: false },
      legal: { verdict: 'early', unit: 'workdays', used: 2, limit: 20 }
    });
  });

  it('office hours count an immediate matter, and a special procedure is left out of the time used', () => {
    expect(measure('M1').promised).toMatchObject({ verdict: 'onTime', unit: 'hours', used: 1.5, limit: 2 });
    expect(measure('P2')).toMatchObject({ channel: 'express', promised: { verdict: 'early', used: 2, limit: 7 } });
  });

  it('an open case has deadlines and no verdict; a refused or withdrawn one is closed on that day', () => {
    const open = measure('H5');
    expect(open.closedAt).toBeUndefined();
    expect(open.decidedAt).toBeUndefined();
    expect(open.promised).toEqual({ deadline: at('2026-11-03 24:00'), movable: false });
    expect(measure('H7')).toMatchObject({ refusedAt: at('2026-11-03 09:00'), closedAt: at('2026-11-03 09:00') });
    expect(measure('H8')).toMatchObject({ withdrawnAt: at('2026-11-03 09:00'), closedAt: at('2026-11-03 09:00') });
    expect(measure('P1')).toMatchObject({ channel: 'window', acceptedAt: undefined, promised: { movable: false } });
  });

  it("a paused case's deadline can still move while time remains on it; a passed one cannot", () => {
    const { state } = cases.find(c => c.name === 'H5')!;
    const paused = {
      ...state,
      paused: {
        since: at('2026-11-05 10:00'),
        reason: 'correction' as const,
        remaining: {
          promised: { amount: 0, unit: 'workdays' as const },
          legal: { amount: 17, unit: 'workdays' as const }
        }
      }
    };
    const m = measureOf(paused, hygiene, calendar);
    expect([m.promised.movable, m.legal.movable]).toEqual([false, true]);
  });
});
