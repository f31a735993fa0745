import type { CalendarYear, Definition, Limit } from '@banshi/definition';
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
  /** The same days with a department's own office hours, for counting hours at its window (absent: the calendar's). */
  withOfficeHours?(hours: CalendarYear['officeHours']): EngineCalendar;
}

/** The calendar a matter's hours are counted on: its department's own office hours where it wrote them. */
export function calendarFor(calendar: EngineCalendar, definition: Definition): EngineCalendar {
  const hours = definition.department.officeHours;
  return hours && calendar.withOfficeHours ? calendar.withOfficeHours(hours) : calendar;
}
