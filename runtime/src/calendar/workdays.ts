import type { CalendarYear } from '../definition/index.ts';

/** A date asked about in a year the catalogue has no calendar for: never guessed. */
export class MissingCalendarError extends Error {
  readonly code = 'calendar.missing-year';
  constructor(readonly year: number) {
    super(`目录中没有 ${year} 年的工作日历，无法计算工作日：请先收入国务院办公厅公布的 ${year} 年节假日安排。`);
    this.name = 'MissingCalendarError';
  }
}

export class InvalidDateError extends Error {
  readonly code = 'calendar.invalid-date';
  constructor(readonly date: string) {
    super(`“${date}”不是有效的日期（应为 YYYY-MM-DD）。`);
    this.name = 'InvalidDateError';
  }
}

const dayMs = 86_400_000;

function toDay(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new InvalidDateError(date);
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(time).toISOString().slice(0, 10) !== date) throw new InvalidDateError(date);
  return time / dayMs;
}

function fromDay(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

/**
 * Working days from the catalogue's yearly calendars: weekends are off unless they are adjusted workdays,
 * holidays are off. Pure: dates are YYYY-MM-DD strings in Asia/Shanghai.
 */
export class WorkCalendar {
  private readonly years = new Map<number, { off: Set<string>; on: Set<string> }>();

  constructor(calendars: readonly CalendarYear[]) {
    for (const calendar of calendars) {
      const off = new Set<string>();
      for (const holiday of calendar.holidays) {
        for (let day = toDay(holiday.from); day <= toDay(holiday.to); day++) off.add(fromDay(day));
      }
      this.years.set(calendar.year, { off, on: new Set(calendar.adjustedWorkdays) });
    }
  }

  /** The years this calendar covers, ascending. */
  get coveredYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  isWorkday(date: string): boolean {
    const day = toDay(date);
    const year = this.years.get(Number(date.slice(0, 4)));
    if (!year) throw new MissingCalendarError(Number(date.slice(0, 4)));
    if (year.on.has(date)) return true;
    if (year.off.has(date)) return false;
    const weekday = new Date(day * dayMs).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The day on which `n` workdays after `date` end: the start day is not counted. */
  addWorkdays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数应为非负整数，现为 ${n}。`);
    let day = toDay(date);
    this.isWorkday(date);
    let counted = 0;
    while (counted < n) {
      day++;
      if (this.isWorkday(fromDay(day))) counted++;
    }
    return fromDay(day);
  }

  /** Workdays after `from` up to and including `to` (0 when `to` is not after `from`). */
  workdaysBetween(from: string, to: string): number {
    let count = 0;
    for (let day = toDay(from) + 1; day <= toDay(to); day++) {
      if (this.isWorkday(fromDay(day))) count++;
    }
    return count;
  }
}
