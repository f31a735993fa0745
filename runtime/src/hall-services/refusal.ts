import { CalendarRangeError, type WorkCalendar } from '../calendar/index.ts';
import type { Limit } from '../definition/index.ts';
import type { Sql } from '../store/db.ts';

import { Refusal } from '../platform/refusal.ts';

export { Refusal, type RefusalKind } from '../platform/refusal.ts';

/** Done inside the transaction that made a change (audit, idempotency), with what the change produced. */
export type Extra<T> = (tx: Sql, result: T) => Promise<void>;

export const noExtra = async (): Promise<void> => {};

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
export const isoOrNull = (at: Date | null) => (at ? at.toISOString() : null);
