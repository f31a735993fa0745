import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarYear } from '../definition/index.ts';
import { MissingCalendarError, WorkCalendar } from './workdays.ts';

const official = JSON.parse(readFileSync(new URL('../../../tests/data/calendar-cn-2025-2026.json', import.meta.url), 'utf8')) as {
  years: Record<string, { holidays: Array<{ name: string; from: string; to: string }>; adjustedWorkdays: string[] }>;
  checks: { workdaysIn2025: number; workdaysIn2026: number; examples: Array<{ from: string; workdays: number; ends: string }> };
};
const years: CalendarYear[] = Object.entries(official.years).map(([year, y]) => ({
  year: Number(year), holidays: y.holidays, adjustedWorkdays: y.adjustedWorkdays, officeHours: []
}));
const calendar = new WorkCalendar(years);

describe('the working-day calendar on the State Council schedules', () => {
  it.each(official.checks.examples)('$workdays workdays after $from end on $ends', ({ from, workdays, ends }) => {
    expect(calendar.addWorkdays(from, workdays)).toBe(ends);
  });

  it('counts 248 workdays in 2025 and in 2026', () => {
    expect(calendar.workdaysBetween('2024-12-31', '2025-12-31')).toBe(official.checks.workdaysIn2025);
    expect(calendar.workdaysBetween('2025-12-31', '2026-12-31')).toBe(official.checks.workdaysIn2026);
  });

  it('works every Saturday and Sunday make-up day and rests on every holiday', () => {
    for (const y of Object.values(official.years)) {
      for (const day of y.adjustedWorkdays) expect(calendar.isWorkday(day)).toBe(true);
      for (const h of y.holidays) expect(calendar.isWorkday(h.from)).toBe(false);
    }
  });

  it('refuses to guess in a year it has no calendar for', () => {
    expect(() => calendar.addWorkdays('2026-12-30', 5)).toThrow(MissingCalendarError);
    expect(() => calendar.isWorkday('2027-01-04')).toThrow(/2027 年/);
  });
});
