/**
 * Where two versions of one line or text differ: the common start and end, and the middle each has. Enough to
 * mark “依法” → “依照法律” inside a long 受理条件 or a changed source line without a diff library in the studio.
 * Counted in code points, so a character outside the BMP is never split.
 */
export interface InlineChange {
  prefix: string;
  removed: string;
  added: string;
  suffix: string;
}

export function inlineChange(before: string, after: string): InlineChange {
  const a = Array.from(before);
  const b = Array.from(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return {
    prefix: a.slice(0, start).join(''),
    removed: a.slice(start, a.length - end).join(''),
    added: b.slice(start, b.length - end).join(''),
    suffix: a.slice(a.length - end).join('')
  };
}

/** The last `n` characters of a text, with “…” when it is cut. */
export const tail = (text: string, n: number) => {
  const chars = Array.from(text);
  return chars.length > n ? `…${chars.slice(-n).join('')}` : text;
};

/** The first `n` characters of a text, with “…” when it is cut. */
export const head = (text: string, n: number) => {
  const chars = Array.from(text);
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : text;
};
