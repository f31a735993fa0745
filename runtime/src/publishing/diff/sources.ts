import { diffLines } from 'diff';
import type { SourceDiff, SourceHunk, SourceRow } from './schema.ts';

const linesOf = (value: string) => {
  const lines = value.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
};

/**
 * The line diff of two versions of a matter's source, for the side-by-side view beside the semantic diff: runs of
 * unchanged lines and changes (removed lines beside the added ones that replace them), covering both files whole.
 * Lines come from jsdiff's `diffLines` (Myers' algorithm); CRLF and a missing last newline are not differences.
 */
export function diffSources(before: string, after: string): SourceDiff {
  const hunks: SourceHunk[] = [];
  let oldLine = 1;
  let newLine = 1;
  let removed: string[] = [];
  let added: string[] = [];
  let linesAdded = 0;
  let linesRemoved = 0;
  const flush = () => {
    if (removed.length === 0 && added.length === 0) return;
    const rows: SourceRow[] = Array.from({ length: Math.max(removed.length, added.length) }, (_, i) => ({
      ...(i < removed.length ? { old: { line: oldLine + i, text: removed[i]! } } : {}),
      ...(i < added.length ? { new: { line: newLine + i, text: added[i]! } } : {})
    }));
    hunks.push({
      unchanged: false,
      oldStart: oldLine,
      oldLines: removed.length,
      newStart: newLine,
      newLines: added.length,
      rows
    });
    oldLine += removed.length;
    newLine += added.length;
    linesAdded += added.length;
    linesRemoved += removed.length;
    removed = [];
    added = [];
  };
  for (const part of diffLines(before, after, { stripTrailingCr: true, ignoreNewlineAtEof: true })) {
    const lines = linesOf(part.value);
    if (part.removed) removed.push(...lines);
    else if (part.added) added.push(...lines);
    else if (lines.length > 0) {
      flush();
      hunks.push({
        unchanged: true,
        oldStart: oldLine,
        oldLines: lines.length,
        newStart: newLine,
        newLines: lines.length,
        rows: lines.map((text, i) => ({ old: { line: oldLine + i, text }, new: { line: newLine + i, text } }))
      });
      oldLine += lines.length;
      newLine += lines.length;
    }
  }
  flush();
  return { hunks, linesAdded, linesRemoved };
}
