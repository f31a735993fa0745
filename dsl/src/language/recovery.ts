import {
  Alternation,
  Alternative,
  MismatchedTokenException,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Rule,
  Terminal,
  type IProduction,
  type IRecognitionException,
  type IToken,
  type TokenType
} from 'chevrotain';
import type { LangiumParser } from 'langium';
import { allKeywords, gluedKeyword, gluedKeywordPair } from './keywords.js';
import { gluedMessage } from './messages.js';

/**
 * Error recovery inside a block (`事项 { … }`, `环节 { … }`, `表单 { … }`): an unknown or misplaced element is
 * skipped up to the next element the block allows, or up to the block's `}`, with one diagnostic that says what
 * may be written there. Chevrotain's own recovery inside a repetition needs a single token after the repetition;
 * our blocks end in `('}' | '｝')`, so without this a mistake ended the block early, the rest of it was read as
 * something else, and the checks then reported elements as missing that were only unread.
 */

/** What a parser error caused by an unexpected element carries beyond Chevrotain's fields. */
export interface UnexpectedElement {
  /** The word written. */
  found: string;
  /** The keyword it most likely meant, when one of those allowed is close. */
  suggestion?: string;
}

export function unexpectedElement(error: IRecognitionException): UnexpectedElement | undefined {
  return (error as IRecognitionException & { unexpected?: UnexpectedElement }).unexpected;
}

const closers = new Set(['}', '｝']);
const cjk = /[\u3400-\u9FFF\uF900-\uFAFF]/;
const word = /^[A-Za-z\u3400-\u9FFF\uF900-\uFAFF][A-Za-z0-9\u3400-\u9FFF\uF900-\uFAFF]*$/;

/** The Chevrotain parser behind a Langium parser, with the members recovery uses (not in its public types). */
interface Recognizer {
  LA(n: number): IToken;
  SKIP_TOKEN(): IToken;
  SAVE_ERROR(error: IRecognitionException): IRecognitionException;
  exportLexerState(): number;
  importLexerState(state: number): void;
  isBackTracking(): boolean;
  getCurrRuleFullName(): string;
  getGAstProductions(): Record<string, Rule>;
  RULE_STACK: number[];
  RULE_STACK_IDX: number;
  shortRuleNameToFull: Record<number, string>;
  tokVector: IToken[];
  currIdx: number;
  attemptInRepetitionRecovery: RepetitionRecovery;
}

/** Chevrotain's hook, called after a repetition stops, to try to resume it past tokens it cannot read. */
type RepetitionRecovery = (
  this: Recognizer,
  prodFunc: (...args: unknown[]) => void,
  args: unknown[],
  lookahead: () => boolean,
  dslMethodIdx: number,
  occurrence: number,
  walker: unknown,
  notStuck?: boolean
) => void;

interface BlockInfo {
  /** The tokens that close the block. */
  closers: Set<string>;
  /** The tokens an element of the block may start with. */
  firsts: TokenType[];
  /** The block's name as an author reads it: its Chinese keyword. */
  label: string;
}

function children(production: IProduction): IProduction[] {
  return 'definition' in production && Array.isArray(production.definition)
    ? (production.definition as IProduction[])
    : [];
}

/** Where repetition number `occurrence` of `rule` sits, and what follows it in its sequence. */
function findRepetition(
  productions: IProduction[],
  occurrence: number
): { repetition: Repetition; next: IProduction | undefined } | undefined {
  for (let i = 0; i < productions.length; i++) {
    const production = productions[i]!;
    if (production instanceof Repetition && production.idx === occurrence) {
      return { repetition: production, next: productions[i + 1] };
    }
    if (production instanceof NonTerminal) continue;
    const inner = findRepetition(children(production), occurrence);
    if (inner) return inner;
  }
  return undefined;
}

/** What follows the call of `rule` in a sequence of productions. */
function afterCall(productions: IProduction[], rule: Rule): IProduction | undefined {
  for (let i = 0; i < productions.length; i++) {
    const production = productions[i]!;
    if (production instanceof NonTerminal) {
      if (production.referencedRule === rule || production.nonTerminalName === rule.name) return productions[i + 1];
      continue;
    }
    const inner = afterCall(children(production), rule);
    if (inner) return inner;
  }
  return undefined;
}

function closingTokens(production: IProduction | undefined): Set<string> | undefined {
  if (production instanceof Terminal && closers.has(production.terminalType.name)) {
    return new Set([production.terminalType.name]);
  }
  if (production instanceof Alternation) {
    const names = children(production).map(alt => {
      const sequence = children(alt);
      const only = sequence.length === 1 ? sequence[0] : undefined;
      return only instanceof Terminal ? only.terminalType.name : undefined;
    });
    if (names.length > 0 && names.every(n => n !== undefined && closers.has(n))) return new Set(names as string[]);
  }
  return undefined;
}

