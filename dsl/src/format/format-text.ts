import type { IToken } from 'chevrotain';

/** What the lexer gives the formatter: every token, comments included, with offsets. */
export interface FormatterLexer {
  tokenize(text: string): { tokens: IToken[]; hidden: IToken[]; errors: unknown[] };
}

const punctuation: Record<string, string> = {
  '｛': '{',
  '｝': '}',
  '（': '(',
  '）': ')',
  '，': ',',
  '、': ',',
  '：': ':',
  '；': ';',
  '＝': '=',
  '＞': '>',
  '＜': '<',
  '≠': '!=',
  '≥': '>=',
  '≤': '<='
};

const noSpaceBefore = new Set([',', ';', ':', ')', '-']);
const noSpaceAfter = new Set(['(', '-']);

/** A token's text as the formatter writes it: ASCII punctuation, strings in straight double quotes. */
export function normalizeToken(image: string, typeName: string): string {
  if (punctuation[image]) return punctuation[image]!;
  if (typeName === 'STRING') {
    if (image.startsWith('“') || image.startsWith("'")) {
      const inner = image.slice(1, -1);
      const unescaped = image.startsWith("'") ? inner.replace(/\\(.)/g, '$1') : inner;
      return `"${unescaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    }
  }
  return image;
}

/** A file whose first line is `// fmt: off` (or `// 格式化：关闭`) is kept as written, e.g. to show full-width input. */
export function formattingOff(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '';
  return /^\s*\/\/\s*(fmt:\s*off|格式化[:：]\s*关闭)\s*$/.test(first);
}

/**
 * Formats a Matter file: indentation by braces (two spaces), one space between tokens, ASCII punctuation,
 * straight quotes; the author's line breaks are kept (at most one blank line in a row). Idempotent.
 * Returns undefined when the text has characters the lexer cannot read: nothing is changed then.
 */
export function formatText(text: string, lexer: FormatterLexer): string | undefined {
  const result = lexer.tokenize(text);
  if (result.errors.length > 0) return undefined;
  if (formattingOff(text)) return text;
  const tokens = [...result.tokens, ...result.hidden].sort((a, b) => a.startOffset - b.startOffset);
  let out = '';
  let depth = 0;
  let previous: { text: string; end: number; type: string } | undefined;
  for (const token of tokens) {
    const type = token.tokenType.name;
    const written = type === 'ML_COMMENT' || type === 'SL_COMMENT' ? token.image : normalizeToken(token.image, type);
    const gap = previous ? text.slice(previous.end, token.startOffset) : text.slice(0, token.startOffset);
    const newlines = (gap.match(/\n/g) ?? []).length;
    const closes = written === '}';
    if (closes) depth = Math.max(0, depth - 1);
    if (!previous) {
      out += '  '.repeat(depth);
    } else if (newlines > 0 || previous.type === 'SL_COMMENT') {
      const blank = newlines > 1 && previous.text !== '{' && !closes;
      out += blank ? '\n\n' : '\n';
      out += '  '.repeat(depth);
    } else if (!noSpaceBefore.has(written) && !noSpaceAfter.has(previous.text)) {
      out += ' ';
    }
    out += written;
    if (written === '{') depth++;
    previous = { text: written, end: token.startOffset + token.image.length, type };
  }
  return out.length > 0 ? `${out}\n` : '';
}
