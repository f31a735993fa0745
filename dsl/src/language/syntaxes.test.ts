import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import monarch from '../../syntaxes/matter.monarch.js';
import { allKeywords } from './keywords.js';
import { monarchSource, textMateGrammar, toConfirmWords } from './syntaxes.js';

const syntaxes = new URL('../../syntaxes/', import.meta.url);

interface MonarchRule {
  regex?: RegExp;
  include?: string;
  action?: { token?: string; next?: string; cases?: Record<string, { token: string }> };
}

/** Monaco's Monarch tokenizer, as far as our grammar uses it: first rule matching at the position wins. */
function monarchTokens(text: string): Array<{ text: string; token: string }> {
  const grammar = monarch as unknown as {
    keywords: string[];
    operators: string[];
    symbols: RegExp;
    tokenizer: Record<string, MonarchRule[]>;
  };
  const rules = (state: string): MonarchRule[] =>
    grammar.tokenizer[state]!.flatMap(r => (r.include ? rules(r.include.slice(1)) : [r]));
  const stack = ['initial'];
  const out: Array<{ text: string; token: string }> = [];
  let at = 0;
  while (at < text.length) {
    let matched = false;
    for (const rule of rules(stack.at(-1)!)) {
      const source = rule.regex!.source === '@symbols' ? grammar.symbols.source : rule.regex!.source;
      const m = new RegExp(source, 'y');
      m.lastIndex = at;
      const found = m.exec(text);
      if (!found || found[0] === '') continue;
      const action = rule.action!;
      let token = action.token ?? '';
      if (action.cases) {
        const list = (name: string) => (name === '@keywords' ? grammar.keywords : grammar.operators);
        const hit = Object.keys(action.cases).find(c => c === '@default' || list(c).includes(found[0]));
        token = action.cases[hit!]!.token;
      }
      if (action.next === '@pop') stack.pop();
      else if (action.next) stack.push(action.next.slice(1));
      out.push({ text: found[0], token });
      at += found[0].length;
      matched = true;
      break;
    }
    if (!matched) out.push({ text: text[at++]!, token: '' });
  }
  return out.filter(t => t.token !== 'white');
}

interface TmPattern {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  patterns?: TmPattern[];
}

/** A TextMate line scan: at each step the pattern whose match starts earliest wins, ties to the first listed. */
function textMateTokens(text: string): Array<{ text: string; scope: string }> {
  const grammar = JSON.parse(readFileSync(new URL('matter.tmLanguage.json', syntaxes), 'utf8')) as {
    patterns: TmPattern[];
    repository: Record<string, TmPattern>;
  };
  const expand = (patterns: TmPattern[]): TmPattern[] =>
    patterns.flatMap(p =>
      p.include
        ? expand(grammar.repository[p.include.slice(1)]!.patterns ?? [grammar.repository[p.include.slice(1)]!])
        : [p]
    );
  const patterns = expand(grammar.patterns);
  const out: Array<{ text: string; scope: string }> = [];
  let at = 0;
  while (at < text.length) {
    let best: { index: number; length: number; scope: string } | undefined;
    for (const p of patterns) {
      const re = new RegExp(p.match ?? p.begin!, 'gu');
      re.lastIndex = at;
      const m = re.exec(text);
      if (!m || (best && m.index >= best.index)) continue;
      let length = m[0].length;
      if (p.begin) {
        const end = new RegExp(p.end!, 'gu');
        end.lastIndex = m.index + length;
        const e = end.exec(text);
        length = (e ? e.index + e[0].length : text.length) - m.index;
      }
      best = { index: m.index, length, scope: p.name ?? '' };
    }
    if (!best) break;
    out.push({ text: text.slice(best.index, best.index + best.length), scope: best.scope });
    at = best.index + Math.max(best.length, 1);
  }
  return out;
}

const monarchKeywords = (text: string) =>
  monarchTokens(text)
    .filter(t => t.token === 'keyword')
    .map(t => t.text);
const textMateKeywords = (text: string) =>
  textMateTokens(text)
    .filter(t => t.scope.startsWith('keyword'))
    .map(t => t.text);
const wordShaped = (k: string) => /^[\p{L}\p{N}_]+$/u.test(k);

describe('the highlighting grammars', () => {
  it('are what the grammar gives today (npm run langium:generate writes them)', () => {
    expect(readFileSync(new URL('matter.monarch.ts', syntaxes), 'utf8')).toBe(monarchSource());
    expect(JSON.parse(readFileSync(new URL('matter.tmLanguage.json', syntaxes), 'utf8'))).toEqual(textMateGrammar());
  });

  it('colour every keyword of the grammar, Chinese and English, and the 待确认 marker, in both grammars', () => {
    const keywords = [...allKeywords(), ...toConfirmWords];
    expect(keywords).toContain('事项');
    expect(keywords).toContain('matter');
    const missed: string[] = [];
    for (const keyword of keywords) {
      const line = `名称 ${keyword} 名称`;
      const monarchToken = monarchTokens(line).find(t => t.text === keyword)?.token;
      const colouredInMonarch = wordShaped(keyword) ? monarchToken === 'keyword' : monarchToken === 'operator';
      if (!colouredInMonarch) missed.push(`Monarch: ${keyword}`);
      if (wordShaped(keyword) && !textMateKeywords(line).includes(keyword)) missed.push(`TextMate: ${keyword}`);
    }
    expect(missed).toEqual([]);
  });

  it('keep the Monarch module the studio imports: a default export with keywords, operators and a tokenizer', () => {
    expect(monarch.keywords).toContain('事项');
    expect(monarch.keywords).toContain('待确认');
    expect(monarch.operators).toContain('｛');
    expect(monarch.operators.filter(wordShaped)).toEqual([]);
    expect(Object.keys(monarch.tokenizer)).toEqual(['initial', 'whitespace', 'comment']);
  });

  it('do not colour a keyword at the start of a longer name, as the lexer reads one name there', () => {
    for (const text of [
      '部门 现场勘验中心',
      '材料 承诺书 "告知承诺书"',
      '事项建筑许可 {',
      '由窗口',
      '事项 （延期） {'
    ]) {
      const expected =
        text === '部门 现场勘验中心'
          ? ['部门']
          : text.startsWith('材料')
            ? ['材料']
            : text.startsWith('事项 ')
              ? ['事项']
              : [];
      expect(monarchKeywords(text), text).toEqual(expected);
      expect(textMateKeywords(text), text).toEqual(expected);
    }
  });

  it('colour a keyword before a bracket that is not part of a name, and nothing inside strings or comments', () => {
    const text = '时限 法定 20 工作日（依据 "承诺 事项"） // 承诺';
    expect(monarchKeywords(text)).toEqual(['时限', '法定', '工作日', '依据']);
    expect(textMateKeywords(text)).toEqual(['时限', '法定', '工作日', '依据']);
  });
});
