/**
 * The diff's shapes as the runtime's zod schemas declare them (runtime/src/publishing/diff/schema.ts), for the
 * review and compare pages: the API's responses carry them.
 */

/** One difference between two versions, in Chinese, under the guide's section it belongs to. */
export interface DefinitionChange {
  /** 基本信息, 申请材料, 办理时限, 办理环节, 收费, … */
  area: string;
  kind: 'added' | 'removed' | 'changed';
  /** “承诺时限 20 → 15 个工作日”, “新增材料：建设工程安全生产承诺书”. */
  text: string;
  path: string[];
  before?: string;
  after?: string;
}

export interface SourceLine {
  line: number;
  text: string;
}

/** A row of the side-by-side view: the line before (left), after (right), or both. */
export interface SourceRow {
  old?: SourceLine;
  new?: SourceLine;
}

/** A run of unchanged rows, or of removed lines beside the added ones; the hunks cover both files whole. */
export interface SourceHunk {
  unchanged: boolean;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  rows: SourceRow[];
}

export interface SourceDiff {
  hunks: SourceHunk[];
  linesAdded: number;
  linesRemoved: number;
}

/** A reviewer's comment on a line of the new version (sent back with the draft). */
export interface LineComment {
  line: number;
  text: string;
  author?: string;
}
