import { CalendarRangeError, type WorkCalendar } from '../calendar/index.ts';
import type { Limit } from '../definition/index.ts';
import type { Sql } from '../store/db.ts';

export type RefusalKind =
  'notFound' | 'forbidden' | 'conflict' | 'invalid' | 'tooLarge' | 'unsupportedType' | 'unavailable';

/**
 * Why a hall service said no: the item is not the caller's to see (`notFound`), it is in the wrong state
 * (`conflict`), the input breaks a rule (`invalid`), an upload is too large or of a type not accepted, or the catalogue cannot
 * answer (`unavailable`). HTTP maps the
 * kind to a status in one place; the message is the sentence the user reads.
 */
export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

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
