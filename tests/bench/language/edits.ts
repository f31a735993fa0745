/**
 * The one-character edits of the warm benchmarks, the same for the Matter file and its TypeScript twin:
 * even edits change one character inside a string (条件 "…办理用地批准手续…": 用 ↔ 占), odd edits one digit of a
 * number (the first `扫描件 最多 N 页` in the second half of the file, or its `maxPages: N`: N ↔ the other of 2, 3).
 * Every edit leaves the file valid and differs from the text before it.
 */
export interface EditSite {
  stringAt: number;
  numberAt: number;
}

export function findSites(text: string, numberPattern: RegExp): EditSite {
  const stringAt = text.indexOf('办理用地批准手续') + 2;
  if (stringAt < 2 || text[stringAt] !== '用') throw new Error('edit site for the string not found');
  numberPattern.lastIndex = Math.floor(text.length / 2);
  const match = numberPattern.exec(text);
  if (!match) throw new Error('edit site for the number not found');
  const numberAt = match.index + match[0].length - 1;
  if (!/\d/.test(text[numberAt]!)) throw new Error('edit site for the number is not a digit');
  return { stringAt, numberAt };
}

/** The text after edit number `i` (0-based), given the text after edit i - 1. */
export function applyEdit(text: string, sites: EditSite, i: number): string {
  const at = i % 2 === 0 ? sites.stringAt : sites.numberAt;
  const current = text[at]!;
  const next = i % 2 === 0 ? (current === '用' ? '占' : '用') : current === '3' ? '2' : '3';
  return text.slice(0, at) + next + text.slice(at + 1);
}

/** The Matter spelling of the number site, and the TypeScript one. */
export const matterNumber = /扫描件 最多 \d/g;
export const typescriptNumber = /maxPages: \d/g;