function nullable(production: IProduction, seen = new Set<IProduction>()): boolean {
  if (seen.has(production)) return false;
  seen.add(production);
  if (production instanceof Terminal) return false;
  if (production instanceof Option || production instanceof Repetition) return true;
  if (production instanceof RepetitionWithSeparator) return true;
  if (production instanceof NonTerminal) return children(production.referencedRule).every(p => nullable(p, seen));
  if (production instanceof Alternation) return production.definition.some(alt => nullable(alt, seen));
  return children(production).every(p => nullable(p, seen));
}

/** The tokens a sequence of productions may start with. */
function firstTokens(productions: IProduction[], seen = new Set<IProduction>()): TokenType[] {
  const found: TokenType[] = [];
  for (const production of productions) {
    if (seen.has(production)) break;
    seen.add(production);
    if (production instanceof Terminal) found.push(production.terminalType);
    else if (production instanceof NonTerminal) found.push(...firstTokens(production.referencedRule.definition, seen));
    else if (production instanceof Alternation)
      for (const alt of children(production)) found.push(...firstTokens(children(alt), seen));
    else if (
      production instanceof Alternative ||
      production instanceof Option ||
      production instanceof Repetition ||
      production instanceof RepetitionMandatory ||
      production instanceof RepetitionMandatoryWithSeparator ||
      production instanceof RepetitionWithSeparator
    )
      found.push(...firstTokens(production.definition, seen));
    if (!nullable(production)) break;
  }
  return [...new Map(found.map(t => [t.name, t])).values()];
}

/** A rule's own keyword, the Chinese one: `事项` for Matter, `环节` for Steps. */
function ruleLabel(rule: Rule): string {
  const keywords = firstTokens(rule.definition.slice(0, 1)).map(t => t.name);
  return keywords.find(k => cjk.test(k)) ?? keywords[0] ?? rule.name;
}

/** The indentation of the line a token stands on: the column of that line's first token. */
function lineIndent(tokens: IToken[], index: number): number {
  const line = tokens[index]?.startLine;
  let i = index;
  while (i > 0 && tokens[i - 1]?.startLine === line) i--;
  return tokens[i]?.startColumn ?? 1;
}

function startsLine(tokens: IToken[], index: number): boolean {
  return index === 0 || tokens[index - 1]?.startLine !== tokens[index]?.startLine;
}

