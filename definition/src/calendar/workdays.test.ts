import { readFileSync } from 'node:fs';
import { isWorkday as chineseDaysIsWorkday } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import type { CalendarYear } from '../definition/index.ts';
import { CalendarRangeError, InvalidDateError, WorkCalendar } from './index.ts';

const official = JSON.parse(
  readFileSync(new URL('../../../tests/data/calendar-cn-2025-2026.json', import.meta.url), 'utf8')
) as {
  years: Record<string, { holidays: Array<{ name: string; from: string; to: string }>; adjustedWorkdays: string[] }>;
  checks: {
    workdaysIn2025: number;
    workdaysIn2026: number;
    examples: Array<{ from: string; workdays: number; ends: string }>;
  };
};
const years: CalendarYear[] = Object.entries(official.years).map(([year, y]) => ({
  year: Number(year),
  holidays: y.holidays,
  adjustedWorkdays: y.adjustedWorkdays,
  officeHours: []
}));
const calendar = new WorkCalendar(years);
const at = (text: string) => Date.parse(text);

function everyDay(year: number): string[] {
  const days: string[] = [];
  for (let time = Date.UTC(year, 0, 1); time < Date.UTC(year + 1, 0, 1); time += 86_400_000)
    days.push(new Date(time).toISOString().slice(0, 10));
  return days;
}

describe('the working-day calendar on the State Council schedules', () => {
  it.each(official.checks.examples)('$workdays workdays after $from end on $ends', ({ from, workdays, ends }) => {
    expect(calendar.addWorkdays(from, workdays)).toBe(ends);
  });

  it('counts 248 workdays in 2025 and in 2026', () => {
    expect(official.checks.workdaysIn2025).toBe(248);
    expect(official.checks.workdaysIn2026).toBe(248);
    expect(calendar.workdaysBetween('2024-12-31', '2025-12-31')).toBe(official.checks.workdaysIn2025);
    expect(calendar.workdaysBetween('2025-12-31', '2026-12-31')).toBe(official.checks.workdaysIn2026);
    expect(everyDay(2025).filter(day => calendar.isWorkday(day))).toHaveLength(248);
    expect(everyDay(2026).filter(day => calendar.isWorkday(day))).toHaveLength(248);
  });

  it('works every make-up day, each a Saturday or a Sunday', () => {
    const adjusted = Object.values(official.years).flatMap(y => y.adjustedWorkdays);
    expect(adjusted).toHaveLength(11);
    for (const day of adjusted) {
      expect([0, 6], `${day} is a weekend day`).toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
      expect(calendar.isWorkday(day), day).toBe(true);
    }
  });

  it('rests on every day of every holiday', () => {
    const holidays = Object.values(official.years).flatMap(y => y.holidays);
    const days = holidays.flatMap(h =>
      everyDay(Number(h.from.slice(0, 4))).filter(day => day >= h.from && day <= h.to)
    );
    expect(days).toHaveLength(28 + 33);
    for (const day of days) expect(calendar.isWorkday(day), day).toBe(false);
  });

  it.each([2025, 2026])('agrees with chinese-days on every day of %i', year => {
    const disagreements = everyDay(year).filter(day => calendar.isWorkday(day) !== chineseDaysIsWorkday(day));
    expect(disagreements).toEqual([]);
  });

  it('counts a year it has no calendar for on the provisional rule, and says so', () => {
    expect(calendar.addWorkdays('2026-12-30', 5)).toBe('2027-01-07');
    expect(calendar.isWorkday('2027-01-04')).toBe(true);
    expect(calendar.isWorkday('2027-01-01')).toBe(false);
    expect(calendar.isProvisionalYear(2027)).toBe(true);
    expect(calendar.isProvisionalYear(2024)).toBe(true);
    expect(calendar.isWorkday('2024-12-31')).toBe(true);
    expect(() => calendar.isWorkday('2100-01-04')).toThrow(CalendarRangeError);
  });

  it('rejects dates that do not exist', () => {
    expect(() => calendar.isWorkday('2026-02-29')).toThrow(InvalidDateError);
    expect(() => calendar.addWorkdays('2026-9-30', 1)).toThrow('“2026-9-30”不是有效的日期（应为 YYYY-MM-DD）。');
  });

  it('takes a make-up day from the notice of the year after (2012 made Saturday 2011-12-31 a workday)', () => {
    const across = new WorkCalendar([
      { year: 2011, holidays: [], adjustedWorkdays: [], officeHours: [] },
      {
        year: 2012,
        holidays: [{ name: '元旦', from: '2012-01-01', to: '2012-01-03' }],
        adjustedWorkdays: ['2011-12-31'],
        officeHours: []
      }
    ]);
    expect(across.isWorkday('2011-12-31')).toBe(true);
    expect(across.addWorkdays('2011-12-30', 1)).toBe('2011-12-31');
  });
});

