import type { IToken } from 'chevrotain';

/**
 * How many `且`/`或`/`非` and opening brackets one condition may hold. A condition is the one part of the language
 * that nests without bound: each bracket or `非` is a level of the parser's recursion, and a chain of `且`/`或` is a
 * tree as deep as it is long. A few hundred levels exhaust the stack of the parser, of Langium's tree walks and of the
 * engine that evaluates the condition, in Node as in the studio's web worker (security-audit §1.7). 64 is far
 * beyond any condition a guide needs and a third of the depth at which the parser's stack gave out in our tests.
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
