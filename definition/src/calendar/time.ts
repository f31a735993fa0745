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

/** The day number (days since 1970-01-01) of a YYYY-MM-DD date; a date that does not exist is an error. */
export function toDay(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new InvalidDateError(date);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const number = daysFromCivil(year, month, day);
  if (month < 1 || month > 12 || day < 1 || civilFromDays(number).day !== day) throw new InvalidDateError(date);
  return number;
}

export function fromDay(day: number): string {
  const { year, month, day: d } = civilFromDays(day);
  return `${year}-${month < 10 ? '0' : ''}${month}-${d < 10 ? '0' : ''}${d}`;
}

/** The Gregorian year of a day number. */
export function yearOfDay(day: number): number {
  return civilFromDays(day).year;
}

// Gregorian date arithmetic on day numbers, without Date objects (the hot paths of deadlines run through it).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 for Sunday … 6 for Saturday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
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

/** YYYY年M月D日 HH:MM in Shanghai. */
export function shanghaiTime(at: Instant): string {
  const d = new Date(at + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
