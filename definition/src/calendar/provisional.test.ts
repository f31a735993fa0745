import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarYear } from '../definition/index.ts';
import { CalendarRangeError, provisionalYear, statutoryHolidays, WorkCalendar } from './index.ts';

const official = JSON.parse(
  readFileSync(new URL('../../../tests/data/calendar-cn-2025-2026.json', import.meta.url), 'utf8')
) as {
  years: Record<string, { holidays: Array<{ name: string; from: string; to: string }>; adjustedWorkdays: string[] }>;
};
const published: CalendarYear[] = Object.entries(official.years).map(([year, y]) => ({
  year: Number(year),
  holidays: y.holidays,
  adjustedWorkdays: y.adjustedWorkdays,
  officeHours: [
    { from: '09:00', to: '12:00' },
    { from: '13:30', to: '17:30' }
  ]
}));
const hours = published[0]!.officeHours;

/** Every day of a holiday list, as YYYY-MM-DD. */
function days(holidays: CalendarYear['holidays']): string[] {
  const out: string[] = [];
  for (const h of holidays) {
    for (let t = Date.parse(`${h.from}T00:00:00Z`); t <= Date.parse(`${h.to}T00:00:00Z`); t += 86_400_000)
      out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out.sort();
}
const named = (year: CalendarYear, name: string) => days(year.holidays.filter(h => h.name === name));

describe('the provisional rule (全国年节及纪念日放假办法 arts. 2 and 6, 2024 revision)', () => {
  it.each([2025, 2026])('rests on nothing in %i that the State Council did not make a rest day', year => {
    const rule = new WorkCalendar([]);
    const real = new WorkCalendar(published);
    const restByRule = days(provisionalYear(year, hours).holidays);
    expect(restByRule.length).toBeGreaterThanOrEqual(13);
    for (const day of restByRule) {
      expect(rule.isWorkday(day), `${day} rests by the rule`).toBe(false);
      expect(real.isWorkday(day), `${day} rests in the published ${year} calendar`).toBe(false);
    }
  });

  it('gives the thirteen statutory days of 2027 from the lunar tables', () => {
    const y = provisionalYear(2027, hours);
    expect(named(y, '元旦')).toEqual(['2027-01-01']);
    // 农历除夕 2027-02-05, 正月初一 2027-02-06 (a Saturday).
    expect(named(y, '春节')).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
    expect(named(y, '清明节')).toEqual(['2027-04-05']);
    expect(named(y, '劳动节')).toEqual(['2027-05-01', '2027-05-02']);
    expect(named(y, '端午节')).toEqual(['2027-06-09']);
    expect(named(y, '中秋节')).toEqual(['2027-09-15']);
    expect(named(y, '国庆节')).toEqual(['2027-10-01', '2027-10-02', '2027-10-03']);
    expect(statutoryHolidays(2027).flatMap(f => f.days)).toHaveLength(13);
    expect(y.adjustedWorkdays).toEqual([]);
    expect(y.source).toMatch(/暂定/);
  });

  it('makes up a holiday on a weekend on the first following workday that is not itself a holiday (春节 across a weekend)', () => {
    const y = provisionalYear(2027, hours);
    // 春节 2027: Sat 02-06 and Sun 02-07 fall on a weekend; Mon 02-08 is 初三 itself, so the make-up days are Tue 02-09 and Wed 02-10.
    expect(named(y, '春节（补假）')).toEqual(['2027-02-09', '2027-02-10']);
    // 劳动节 2027: Sat 05-01 and Sun 05-02 → Mon 05-03 and Tue 05-04.
    expect(named(y, '劳动节（补假）')).toEqual(['2027-05-03', '2027-05-04']);
    // 国庆节 2027: Sat 10-02 and Sun 10-03 → Mon 10-04 and Tue 10-05.
    expect(named(y, '国庆节（补假）')).toEqual(['2027-10-04', '2027-10-05']);
    // 元旦 2027 is a Friday: nothing to make up.
    expect(named(y, '元旦（补假）')).toEqual([]);
    const calendar = new WorkCalendar(published);
    expect(calendar.isWorkday('2027-02-11')).toBe(true);
    expect(calendar.addWorkdays('2027-02-04', 1)).toBe('2027-02-11');
  });

  it('counts a day two holidays share once and makes up the one it loses (2031: 国庆节 and 中秋节 on 1 October)', () => {
    const y = provisionalYear(2031, hours);
    expect(named(y, '中秋节')).toEqual(['2031-10-01']);
    expect(named(y, '国庆节')).toEqual(['2031-10-01', '2031-10-02', '2031-10-03']);
    // Wed 10-01 to Fri 10-03 rest; the shared day is made up on Mon 10-06.
    expect(days(y.holidays.filter(h => h.name.endsWith('（补假）') && h.from >= '2031-10-01'))).toEqual(['2031-10-06']);
    const calendar = new WorkCalendar(published);
    expect(['2031-10-01', '2031-10-02', '2031-10-03', '2031-10-06'].map(d => calendar.isWorkday(d))).toEqual([
      false,
      false,
      false,
      false
    ]);
    expect(calendar.isWorkday('2031-10-07')).toBe(true);
  });

  it('never guesses a 调休: no weekend day is a workday in a provisional year', () => {
    const calendar = new WorkCalendar(published);
    for (let t = Date.parse('2027-01-01T00:00:00Z'); t < Date.parse('2028-01-01T00:00:00Z'); t += 86_400_000) {
      const day = new Date(t);
      if (day.getUTCDay() === 0 || day.getUTCDay() === 6)
        expect(calendar.isWorkday(day.toISOString().slice(0, 10))).toBe(false);
    }
  });
});

describe('a calendar with provisional years', () => {
  const calendar = new WorkCalendar(published);
  const at = (text: string) => Date.parse(text);

  it('counts into a year the catalogue lacks instead of refusing, and says the result is provisional', () => {
    // 2026-12-28 (Mon) + 5 workdays: 12-29, 12-30, 12-31, (01-01 元旦, 01-02/03 weekend) 01-04, 01-05.
    const deadline = calendar.deadline(at('2026-12-28T10:00+08:00'), { amount: 5, unit: 'workdays' });
    expect(deadline).toBe(at('2027-01-06T00:00+08:00'));
    expect(calendar.isProvisional(at('2026-12-28T10:00+08:00'), deadline)).toBe(true);
    expect(calendar.provisionalYearsIn(at('2026-12-28T10:00+08:00'), deadline)).toEqual([2027]);
    // A deadline ending at 00:00 on 1 January ran only through 2026.
    expect(calendar.isProvisional(at('2026-12-30T10:00+08:00'), at('2027-01-01T00:00+08:00'))).toBe(false);
    expect(calendar.isProvisionalYear(2026)).toBe(false);
    expect(calendar.coveredYears).toEqual([2025, 2026]);
  });

  it('keeps office hours in a provisional year from the nearest published one', () => {
    expect(calendar.addOfficeHours(at('2026-12-31T17:00+08:00'), 1)).toBe(at('2027-01-04T09:30+08:00'));
    expect(calendar.calendarOf(2027)).toMatchObject({ year: 2027, provisional: true, officeHours: hours });
    expect(calendar.calendarOf(2026)).toMatchObject({ year: 2026, provisional: false });
  });

  it('takes a published year over the rule the moment it is there, make-up workdays included', () => {
    const year2027: CalendarYear = {
      year: 2027,
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
      adjustedWorkdays: ['2027-01-09'],
      officeHours: hours
    };
    const later = new WorkCalendar([...published, year2027]);
    expect(later.isWorkday('2027-01-09')).toBe(true);
    expect(later.isProvisionalYear(2027)).toBe(false);
    expect(later.isProvisional(at('2026-12-28T10:00+08:00'), at('2027-01-06T00:00+08:00'))).toBe(false);
  });

  it('refuses only years outside 2000–2099, with a clear error', () => {
    expect(() => calendar.isWorkday('2100-01-04')).toThrow(CalendarRangeError);
    expect(() => calendar.isWorkday('1999-12-31')).toThrow('1999 年不在可计算工作日的年份范围内（2000—2099 年）。');
  });
});
