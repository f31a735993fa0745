import { DefaultLexer, type LexerResult, type TokenizeOptions } from 'langium';
import { CONDITION_OPERATOR_LIMIT, oversizedCondition } from './condition-size.js';

/** How the lexer's message for an oversized condition begins: the document validator gives it its own code. */
export const TOO_COMPLEX_PREFIX = '条件过于复杂';

/**
 * Langium's lexer, refusing a condition too large to parse safely before the parser sees it: the text then has
 * no tokens, so nothing recursive runs on it, and one error says where and why.
 */
export class MatterLexer extends DefaultLexer {
  override tokenize(text: string, options?: TokenizeOptions): LexerResult {
    const result = super.tokenize(text, options);
    const token = oversizedCondition(result.tokens);
    if (!token) return result;
    return {
      tokens: [],
      hidden: [],
      errors: [
        ...result.errors,
        {
          offset: token.startOffset,
          line: token.startLine,
          column: token.startColumn,
          length: token.image.length,
          message: `${TOO_COMPLEX_PREFIX}：一个条件里的“且”“或”“非”和括号合计不能超过 ${CONDITION_OPERATOR_LIMIT} 个，这里是第 ${CONDITION_OPERATOR_LIMIT + 1} 个。请把它拆成几个条件，或在表单中用一个选项字段代替一长串“或”。`
        }
      ],
      report: result.report
    };
  }
}
