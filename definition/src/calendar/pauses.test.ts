import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarYear } from '../definition/index.ts';
import { WorkCalendar } from './index.ts';

const official = JSON.parse(
  readFileSync(new URL('../../../tests/data/calendar-cn-2025-2026.json', import.meta.url), 'utf8')
) as {
  years: Record<string, { holidays: Array<{ name: string; from: string; to: string }>; adjustedWorkdays: string[] }>;
};
const calendar = new WorkCalendar(
  Object.entries(official.years).map(([year, y]): CalendarYear => ({
    year: Number(year),
    holidays: y.holidays,
    adjustedWorkdays: y.adjustedWorkdays,
    officeHours: [
      { from: '09:00', to: '12:00' },
      { from: '13:30', to: '17:30' }
    ]
  }))
);
const at = (text: string) => Date.parse(text);

describe('paused clocks: special procedures and corrections are not counted', () => {
  const accepted = at('2026-09-28T10:00+08:00');
  const limit = { amount: 5, unit: 'workdays' } as const;
  const deadline = calendar.deadline(accepted, limit);
  const paused = at('2026-09-30T15:00+08:00');
  const resumed = at('2026-10-09T09:00+08:00');

  it('given a case accepted Monday 2026-09-28 with 5 workdays, it is due at the end of the make-up Saturday 2026-10-10', () => {
    expect(deadline).toBe(at('2026-10-11T00:00+08:00'));
  });

  it('when an expert review stops the clock on 2026-09-30, before National Day, 3 workdays remain', () => {
    expect(calendar.remaining(paused, deadline, 'workdays')).toEqual({ amount: 3, unit: 'workdays' });
  });

  it('when the clock restarts on 2026-10-09, the case keeps exactly those 3 workdays: due at the end of 2026-10-13', () => {
    const newDeadline = calendar.resume(resumed, calendar.remaining(paused, deadline, 'workdays'));
    expect(newDeadline).toBe(at('2026-10-14T00:00+08:00'));
    expect(calendar.workdaysBetween('2026-10-09', calendar.dateOf(newDeadline - 1))).toBe(3);
  });

  it('has used exactly the 5 workdays when finished on the new deadline day, and 6 the day after', () => {
    const pauses = [{ from: paused, to: resumed }];
    expect(calendar.elapsed(accepted, at('2026-10-13T16:00+08:00'), pauses, 'workdays')).toBe(5);
    expect(calendar.elapsed(accepted, at('2026-10-14T10:00+08:00'), pauses, 'workdays')).toBe(6);
    expect(calendar.elapsed(accepted, at('2026-10-13T16:00+08:00'), [], 'workdays')).toBe(7);
  });

  it('counts nothing while a pause is still open', () => {
    expect(calendar.elapsed(accepted, at('2026-10-12T10:00+08:00'), [{ from: paused }], 'workdays')).toBe(2);
  });

  it('leaves the deadline where it was when paused and resumed on the same day', () => {
    const start = at('2026-03-09T10:00+08:00');
    const due = calendar.deadline(start, limit);
    const left = calendar.remaining(at('2026-03-10T10:00+08:00'), due, 'workdays');
    expect(left).toEqual({ amount: 4, unit: 'workdays' });
    expect(calendar.resume(at('2026-03-10T15:00+08:00'), left)).toBe(due);
  });

  it('leaves nothing when paused on or after the deadline day, and the resume day is then the last', () => {
    expect(calendar.remaining(at('2026-10-10T11:00+08:00'), deadline, 'workdays')).toEqual({
      amount: 0,
      unit: 'workdays'
    });
    expect(calendar.remaining(at('2026-10-12T11:00+08:00'), deadline, 'workdays')).toEqual({
      amount: 0,
      unit: 'workdays'
    });
    expect(calendar.resume(at('2026-10-15T11:00+08:00'), { amount: 0, unit: 'workdays' })).toBe(
      at('2026-10-16T00:00+08:00')
    );
  });

  it('keeps the office hours left of an immediate matter across a pause over the weekend', () => {
    const start = at('2026-03-13T16:45+08:00');
    const due = calendar.deadline(start, { amount: 2, unit: 'hours' });
    const stop = at('2026-03-13T17:00+08:00');
    const restart = at('2026-03-17T11:00+08:00');
    const left = calendar.remaining(stop, due, 'hours');
    expect(left).toEqual({ amount: 1.75, unit: 'hours' });
    const newDue = calendar.resume(restart, left);
    expect(newDue).toBe(at('2026-03-17T14:15+08:00'));
    expect(calendar.elapsed(start, newDue, [{ from: stop, to: restart }], 'hours')).toBe(2);
  });

  it('merges overlapping pauses, clips them to the span and counts the rest in office hours', () => {
    const pauses = [
      { from: at('2026-03-10T08:00+08:00'), to: at('2026-03-10T09:30+08:00') },
      { from: at('2026-03-10T10:30+08:00'), to: at('2026-03-10T11:00+08:00') },
      { from: at('2026-03-10T10:00+08:00'), to: at('2026-03-10T14:30+08:00') },
      { from: at('2026-03-10T14:00+08:00'), to: at('2026-03-10T15:00+08:00') },
      { from: at('2026-03-10T16:00+08:00') }
    ];
    expect(calendar.elapsed(at('2026-03-10T09:00+08:00'), at('2026-03-10T17:30+08:00'), pauses, 'hours')).toBe(1.5);
    expect(calendar.elapsed(at('2026-03-10T09:00+08:00'), at('2026-03-10T17:30+08:00'), [], 'hours')).toBe(7);
  });

  it('counts workdays used across two correction rounds, the days waiting on the applicant excluded', () => {
    const pauses = [
      { from: at('2026-03-10T10:00+08:00'), to: at('2026-03-16T09:00+08:00') },
      { from: at('2026-03-18T10:00+08:00'), to: at('2026-03-23T09:00+08:00') }
    ];
    // Running: 03-09 → 03-10 (1), 03-16 → 03-18 (2), 03-23 → 03-25 (2).
    expect(calendar.elapsed(at('2026-03-09T10:00+08:00'), at('2026-03-25T16:00+08:00'), pauses, 'workdays')).toBe(5);
    expect(calendar.elapsed(at('2026-03-25T16:00+08:00'), at('2026-03-09T10:00+08:00'), pauses, 'workdays')).toBe(0);
  });
});
