import { CalendarRangeError, type WorkCalendar } from '@banshi/definition/calendar';
import type { Limit } from '@banshi/definition';
import { Refusal } from './refusal.ts';

/** When a limit that starts at `start` runs out (on the provisional rule in a year not yet published). */
export function deadline(calendar: WorkCalendar, start: number, limit: Limit): number {
  try {
    return calendar.deadline(start, limit);
  } catch (error) {
    if (error instanceof CalendarRangeError)
      throw new Refusal('invalid', error.code, error.message, { year: error.year });
    throw error;
  }
}

export const iso = (at: number | Date) => new Date(at).toISOString();
export const isoOrNull = (at: number | Date | null | undefined) => (at === null || at === undefined ? null : iso(at));
