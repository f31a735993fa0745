import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarYear } from '../definition/index.ts';
import { CalendarRangeError, InvalidOfficeHoursError, MissingOfficeHoursError, WorkCalendar } from './index.ts';

const official = JSON.parse(
  readFileSync(new URL('../../../tests/data/calendar-cn-2025-2026.json', import.meta.url), 'utf8')
) as {
  years: Record<string, { holidays: Array<{ name: string; from: string; to: string }>; adjustedWorkdays: string[] }>;
};
const officeHours = [
  { from: '09:00', to: '12:00' },
  { from: '13:30', to: '17:30' }
];
const years = (hours: CalendarYear['officeHours']): CalendarYear[] =>
  Object.entries(official.years).map(([year, y]) => ({
    year: Number(year),
    holidays: y.holidays,
    adjustedWorkdays: y.adjustedWorkdays,
    officeHours: hours
  }));
const calendar = new WorkCalendar(years(officeHours));
const at = (text: string) => Date.parse(text);
const add = (start: string, hours: number) => new Date(calendar.addOfficeHours(at(start), hours)).toISOString();
const iso = (text: string) => new Date(at(text)).toISOString();

describe('immediate matters: hours counted within office hours (09:00-12:00, 13:30-17:30)', () => {
  it('skips the lunch break', () => {
    expect(add('2026-03-10T11:00+08:00', 2)).toBe(iso('2026-03-10T14:30+08:00'));
    expect(add('2026-03-10T11:45+08:00', 0.5)).toBe(iso('2026-03-10T13:45+08:00'));
  });

  it('skips the night', () => {
    expect(add('2026-03-10T16:30+08:00', 2)).toBe(iso('2026-03-11T10:00+08:00'));
  });

  it('skips the weekend', () => {
    expect(add('2026-03-13T17:00+08:00', 1)).toBe(iso('2026-03-16T09:30+08:00'));
  });

  it('skips the National Day holiday and works its Saturday make-up day', () => {
    expect(add('2026-09-30T17:00+08:00', 1)).toBe(iso('2026-10-08T09:30+08:00'));
    expect(add('2026-09-30T17:00+08:00', 8)).toBe(iso('2026-10-09T09:30+08:00'));
    expect(add('2026-10-03T10:00+08:00', 1)).toBe(iso('2026-10-08T10:00+08:00'));
    expect(add('2026-10-09T17:00+08:00', 1)).toBe(iso('2026-10-10T09:30+08:00'));
  });

  it('starts counting at the next opening when started outside office hours', () => {
    expect(add('2026-03-10T07:00+08:00', 1)).toBe(iso('2026-03-10T10:00+08:00'));
    expect(add('2026-03-10T12:30+08:00', 1)).toBe(iso('2026-03-10T14:30+08:00'));
    expect(add('2026-03-10T20:00+08:00', 1)).toBe(iso('2026-03-11T10:00+08:00'));
    expect(add('2026-03-10T12:30+08:00', 0)).toBe(iso('2026-03-10T13:30+08:00'));
    expect(add('2026-03-10T12:00+08:00', 0)).toBe(iso('2026-03-10T13:30+08:00'));
    expect(add('2026-03-10T17:30+08:00', 1)).toBe(iso('2026-03-11T10:00+08:00'));
    expect(add('2026-03-10T10:00+08:00', 0)).toBe(iso('2026-03-10T10:00+08:00'));
  });

  it('ends at the closing time when the hours fill a window exactly', () => {
    expect(add('2026-03-10T09:00+08:00', 3)).toBe(iso('2026-03-10T12:00+08:00'));
    expect(add('2026-03-10T09:00+08:00', 7)).toBe(iso('2026-03-10T17:30+08:00'));
  });

  it('gives a 2-hour immediate matter accepted at 16:45 on a Friday until 10:15 on Monday', () => {
    expect(calendar.deadline(at('2026-03-13T16:45+08:00'), { amount: 2, unit: 'hours' })).toBe(
      at('2026-03-16T10:15+08:00')
    );
  });

  it('measures office hours between two instants', () => {
    expect(calendar.officeHoursBetween(at('2026-03-10T11:00+08:00'), at('2026-03-11T10:00+08:00'))).toBe(6);
    expect(calendar.officeHoursBetween(at('2026-09-30T09:00+08:00'), at('2026-10-09T09:00+08:00'))).toBe(14);
    expect(calendar.officeHoursBetween(at('2026-03-10T11:45+08:00'), at('2026-03-10T13:45+08:00'))).toBe(0.5);
    expect(calendar.officeHoursBetween(at('2026-03-11T10:00+08:00'), at('2026-03-10T10:00+08:00'))).toBe(0);
    expect(calendar.officeHoursBetween(at('2026-12-31T09:00+08:00'), at('2027-01-01T00:00+08:00'))).toBe(7);
  });

  it('measures back exactly the hours it adds', () => {
    for (const start of [
      '2026-03-10T07:00+08:00',
      '2026-03-10T11:59+08:00',
      '2026-09-30T17:10+08:00',
      '2026-02-13T15:00+08:00'
    ]) {
      for (const hours of [0.25, 1, 2, 7, 16, 40]) {
        expect(
          calendar.officeHoursBetween(at(start), calendar.addOfficeHours(at(start), hours)),
          `${start} + ${hours}`
        ).toBe(hours);
      }
    }
  });

  it('refuses to count hours in a year without office hours or without a calendar', () => {
    const without = new WorkCalendar(years([]));
    expect(() => without.addOfficeHours(at('2026-03-10T10:00+08:00'), 1)).toThrow(MissingOfficeHoursError);
    expect(() => without.deadline(at('2026-03-10T10:00+08:00'), { amount: 1, unit: 'hours' })).toThrow(
      '目录中 2026 年的工作日历没有办公时间，无法按小时计算时限：请在该年日历中写明办公时间（如 09:00-12:00, 13:30-17:30）。'
    );
    expect(() => calendar.addOfficeHours(at('2099-12-31T17:00+08:00'), 1)).toThrow(CalendarRangeError);
    expect(() => calendar.addOfficeHours(at('2026-03-10T10:00+08:00'), -1)).toThrow(/非负/);
  });

  it('rejects office hours that end before they start, overlap, or pass midnight', () => {
    expect(() => new WorkCalendar(years([{ from: '12:00', to: '09:00' }]))).toThrow(InvalidOfficeHoursError);
    expect(
      () =>
        new WorkCalendar(
          years([
            { from: '09:00', to: '12:00' },
            { from: '11:30', to: '17:30' }
          ])
        )
    ).toThrow(/2025 年的办公时间/);
    expect(() => new WorkCalendar(years([{ from: '20:00', to: '25:00' }]))).toThrow(InvalidOfficeHoursError);
    expect(
      () =>
        new WorkCalendar(
          years([
            { from: '13:30', to: '17:30' },
            { from: '09:00', to: '12:00' }
          ])
        )
    ).not.toThrow();
  });
});