/** The index of the token that opened the block the parser stands in: the last `{` not yet closed. */
function openerIndex(tokens: IToken[], before: number): number | undefined {
  let depth = 0;
  for (let i = before - 1; i >= 0; i--) {
    const name = tokens[i]!.tokenType.name;
    if (closers.has(name)) depth++;
    else if (name === '{' || name === '｛') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return undefined;
}

/** Optimal string alignment distance: a swapped pair of letters (`tpye`) counts once. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}

function suggest(found: string, keywords: string[]): string | undefined {
  const sameScript = keywords.filter(k => cjk.test(k) === cjk.test(found));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const keyword of sameScript) {
    const d = distance(found, keyword);
    if (d < bestDistance) [best, bestDistance] = [keyword, d];
  }
  const allowed = Math.max(1, Math.floor(found.length / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** The keywords an author may write at the start of an element: Chinese ones when the block has them. */
export function elementKeywords(firsts: TokenType[]): string[] {
  const keywords = firsts.map(t => t.name).filter(name => allKeywords().has(name) && word.test(name));
  const chinese = keywords.filter(k => cjk.test(k));
  return chinese.length > 0 ? chinese : keywords;
}

function describeFirsts(firsts: TokenType[]): string {
  const keywords = elementKeywords(firsts);
  const names = firsts.some(t => t.name === 'ID' || t.name === 'STRING') ? ['名称'] : [];
  return [...keywords, ...names].join('、');
}

/** The message for an element a block does not allow, listing what it does. */
export function unexpectedMessage(found: IToken, block: BlockInfo, suggestion: string | undefined): string {
  const image = found.image;
  const misplaced = allKeywords().has(image);
  const head = misplaced ? `“${image}”不能写在“${block.label}”中。` : `“${block.label}”中没有“${image}”这一项。`;
  const allowed = describeFirsts(block.firsts);
  const tail = allowed
    ? `这里可以写：${allowed}；或者用“}”结束“${block.label}”。`
    : `这里应该用“}”结束“${block.label}”。`;
  return `${head}${tail}${suggestion ? `是不是“${suggestion}”？` : ''}`;
}

/**
 * Installs the recovery on a Langium parser. Skipping stays inside the block (nested `{ … }` skipped whole)
 * unless the block looks unclosed: a line indented no deeper than the line that opened the block ends the
 * search, and the parser's usual recovery (a `}` assumed missing) takes over.
 */
export function installBlockRecovery(parser: LangiumParser): void {
  const recognizer = (parser as unknown as { wrapper: Recognizer }).wrapper;
  const original = recognizer.attemptInRepetitionRecovery;
  const blocks = new Map<string, BlockInfo | null>();

  // A repetition that ends a fragment (`监察 { SupervisionRules }`) is closed by what follows the fragment's call.
  const blockAt = (ruleName: string, callerName: string | undefined, occurrence: number): BlockInfo | undefined => {
    const key = `${callerName ?? ''}>${ruleName}#${occurrence}`;
    if (!blocks.has(key)) {
      const productions = recognizer.getGAstProductions();
      const rule = productions[ruleName];
      const found = rule ? findRepetition(rule.definition, occurrence) : undefined;
      let closing = closingTokens(found?.next);
      let owner = rule;
      const caller = callerName ? productions[callerName] : undefined;
      if (found && !found.next && caller && rule) {
        closing = closingTokens(afterCall(caller.definition, rule));
        owner = caller;
      }
      blocks.set(
        key,
        found && closing && owner
          ? { closers: closing, firsts: firstTokens(found.repetition.definition), label: ruleLabel(owner) }
          : null
      );
    }
    return blocks.get(key) ?? undefined;
  };

  recognizer.attemptInRepetitionRecovery = function (
    this: Recognizer,
    prodFunc: (...args: unknown[]) => void,
    args: unknown[],
    lookahead: () => boolean,
    dslMethodIdx: number,
    occurrence: number,
    walker: unknown,
    notStuck?: boolean
  ) {
    const callerShort = this.RULE_STACK_IDX > 0 ? this.RULE_STACK[this.RULE_STACK_IDX - 1] : undefined;
    const callerName = callerShort === undefined ? undefined : this.shortRuleNameToFull[callerShort];
    const block = blockAt(this.getCurrRuleFullName(), callerName, occurrence);
    if (!block) return original.call(this, prodFunc, args, lookahead, dslMethodIdx, occurrence, walker, notStuck);
    if (notStuck === false || this.isBackTracking()) return;
    const first = this.LA(1);
    if (closers.has(first.tokenType.name) || first.tokenType.name === 'EOF') return;
    const tokens = this.tokVector;
    const opener = openerIndex(tokens, this.currIdx + 1);
    const openerIndent = opener === undefined ? 0 : lineIndent(tokens, opener);
    const outdented = (index: number) => startsLine(tokens, index) && (tokens[index]?.startColumn ?? 1) <= openerIndent;
    if (outdented(this.currIdx + 1)) return;

    const state = this.exportLexerState();
    let depth = 0;
    for (;;) {
      const current = this.LA(1);
      const name = current.tokenType.name;
      if (name === 'EOF') break;
      if (depth === 0 && current !== first) {
        if (closers.has(name) || outdented(this.currIdx + 1)) return report(this, first, block);
        if (lookahead.call(this)) {
          report(this, first, block);
          prodFunc.apply(this, args);
          return;
        }
      }
      if (name === '{' || name === '｛') depth++;
      else if (closers.has(name)) depth--;
      if (depth < 0) break;
      this.SKIP_TOKEN();
    }
    // No place to resume inside the block: leave the input as it was to the parser's usual recovery.
    this.importLexerState(state);
  };
}

function report(recognizer: Recognizer, found: IToken, block: BlockInfo): void {
  const glued =
    gluedKeyword(
      found.image,
      block.firsts.map(t => t.name)
    ) ?? gluedKeywordPair(found.image);
  if (glued) {
    recognizer.SAVE_ERROR(new MismatchedTokenException(gluedMessage(found.image, glued), found, recognizer.LA(0)));
    return;
  }
  const suggestion = allKeywords().has(found.image)
    ? undefined
    : suggest(
        found.image,
        block.firsts.map(t => t.name).filter(name => allKeywords().has(name) && word.test(name))
      );
  const error = new MismatchedTokenException(
    unexpectedMessage(found, block, suggestion),
    found,
    recognizer.LA(0)
  ) as MismatchedTokenException & { unexpected: UnexpectedElement };
  error.unexpected = { found: found.image, ...(suggestion ? { suggestion } : {}) };
  recognizer.SAVE_ERROR(error);
}
