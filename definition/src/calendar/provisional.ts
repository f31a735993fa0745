import { Lunar } from 'lunar-typescript';
import type { CalendarYear } from '../definition/index.ts';
import { fromDay, toDay, weekdayOf } from './time.ts';

/** Where the provisional rule comes from, shown with every provisional year. */
export const provisionalSource =
  '按《全国年节及纪念日放假办法》第二条、第六条推算的暂定日历（国务院办公厅尚未公布该年节假日安排，不含调休）';

/** The earliest and latest years the provisional rule (and the lunar tables behind it) is used for. */
export const provisionalRange = { from: 2000, to: 2099 } as const;

interface Festival {
  name: string;
  /** The festival's days, as day numbers. */
  days: number[];
}

const solar = (year: number, month: number, day: number) =>
  toDay(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
const lunar = (year: number, month: number, day: number) => toDay(Lunar.fromYmd(year, month, day).getSolar().toYmd());
const run = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);

/**
 * The holidays for all citizens of 《全国年节及纪念日放假办法》 art. 2 in `year`: the 2024 revision from 2025 on
 * (春节 from 除夕, 劳动节 two days), the 2013 revision before. Lunar dates and the 清明 solar term come from the
 * lunar-typescript tables, never from a table of our own.
 */
export function statutoryHolidays(year: number): Festival[] {
  const newYear = lunar(year, 1, 1);
  const qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()['清明'];
  if (!qingming || qingming.getYear() !== year) throw new RangeError(`无法推算 ${year} 年的清明。`);
  const since2025 = year >= 2025;
  return [
    { name: '元旦', days: [solar(year, 1, 1)] },
    // 除夕 is the last day of the lunar year: the day before 正月初一 (in some years 腊月廿九).
    { name: '春节', days: since2025 ? run(newYear - 1, 4) : run(newYear, 3) },
    { name: '清明节', days: [toDay(qingming.toYmd())] },
    { name: '劳动节', days: run(solar(year, 5, 1), since2025 ? 2 : 1) },
    { name: '端午节', days: [lunar(year, 5, 5)] },
    { name: '中秋节', days: [lunar(year, 8, 15)] },
    { name: '国庆节', days: run(solar(year, 10, 1), 3) }
  ];
}

const isWeekend = (day: number) => weekdayOf(day) === 0 || weekdayOf(day) === 6;

/**
 * A provisional calendar for a year the State Council has not yet published: weekends rest, the statutory holidays
 * of art. 2 rest, and (art. 6) a holiday that falls on a Saturday or Sunday is made up on the first following
 * workday that is not itself a holiday or an earlier make-up day. A day two holidays share is one rest day, so the
 * second holiday is made up the same way: the law gives each holiday its day. No 调休 (a weekend worked to join
 * rest days) is guessed: that is the State Council's to decide. Office hours are the caller's (the nearest
 * published year's).
 */
export function provisionalYear(year: number, officeHours: CalendarYear['officeHours']): CalendarYear {
  if (!Number.isInteger(year) || year < provisionalRange.from || year > provisionalRange.to) {
    throw new RangeError(
      `无法为 ${year} 年推算暂定工作日历（可推算 ${provisionalRange.from}—${provisionalRange.to} 年）。`
    );
  }
  const festivals = statutoryHolidays(year);
  const rest = new Set<number>();
  const owed: Array<{ name: string; after: number }> = [];
  for (const festival of festivals) {
    for (const day of festival.days) {
      if (rest.has(day) || isWeekend(day)) owed.push({ name: festival.name, after: day });
      rest.add(day);
    }
  }
  const holidays: CalendarYear['holidays'] = festivals.flatMap(f =>
    ranges(f.days).map(([from, to]) => ({ name: f.name, from: fromDay(from), to: fromDay(to) }))
  );
  const madeUp = new Set<number>();
  for (const debt of owed.sort((a, b) => a.after - b.after)) {
    let day = debt.after + 1;
    while (isWeekend(day) || rest.has(day) || madeUp.has(day)) day++;
    madeUp.add(day);
    holidays.push({ name: `${debt.name}（补假）`, from: fromDay(day), to: fromDay(day) });
  }
  for (const day of madeUp) rest.add(day);
  holidays.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  return { year, source: provisionalSource, holidays, adjustedWorkdays: [], officeHours };
}

/** Consecutive runs of ascending day numbers, as [first, last] pairs. */
function ranges(days: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const day of [...days].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && day === last[1] + 1) last[1] = day;
    else out.push([day, day]);
  }
  return out;
}
