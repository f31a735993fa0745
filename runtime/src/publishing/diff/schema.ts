import { z } from 'zod';

/**
 * One difference between two versions of a matter, as the department head reads it before approving (seed 004
 * 第十四条: changes to a matter's flow, forms, guide and promises are approved by the head and filed with the reform
 * office, who read this same list).
 */
export const DefinitionChange = z.object({
  /** The guide's section it belongs to, in Chinese: 基本信息, 申请材料, 办理时限, 办理环节, 收费, … */
  area: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  /** One Chinese sentence: “承诺时限 20 → 15 个工作日”, “新增材料：建设工程安全生产承诺书”. */
  text: z.string(),
  /** Where it is, by stable names and ids (a material's id, a step's label), for programs. */
  path: z.array(z.string()),
  /** The value before and after, as text, where the change has one. */
  before: z.string().optional(),
  after: z.string().optional()
});
export type DefinitionChange = z.infer<typeof DefinitionChange>;

export const DefinitionChanges = z.array(DefinitionChange);

/** One line of a source, numbered from 1. */
export const SourceLine = z.object({ line: z.number().int().positive(), text: z.string() });

/** One row of the side-by-side view: a line on the left (before), on the right (after), or both. */
export const SourceRow = z.object({ old: SourceLine.optional(), new: SourceLine.optional() });
export type SourceRow = z.infer<typeof SourceRow>;

/**
 * A run of rows: unchanged lines (both sides equal) or a change (removed lines beside added ones). The hunks cover
 * both files from the first line to the last, so a view can collapse long unchanged runs and expand them.
 */
export const SourceHunk = z.object({
  unchanged: z.boolean(),
  /** First line of the run on each side; where a side has no line in it, the line it comes before. */
  oldStart: z.number().int().positive(),
  oldLines: z.number().int().nonnegative(),
  newStart: z.number().int().positive(),
  newLines: z.number().int().nonnegative(),
  rows: z.array(SourceRow)
});
export type SourceHunk = z.infer<typeof SourceHunk>;

export const SourceDiff = z.object({
  hunks: z.array(SourceHunk),
  linesAdded: z.number().int().nonnegative(),
  linesRemoved: z.number().int().nonnegative()
});
export type SourceDiff = z.infer<typeof SourceDiff>;
