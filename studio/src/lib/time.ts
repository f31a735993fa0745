/**
 * Times as staff read and write them: Beijing time (UTC+8, no daylight saving), whatever the browser's own zone.
 * A `datetime-local` input holds `YYYY-MM-DDTHH:mm[:ss]` with no zone; these helpers read and write it as Beijing
 * time, so a head in another zone still schedules "2027-01-01 00:00" for midnight in China.
 */
const eightHours = 8 * 3600_000;

/** The input's value for an instant (ms since the epoch), to the second. */
export function beijingInput(at: number): string {
  return new Date(at + eightHours).toISOString().slice(0, 19);
}

/** The instant an input's value names, as ISO 8601 with +08:00; null when the value is not a date and time. */
export function fromBeijingInput(value: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(value.trim());
  if (!match) return null;
  const iso = `${match[1]}T${match[2]}${match[3] ?? ':00'}+08:00`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** An instant as "2027-01-01 00:00"（Beijing time）; seconds only when they are not zero. */
export function beijingText(at: string | number): string {
  const text = new Date(new Date(at).getTime() + eightHours).toISOString().slice(0, 19).replace('T', ' ');
  return text.endsWith(':00') ? text.slice(0, 16) : text;
}

/**
 * A deadline as the law's notices write it: a limit that runs out at midnight ends at 24:00 of its last day
 * ("2026-10-10 24:00", as the receipt's "届满于 2026年10月10日24时"), not at 00:00 of the next.
 */
export function beijingDeadline(at: string | number): string {
  const local = new Date(new Date(at).getTime() + eightHours);
  if (local.getUTCHours() === 0 && local.getUTCMinutes() === 0 && local.getUTCSeconds() === 0) {
    const day = new Date(local.getTime() - 24 * 3600_000).toISOString().slice(0, 10);
    return `${day} 24:00`;
  }
  return beijingText(at);
}

/** A limit's unit as staff read it after a number: 个工作日, 日, 小时. */
export const unitText = (unit: string) => (unit === 'hours' ? '小时' : unit === 'days' ? '日' : '个工作日');
