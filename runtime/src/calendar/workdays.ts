import type { CalendarYear, Limit } from '../definition/index.ts';
import { type OfficeWindow, MissingOfficeHoursError, addOfficeTime, hoursToMs, officeTimeBetween, officeWindows } from './office-hours.ts';
import { type Pause, runningIntervals } from './pauses.ts';
import { type Instant, checkInstant, dateOf, dayOf, endOfDay, fromDay, hourMs, startOfDayNumber, toDay, weekdayOf, yearOfDay } from './time.ts';

/** A date asked about in a year the catalogue has no calendar for: never guessed. */
export class MissingCalendarError extends Error {
  readonly code = 'calendar.missing-year';
  constructor(readonly year: number) {
    super(`目录中没有 ${year} 年的工作日历，无法计算工作日：请先收入国务院办公厅公布的 ${year} 年节假日安排。`);
    this.name = 'MissingCalendarError';
  }
}

/**
 * Working days from the catalogue's yearly calendars: weekends are off unless they are adjusted workdays,
 * holidays are off. Pure: dates are YYYY-MM-DD strings and instants epoch milliseconds, both in Asia/Shanghai.
 */
export class WorkCalendar {
  private readonly officeHours = new Map<number, OfficeWindow[]>();
  private readonly days = { isWorkday: (date: string) => this.isWorkday(date), windows: (date: string) => this.windows(date) };
  /** Day numbers from `base`: 1 workday, 0 day off, -1 a year the catalogue does not cover. */
  private readonly kinds: Int8Array;
  private readonly base: number;

  constructor(calendars: readonly CalendarYear[]) {
    for (const calendar of calendars) this.officeHours.set(calendar.year, officeWindows(calendar));
    const years = this.coveredYears;
    this.base = years.length ? toDay(`${years[0]}-01-01`) : 0;
    const end = years.length ? toDay(`${years[years.length - 1]! + 1}-01-01`) : 0;
    this.kinds = new Int8Array(Math.max(0, end - this.base)).fill(-1);
    for (let day = this.base; day < end; day++) {
      if (!this.officeHours.has(yearOfDay(day))) continue;
      const weekday = weekdayOf(day);
      this.kinds[day - this.base] = weekday === 0 || weekday === 6 ? 0 : 1;
    }
    // A year's notice may move days of the year before (2012's made 2011-12-31 a workday): apply them all.
    for (const calendar of calendars) {
      for (const holiday of calendar.holidays) {
        for (let day = toDay(holiday.from); day <= toDay(holiday.to); day++) this.mark(day, 0);
      }
      for (const date of calendar.adjustedWorkdays) this.mark(toDay(date), 1);
    }
  }

  private mark(day: number, kind: 0 | 1): void {
    const index = day - this.base;
    if (index >= 0 && index < this.kinds.length && this.kinds[index] !== -1) this.kinds[index] = kind;
  }

  /** Whether a day number is a workday; a day of a year without a calendar is an error. */
  private isWorkdayNumber(day: number): boolean {
    const index = day - this.base;
    const kind = index >= 0 && index < this.kinds.length ? this.kinds[index]! : -1;
    if (kind === -1) throw new MissingCalendarError(yearOfDay(day));
    return kind === 1;
  }