describe('dates and deadlines in Asia/Shanghai', () => {
  it('dates an instant in Shanghai, not in UTC', () => {
    expect(calendar.dateOf(at('2026-09-30T23:59:59.999+08:00'))).toBe('2026-09-30');
    expect(calendar.dateOf(at('2026-09-30T16:00:00Z'))).toBe('2026-10-01');
    expect(calendar.dateOf(at('2026-10-01T00:00+08:00'))).toBe('2026-10-01');
  });

  it('ends a day at 00:00 Shanghai of the next day', () => {
    expect(calendar.endOfDay('2026-10-08')).toBe(at('2026-10-09T00:00+08:00'));
    expect(calendar.endOfDay('2025-12-31')).toBe(at('2026-01-01T00:00+08:00'));
  });

  it('gives a case accepted on 2026-09-30 with 1 workday until the end of 2026-10-08, after the National Day holiday', () => {
    expect(calendar.deadline(at('2026-09-30T10:00+08:00'), { amount: 1, unit: 'workdays' })).toBe(
      at('2026-10-09T00:00+08:00')
    );
    expect(calendar.deadline(at('2026-09-30T23:30+08:00'), { amount: 1, unit: 'workdays' })).toBe(
      at('2026-10-09T00:00+08:00')
    );
  });

  it('counts 20 workdays (Art. 42) over Labour Day and its Saturday make-up day, by the Shanghai date', () => {
    expect(calendar.addWorkdays('2026-04-30', 20)).toBe('2026-06-01');
    expect(calendar.deadline(at('2026-04-30T23:00+08:00'), { amount: 20, unit: 'workdays' })).toBe(
      at('2026-06-02T00:00+08:00')
    );
    expect(calendar.deadline(at('2026-05-05T15:30Z'), { amount: 20, unit: 'workdays' })).toBe(
      at('2026-06-02T00:00+08:00')
    );
    expect(calendar.deadline(at('2026-05-05T16:30Z'), { amount: 20, unit: 'workdays' })).toBe(
      at('2026-06-03T00:00+08:00')
    );
  });

  it('ends 0 workdays at the end of the start day', () => {
    expect(calendar.deadline(at('2026-09-30T10:00+08:00'), { amount: 0, unit: 'workdays' })).toBe(
      at('2026-10-01T00:00+08:00')
    );
  });

  it('counts workdays between instants by Shanghai date, not the start day', () => {
    expect(calendar.workdaysBetweenInstants(at('2026-09-30T10:00+08:00'), at('2026-09-30T17:00+08:00'))).toBe(0);
    expect(calendar.workdaysBetweenInstants(at('2026-09-30T10:00+08:00'), at('2026-10-08T09:00+08:00'))).toBe(1);
    expect(calendar.workdaysBetweenInstants(at('2026-09-29T10:00+08:00'), at('2026-09-30T16:30Z'))).toBe(1);
  });
});

describe('limits counted in calendar days (日)', () => {
  it('counts every day after the start day, weekends and holidays included', () => {
    expect(calendar.addDays('2026-09-10', 7)).toBe('2026-09-17');
    expect(calendar.addDays('2026-09-01', 20)).toBe('2026-09-21');
  });

  it('ends on the first workday after a last day that is a holiday or rest day (民法典 art. 203)', () => {
    // 10 days after 24 September is 4 October, inside the National Day holiday: the period ends on 8 October.
    expect(calendar.addDays('2026-09-24', 10)).toBe('2026-10-08');
    // 6 days after Monday 2 November is Sunday 8 November: it ends on Monday 9 November.
    expect(calendar.addDays('2026-11-02', 6)).toBe('2026-11-09');
    // Saturday 10 October 2026 is worked (调休), so a period may end on it.
    expect(calendar.addDays('2026-10-08', 2)).toBe('2026-10-10');
  });

  it('ends 0 days at the end of the start day, and as an instant at 24时 of the last day', () => {
    expect(calendar.addDays('2026-10-03', 0)).toBe('2026-10-03');
    expect(calendar.deadline(at('2026-09-24T10:00+08:00'), { amount: 10, unit: 'days' })).toBe(
      at('2026-10-09T00:00+08:00')
    );
  });

  it('stops and restarts like workdays: what is left is counted in days, and the resumed end moves off a holiday', () => {
    const deadline = calendar.deadline(at('2026-09-10T10:00+08:00'), { amount: 20, unit: 'days' });
    expect(deadline).toBe(at('2026-10-01T00:00+08:00'));
    const left = calendar.remaining(at('2026-09-15T09:00+08:00'), deadline, 'days');
    expect(left).toEqual({ amount: 15, unit: 'days' });
    // Resumed on 20 September with 15 days left: 5 October is a holiday, so the end is 8 October.
    expect(calendar.resume(at('2026-09-20T09:00+08:00'), left)).toBe(at('2026-10-09T00:00+08:00'));
    expect(
      calendar.elapsed(
        at('2026-09-10T10:00+08:00'),
        at('2026-09-30T10:00+08:00'),
        [{ from: at('2026-09-15T09:00+08:00'), to: at('2026-09-20T09:00+08:00') }],
        'days'
      )
    ).toBe(15);
  });
});
