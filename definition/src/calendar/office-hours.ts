import type { CalendarYear } from '../definition/index.ts';
import { type Instant, checkInstant, dayOf, fromDay, hourMs, minuteMs, startOfDayNumber } from './time.ts';

/** An office-hours window of a day, in milliseconds after 00:00 Shanghai. */
export interface OfficeWindow {
  readonly open: number;
  readonly close: number;
}

/** What office-hours arithmetic needs to know about a date; `windows` throws when the year has no office hours. */
export interface OfficeDays {
  isWorkday(date: string): boolean;
  windows(date: string): readonly OfficeWindow[];
}

/** Hours asked for in a year whose calendar in the catalogue lists no office hours: never guessed. */
export class MissingOfficeHoursError extends Error {
  readonly code = 'calendar.missing-office-hours';
  constructor(readonly year: number) {
    super(
      `目录中 ${year} 年的工作日历没有办公时间，无法按小时计算时限：请在该年日历中写明办公时间（如 09:00-12:00, 13:30-17:30）。`
    );
    this.name = 'MissingOfficeHoursError';
  }
}

export class InvalidOfficeHoursError extends Error {
  readonly code = 'calendar.invalid-office-hours';
  constructor(
    readonly year: number,
    readonly hours: string
  ) {
    super(`${year} 年的办公时间“${hours}”无效：每段应在 00:00 至 24:00 之间，开始早于结束，各段互不重叠。`);
    this.name = 'InvalidOfficeHoursError';
  }
}

function minutes(time: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return undefined;
  const value = Number(match[1]) * 60 + Number(match[2]);
  return Number(match[2]) < 60 && value <= 24 * 60 ? value : undefined;
}

/** A year's office hours as sorted windows; an empty list when the catalogue gives none. */
export function officeWindows(calendar: CalendarYear): OfficeWindow[] {
  const windows = calendar.officeHours
    .map(span => {
      const open = minutes(span.from);
      const close = minutes(span.to);
      if (open === undefined || close === undefined || open >= close)
        throw new InvalidOfficeHoursError(calendar.year, `${span.from}-${span.to}`);
      return { open: open * minuteMs, close: close * minuteMs };
    })
    .sort((a, b) => a.open - b.open);
  windows.forEach((window, i) => {
    const before = windows[i - 1];
    if (before && window.open < before.close)
      throw new InvalidOfficeHoursError(calendar.year, calendar.officeHours.map(s => `${s.from}-${s.to}`).join(', '));
  });
  return windows;
}

export function hoursToMs(hours: number): number {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`小时数应为非负数，现为 ${hours}。`);
  return Math.round(hours * hourMs);
}

/**
 * The instant at which `ms` of office time after `start` have passed. Only time inside office hours on workdays
 * counts; a start outside office hours begins at the next opening (so 0 ends at the first open moment at or after
 * `start`), and a count that uses up a window exactly ends at its closing time.
 */
export function addOfficeTime(days: OfficeDays, start: Instant, ms: number): Instant {
  let left = ms;
  for (let day = dayOf(start); ; day++) {
    const date = fromDay(day);
    if (!days.isWorkday(date)) continue;
    const midnight = startOfDayNumber(day);
    for (const window of days.windows(date)) {
      const from = Math.max(midnight + window.open, start);
      const available = midnight + window.close - from;
      if (available <= 0) continue;
      if (left <= available) return from + left;
      left -= available;
    }
  }
}

/** Office time (ms) inside [from, to) on workdays; 0 when `to` is not after `from`. */
export function officeTimeBetween(days: OfficeDays, from: Instant, to: Instant): number {
  checkInstant(to);
  let total = 0;
  for (let day = dayOf(from); startOfDayNumber(day) < to; day++) {
    const date = fromDay(day);
    if (!days.isWorkday(date)) continue;
    const midnight = startOfDayNumber(day);
    for (const window of days.windows(date)) {
      const overlap = Math.min(midnight + window.close, to) - Math.max(midnight + window.open, from);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}
