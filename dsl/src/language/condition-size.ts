import type { IToken } from 'chevrotain';

/**
 * How many `且`/`或`/`非` and opening brackets one condition may hold. A condition is the one part of the language
 * that nests without bound: each bracket or `非` is a level of the parser's recursion, and a chain of `且`/`或` is a
 * tree as deep as it is long (security-audit §1.7). Measured in Node: brackets ran the parser out of stack between
 * 150 and 300 deep (earlier when the code is not yet optimised), a chain of 5,000 `且` ran Langium's
 * linkContentToContainer out. 64 is far beyond any condition a guide needs and under half the shallowest of those.
 */
export const CONDITION_OPERATOR_LIMIT = 64;

/** The tokens a condition is made of: names, values, comparisons, brackets and the three operators. */
const conditionKeywords = new Set([
  '且',
  'and',
  '或',
  'or',
  '非',
  'not',
  '(',
  '（',
  ')',
  '）',
  '=',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  '≠',
  '≥',
  '≤',
  '＝',
  '＞',
  '＜',
  'true',
  'false',
  '是',
  '否'
]);
const conditionTerminals = new Set(['ID', 'STRING', 'NUMBER']);
/** What adds a level to a condition's tree. */
const operators = new Set(['且', 'and', '或', 'or', '非', 'not', '(', '（']);

/**
 * The first operator beyond the limit in a run of condition tokens, if any. A run ends at any other token (a
 * keyword such as `当`, a brace, a colon), so it holds one condition and at most the names and texts next to it:
 * the operators counted in a run are those of one condition.
 */
export function oversizedCondition(tokens: readonly IToken[]): IToken | undefined {
  let count = 0;
  for (const token of tokens) {
    const name = token.tokenType.name;
    if (!conditionKeywords.has(name) && !conditionTerminals.has(name)) {
      count = 0;
      continue;
    }
    if (operators.has(name) && ++count > CONDITION_OPERATOR_LIMIT) return token;
  }
  return undefined;
}
