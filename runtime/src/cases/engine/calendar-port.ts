import type { Limit } from '@banshi/definition';
import type { Instant } from './types.ts';

/** What the engine needs of the working-day calendar (@banshi/definition/calendar's WorkCalendar provides it). */
export interface EngineCalendar {
  /** The end of `limit` counted from `start` (the start day not counted for workdays). */
  deadline(start: Instant, limit: Limit): Instant;
  /** What is left of a limit ending at `deadline` when the clock stops at `at`. */
  remaining(at: Instant, deadline: Instant, unit: Limit['unit']): Limit;
  /** The new end when the clock restarts at `at` with `remaining` left. */
  resume(at: Instant, remaining: Limit): Instant;
  isWorkday(date: string): boolean;
  /** Whether a period falls in, or runs through, a year counted on the provisional rule (no published calendar). */
  isProvisional(from: Instant, to: Instant): boolean;
  dateOf(at: Instant): string;
  endOfDay(date: string): Instant;
}
