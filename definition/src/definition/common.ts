import { z } from 'zod';

/** Where a compiled element came from: the file (relative to the workspace) and 1-based line and column. */
export const SourceRange = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  endLine: z.number().int().positive(),
  endColumn: z.number().int().positive()
});
export type SourceRange = z.infer<typeof SourceRange>;

/**
 * A time limit: workdays, calendar days (日, as some regulations count, e.g. 《道路运输条例》's 20 日), or office
 * hours for immediate matters (即办件). 0 workdays means the same day.
 */
export const Limit = z.object({
  amount: z.number().int().nonnegative(),
  unit: z.enum(['workdays', 'days', 'hours'])
});
export type Limit = z.infer<typeof Limit>;

export const Level = z.enum(['national', 'province', 'city', 'county', 'township', 'village']);
export type Level = z.infer<typeof Level>;

/** A calendar date, YYYY-MM-DD, in Asia/Shanghai. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A day of the year, MM-DD. */
export const MonthDay = z.string().regex(/^\d{2}-\d{2}$/);
/** A time of day, HH:MM. */
export const TimeOfDay = z.string().regex(/^\d{2}:\d{2}$/);
