import type { CalendarYear, Limit } from '../definition/index.ts';
import {
  type OfficeWindow,
  MissingOfficeHoursError,
  addOfficeTime,
  hoursToMs,
  officeTimeBetween,
  officeWindows
} from './office-hours.ts';
import { type Pause, runningIntervals } from './pauses.ts';
import { provisionalRange, provisionalYear } from './provisional.ts';
import {
  type Instant,
  checkInstant,
  dateOf,
  dayOf,
  endOfDay,
  fromDay,
  hourMs,
  startOfDayNumber,
  toDay,
  weekdayOf,
  yearOfDay
} from './time.ts';

/** A date outside the years any calendar can be worked out for (the published ones and 2000–2099). */
export class CalendarRangeError extends Error {
  readonly code = 'calendar.out-of-range';
  constructor(readonly year: number) {
    super(`${year} 年不在可计算工作日的年份范围内（${provisionalRange.from}—${provisionalRange.to} 年）。`);
    this.name = 'CalendarRangeError';
  }
}

const firstDay = toDay(`${provisionalRange.from}-01-01`);
const endDay = toDay(`${provisionalRange.to + 1}-01-01`);

/**
 * Working days from the catalogue's yearly calendars: weekends are off unless they are adjusted workdays,
 * holidays are off. A year the catalogue does not cover is worked out by the provisional rule (`provisionalYear`):
 * nothing is refused for a missing calendar, and every date counted on such a year says so (`isProvisional`).
 * Pure: dates are YYYY-MM-DD strings and instants epoch milliseconds, both in Asia/Shanghai.
 */
export class WorkCalendar {
  private readonly officeHours = new Map<number, OfficeWindow[]>();
  private readonly official: ReadonlySet<number>;
  private readonly days = {
    isWorkday: (date: string) => this.isWorkday(date),
    windows: (date: string) => this.windows(date)
  };
  /** Day numbers from 2000-01-01: 1 workday, 0 day off, -1 a provisional year not worked out yet. */
  private readonly kinds = new Int8Array(endDay - firstDay).fill(-1);
  /** What the published notices say of single days (a notice may move days of the year before). */
  private readonly overrides = new Map<number, 0 | 1>();
  private readonly provisionalYears = new Map<number, CalendarYear>();
  private readonly ownHours = new Map<string, WorkCalendar>();

  /**
   * `officeHours`, when given, are a department's own (办公时间 in a department): they stand for every year's, the
   * provisional years' included; the days off stay the calendar's.
   */
  constructor(
    private readonly calendars: readonly CalendarYear[],
    private readonly officeHoursOverride?: CalendarYear['officeHours']
  ) {
    if (officeHoursOverride) calendars = calendars.map(c => ({ ...c, officeHours: officeHoursOverride }));
    this.calendars = calendars;
    for (const calendar of calendars) this.officeHours.set(calendar.year, officeWindows(calendar));
    this.official = new Set(calendars.map(c => c.year));
    for (const calendar of calendars) {
      for (const holiday of calendar.holidays) {
        for (let day = toDay(holiday.from); day <= toDay(holiday.to); day++) this.overrides.set(day, 0);
      }
      for (const date of calendar.adjustedWorkdays) this.overrides.set(toDay(date), 1);
    }
    for (const year of this.official)
      if (year >= provisionalRange.from && year <= provisionalRange.to) this.fill(year, []);
  }

  /** Marks a year's days: weekends off, the given holidays off, then what the published notices say. */
  private fill(year: number, holidays: CalendarYear['holidays']): void {
    const from = toDay(`${year}-01-01`);
    const to = toDay(`${year + 1}-01-01`);
    for (let day = from; day < to; day++) {
      const weekday = weekdayOf(day);
      this.kinds[day - firstDay] = weekday === 0 || weekday === 6 ? 0 : 1;
    }
    for (const holiday of holidays) {
      for (let day = toDay(holiday.from); day <= toDay(holiday.to); day++)
        if (day >= from && day < to) this.kinds[day - firstDay] = 0;
    }
    for (const [day, kind] of this.overrides) if (day >= from && day < to) this.kinds[day - firstDay] = kind;
  }

  /** Whether a day number is a workday; a provisional year is worked out the first time it is asked about. */
  private isWorkdayNumber(day: number): boolean {
    const index = day - firstDay;
    if (index < 0 || index >= this.kinds.length) throw new CalendarRangeError(yearOfDay(day));
    let kind = this.kinds[index]!;
    if (kind === -1) {
      const provisional = this.provisionalCalendar(yearOfDay(day));
      this.fill(provisional.year, provisional.holidays);
      kind = this.kinds[index]!;
    }
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

  /**
   * The last day of `n` calendar days after `day` (the start day not counted). A period whose last day is a
   * holiday or a rest day ends on the first workday after it: 《民法典》 art. 203 (期间的最后一日是法定休假日的，以法定
   * 休假日结束的次日为期间的最后一日). 《行政许可法》 art. 82 counts that law's own limits in workdays, so calendar
   * days are for limits other laws set in 日 (e.g. 《道路运输条例》 art. 10's 20 日).
   */
  private addDayNumbers(day: number, n: number): number {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`天数应为非负整数，现为 ${n}。`);
    if (n === 0) return day;
    let last = day + n;
    while (!this.isWorkdayNumber(last)) last++;
    return last;
  }

  private workdayNumbersBetween(from: number, to: number): number {
    let count = 0;
    for (let day = from + 1; day <= to; day++) if (this.isWorkdayNumber(day)) count++;
    return count;
  }