describe("a department's own office hours (办公时间 08:30-12:00, 14:30-18:00)", () => {
  const own = calendar.withOfficeHours([
    { from: '08:30', to: '12:00' },
    { from: '14:30', to: '18:00' }
  ]);

  it('count hours at its window on the same days, the calendar itself unchanged', () => {
    expect(new Date(own.addOfficeHours(at('2026-03-10T11:00+08:00'), 2)).toISOString()).toBe(
      iso('2026-03-10T15:30+08:00')
    );
    expect(add('2026-03-10T11:00+08:00', 2)).toBe(iso('2026-03-10T14:30+08:00'));
    // Friday 17:30 with one hour left: the half hour to 18:00, then Monday from 08:30.
    expect(new Date(own.addOfficeHours(at('2026-03-13T17:30+08:00'), 1)).toISOString()).toBe(
      iso('2026-03-16T09:00+08:00')
    );
    expect(own.isWorkday('2026-10-01')).toBe(false);
  });

  it('stand for a provisional year too, and the same hours give the same calendar', () => {
    expect(new Date(own.addOfficeHours(at('2030-03-12T08:00+08:00'), 1)).toISOString()).toBe(
      iso('2030-03-12T09:30+08:00')
    );
    expect(
      calendar.withOfficeHours([
        { from: '08:30', to: '12:00' },
        { from: '14:30', to: '18:00' }
      ])
    ).toBe(own);
  });
});
