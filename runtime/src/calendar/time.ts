/** An instant: milliseconds since the Unix epoch. */
export type Instant = number;

export const minuteMs = 60_000;
export const hourMs = 3_600_000;
export const dayMs = 86_400_000;
/** Asia/Shanghai is UTC+8 all year: China has kept no daylight saving time since 1991, so a fixed offset is exact. */
const shanghaiOffsetMs = 8 * hourMs;

export class InvalidDateError extends Error {
  readonly code = 'calendar.invalid-date';
  constructor(readonly date: string) {
    super(`“${date}”不是有效的日期（应为 YYYY-MM-DD）。`);
    this.name = 'InvalidDateError';
  }
}

/** The day number (days since 1970-01-01) of a YYYY-MM-DD date. */
export function toDay(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new InvalidDateError(date);
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(time).toISOString().slice(0, 10) !== date) throw new InvalidDateError(date);
  return time / dayMs;
}

export function fromDay(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

/** 0 for Sunday … 6 for Saturday. */
export function weekdayOf(day: number): number {
  return new Date(day * dayMs).getUTCDay();
}

export function checkInstant(at: Instant): void {
  if (!Number.isFinite(at)) throw new RangeError(`时刻应为有效的毫秒时间戳，现为 ${at}。`);
}

/** The day number of the Shanghai date on which `at` falls. */
export function dayOf(at: Instant): number {
  checkInstant(at);
  return Math.floor((at + shanghaiOffsetMs) / dayMs);
}

/** The instant a day number begins: 00:00 in Shanghai. */
export function startOfDayNumber(day: number): Instant {
  return day * dayMs - shanghaiOffsetMs;
}

/** The Shanghai date (YYYY-MM-DD) on which `at` falls. */
export function dateOf(at: Instant): string {
  return fromDay(dayOf(at));
}

/** The instant a Shanghai date ends: 00:00 of the next day. */
export function endOfDay(date: string): Instant {
  return startOfDayNumber(toDay(date) + 1);
}