  /** The provisional calendar of a year the catalogue does not cover, with the nearest published year's office hours. */
  private provisionalCalendar(year: number): CalendarYear {
    let found = this.provisionalYears.get(year);
    if (!found) {
      found = provisionalYear(year, this.nearestOfficial(year)?.officeHours ?? this.officeHoursOverride ?? []);
      this.provisionalYears.set(year, found);
    }
    return found;
  }

  private nearestOfficial(year: number): CalendarYear | undefined {
    let best: CalendarYear | undefined;
    for (const calendar of this.calendars) {
      const distance = Math.abs(calendar.year - year);
      // The latest year before wins a tie: office hours of last year are a better guess than those of a later one.
      if (
        !best ||
        distance < Math.abs(best.year - year) ||
        (distance === Math.abs(best.year - year) && calendar.year < best.year)
      )
        best = calendar;
    }
    return best;
  }

  /**
   * This calendar with a department's own office hours instead of the calendar's, for counting an immediate
   * matter's hours at that department's window; the same hours give the same calendar.
   */
  withOfficeHours(hours: CalendarYear['officeHours']): WorkCalendar {
    const key = hours.map(h => `${h.from}-${h.to}`).join(',');
    let found = this.ownHours.get(key);
    if (!found) {
      found = new WorkCalendar(this.calendars, hours);
      this.ownHours.set(key, found);
    }
    return found;
  }

  /** Whether `year` is counted on the provisional rule: the catalogue has no published calendar for it. */
  isProvisionalYear(year: number): boolean {
    return !this.official.has(year);
  }

  /**
   * Whether a period from `from` to `to` falls in, or runs through, a provisional year: a deadline counted over it
   * may move when that year's calendar is published. `to` is an exclusive end, as deadlines are.
   */
  isProvisional(from: Instant, to: Instant): boolean {
    checkInstant(from);
    checkInstant(to);
    const first = yearOfDay(dayOf(Math.min(from, to)));
    const last = yearOfDay(dayOf(Math.max(from, to) - 1));
    for (let year = first; year <= last; year++) if (this.isProvisionalYear(year)) return true;
    return false;
  }

  /** The years of a period (as `isProvisional`) that are provisional, ascending. */
  provisionalYearsIn(from: Instant, to: Instant): number[] {
    const first = yearOfDay(dayOf(Math.min(from, to)));
    const last = yearOfDay(dayOf(Math.max(from, to) - 1));
    const out: number[] = [];
    for (let year = first; year <= last; year++) if (this.isProvisionalYear(year)) out.push(year);
    return out;
  }

  /** A year's calendar: the published one, or the provisional one the rule gives. */
  calendarOf(year: number): CalendarYear & { provisional: boolean } {
    const published = this.calendars.find(c => c.year === year);
    if (published) return { ...published, provisional: false };
    if (year < provisionalRange.from || year > provisionalRange.to) throw new CalendarRangeError(year);
    return { ...this.provisionalCalendar(year), provisional: true };
  }

  /** The years the catalogue has a published calendar for, ascending; every other year is provisional. */
  get coveredYears(): number[] {
    return [...this.official].sort((a, b) => a - b);
  }

  isWorkday(date: string): boolean {
    return this.isWorkdayNumber(toDay(date));
  }

  /** The day on which `n` workdays after `date` end: the start day is not counted. */
  addWorkdays(date: string, n: number): string {
    return fromDay(this.addWorkdayNumbers(toDay(date), n));
  }

  /** The day on which `n` calendar days after `date` end, moved to the next workday when it is not one. */
  addDays(date: string, n: number): string {
    return fromDay(this.addDayNumbers(toDay(date), n));
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
   * (the start day is not counted; 0 is the end of the start day). Calendar days: the end of the `amount`-th day
   * after the start day, or of the first workday after it when that day is a holiday or rest day (`addDays`).
   * Hours: `addOfficeHours(start, amount)`.
   */
  deadline(start: Instant, limit: Limit): Instant {
    switch (limit.unit) {
      case 'workdays':
        return startOfDayNumber(this.addWorkdayNumbers(dayOf(start), limit.amount) + 1);
      case 'days':
        return startOfDayNumber(this.addDayNumbers(dayOf(start), limit.amount) + 1);
      case 'hours':
        return this.addOfficeHours(start, limit.amount);
      default:
        return unknownUnit(limit.unit);
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
      case 'workdays':
        return { amount: deadline > at ? this.workdayNumbersBetween(dayOf(at), dayOf(deadline - 1)) : 0, unit };
      case 'days':
        // The days up to the deadline's last day, a holiday it was moved over included: resuming moves it again
        // only if the new last day is itself a day off.
        return { amount: deadline > at ? Math.max(0, dayOf(deadline - 1) - dayOf(at)) : 0, unit };
      case 'hours':
        return { amount: this.officeHoursBetween(at, deadline), unit };
      default:
        return unknownUnit(unit);
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
      case 'workdays':
        return running.reduce((sum, part) => sum + this.workdaysBetweenInstants(part.from, part.to), 0);
      case 'days':
        return running.reduce((sum, part) => sum + Math.max(0, dayOf(part.to) - dayOf(part.from)), 0);
      case 'hours':
        return running.reduce((sum, part) => sum + officeTimeBetween(this.days, part.from, part.to), 0) / hourMs;
      default:
        return unknownUnit(unit);
    }
  }

  private windows(date: string): readonly OfficeWindow[] {
    const year = Number(date.slice(0, 4));
    let windows = this.officeHours.get(year);
    if (!windows) {
      windows = officeWindows(this.calendarOf(year));
      this.officeHours.set(year, windows);
    }
    if (windows.length === 0) throw new MissingOfficeHoursError(year);
    return windows;
  }
}

function unknownUnit(unit: never): never {
  throw new RangeError(`未知的时限单位：${String(unit)}。`);
}