  private addWorkdayNumbers(day: number, n: number): number {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数应为非负整数，现为 ${n}。`);
    this.isWorkdayNumber(day);
    let counted = 0;
    while (counted < n) {
      day++;
      if (this.isWorkdayNumber(day)) counted++;
    }
    return day;
  }

  private workdayNumbersBetween(from: number, to: number): number {
    let count = 0;
    for (let day = from + 1; day <= to; day++) if (this.isWorkdayNumber(day)) count++;
    return count;
  }

  /** The years this calendar covers, ascending. */
  get coveredYears(): number[] {
    return [...this.officeHours.keys()].sort((a, b) => a - b);
  }

  isWorkday(date: string): boolean {
    return this.isWorkdayNumber(toDay(date));
  }

  /** The day on which `n` workdays after `date` end: the start day is not counted. */
  addWorkdays(date: string, n: number): string {
    return fromDay(this.addWorkdayNumbers(toDay(date), n));
  }

  /** Workdays after `from` up to and including `to` (0 when `to` is not after `from`). */
  workdaysBetween(from: string, to: string): number {
    return this.workdayNumbersBetween(toDay(from), toDay(to));
  }

  /** The Shanghai date (YYYY-MM-DD) on which `at` falls. */
  dateOf(at: Instant): string {
    return dateOf(at);
  }

  /** The instant `date` ends: 00:00 Shanghai of the next day. */
  endOfDay(date: string): Instant {
    return endOfDay(date);
  }

  /**
   * When a limit started at `start` runs out. Workdays: the end of the `amount`-th workday after the start day
   * (the start day is not counted; 0 is the end of the start day). Hours: `addOfficeHours(start, amount)`.
   */
  deadline(start: Instant, limit: Limit): Instant {
    switch (limit.unit) {
      case 'workdays': return startOfDayNumber(this.addWorkdayNumbers(dayOf(start), limit.amount) + 1);
      case 'hours': return this.addOfficeHours(start, limit.amount);
      default: return unknownUnit(limit.unit);
    }
  }

  /**
   * The instant at which `hours` of office time after `start` have passed, counting only office hours on workdays.
   * A start outside office hours begins at the next opening; a count that fills a window ends at its closing time.
   */
  addOfficeHours(start: Instant, hours: number): Instant {
    return addOfficeTime(this.days, start, hoursToMs(hours));
  }

  /** Office hours (fractional) on workdays inside [from, to); 0 when `to` is not after `from`. */
  officeHoursBetween(from: Instant, to: Instant): number {
    return officeTimeBetween(this.days, from, to) / hourMs;
  }

  /** Workdays after the day of `from` up to and including the day of `to`: the start day is not counted. */
  workdaysBetweenInstants(from: Instant, to: Instant): number {
    checkInstant(from);
    checkInstant(to);
    return this.workdayNumbersBetween(dayOf(from), dayOf(to));
  }

  /**
   * What is left of a limit when the clock stops at `at` before `deadline`. Workdays: the workdays after the
   * day of `at` up to and including the deadline's last day (the rest of the pause day is given back on the
   * resume day, see `resume`). Hours: the office hours between `at` and `deadline`, possibly fractional.
   * Nothing is left (0) once the deadline has passed.
   */
  remaining(at: Instant, deadline: Instant, unit: Limit['unit']): Limit {
    checkInstant(at);
    checkInstant(deadline);
    switch (unit) {
      case 'workdays': return { amount: deadline > at ? this.workdayNumbersBetween(dayOf(at), dayOf(deadline - 1)) : 0, unit };
      case 'hours': return { amount: this.officeHoursBetween(at, deadline), unit };
      default: return unknownUnit(unit);
    }
  }

  /**
   * The new deadline when the clock restarts at `at` with `remaining` left: the resume day is not counted, like a
   * start day, so the deadline is the end of the `remaining`-th workday after it (or `remaining` office hours on).
   * Pausing and resuming on the same day leaves the deadline where it was.
   */
  resume(at: Instant, remaining: Limit): Instant {
    return this.deadline(at, remaining);
  }

  /**
   * Workdays (or office hours) used between `from` and `to`, paused intervals not counted. Each running stretch
   * counts like a limit: its first day is not counted and the day it stops on is, so a case finished just before
   * a deadline from `deadline`, `remaining` and `resume` has used exactly its limit.
   */
  elapsed(from: Instant, to: Instant, pauses: readonly Pause[], unit: Limit['unit']): number {
    checkInstant(from);
    checkInstant(to);
    const running = runningIntervals(from, to, pauses);
    switch (unit) {
      case 'workdays': return running.reduce((sum, part) => sum + this.workdaysBetweenInstants(part.from, part.to), 0);
      case 'hours': return running.reduce((sum, part) => sum + officeTimeBetween(this.days, part.from, part.to), 0) / hourMs;
      default: return unknownUnit(unit);
    }
  }

  private windows(date: string): readonly OfficeWindow[] {
    const year = Number(date.slice(0, 4));
    const windows = this.officeHours.get(year);
    if (!windows) throw new MissingCalendarError(year);
    if (windows.length === 0) throw new MissingOfficeHoursError(year);
    return windows;
  }
}

function unknownUnit(unit: never): never {
  throw new RangeError(`未知的时限单位：${String(unit)}。`);
}
