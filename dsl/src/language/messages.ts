import type { IParserErrorMessageProvider, IToken, TokenType } from 'chevrotain';
import { allKeywords, gluedKeyword } from './keywords.js';

const terminalNames: Record<string, string> = {
  ID: '名称',
  STRING: '带引号的文字',
  NUMBER: '数字',
  DATE: '日期（如 2026-01-01）',
  MONTH_DAY: '月-日（如 05-31）',
  TIME: '时刻（如 09:00）',
  EOF: '文件结尾'
};

/** How a token type reads in a Chinese message: keywords in quotes, terminals by what they are. */
export function describeTokenType(type: TokenType): string {
  const name = type.name;
  if (isKeywordType(type)) return `“${name}”`;
  return terminalNames[name] ?? name;
}

/** Langium names keyword token types after the keyword itself; terminals after their rule. */
function isKeywordType(type: TokenType): boolean {
  return !(type.name in terminalNames) && allKeywords().has(type.name);
}

const topLevelKeywords = ['事项', '部门', '地区', '日历', '默认监察'];

function describeFound(token: IToken): string {
  if (token.tokenType?.name === 'EOF' || token.image === undefined || token.image === '') return '文件结尾';
  return `“${token.image}”`;
}

function keywordsOf(types: TokenType[]): string[] {
  return types.filter(isKeywordType).map(t => t.name);
}

/** Prefix of the message for a Chinese keyword glued to the name after it; the validator attaches the fix. */
export const GLUED_PREFIX = '关键字“';

/** The message for a Chinese keyword written without a space before the name after it. */
export function gluedMessage(image: string, keyword: string): string {
  const rest = image.slice(keyword.length);
  return `${GLUED_PREFIX}${keyword}”和后面的“${rest}”连在了一起：中文关键字和名称之间要加一个空格，写成“${keyword} ${rest}”。`;
}

const fullWidth = new Set(['｛', '｝', '（', '）', '，', '、', '：', '；', '＝', '＞', '＜', '≠', '≥', '≤']);

/** What to list as expected: Chinese keywords rather than their English twins, ASCII rather than full-width punctuation. */
function readable(types: TokenType[]): TokenType[] {
  const unique = [...new Map(types.map(t => [t.name, t])).values()];
  const hasChinese = unique.some(t => isKeywordType(t) && /[\u4e00-\u9fff]/.test(t.name));
  return unique.filter(t => !fullWidth.has(t.name) && !(hasChinese && isKeywordType(t) && /^[A-Za-z]+$/.test(t.name)));
}

function keywordAsName(image: string): string {
  return `“${image}”是关键字，不能直接用作名称：请换一个名称，或加引号写成 "${image}"。`;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

function listExpected(descriptions: string[]): string {
  const shown = unique(descriptions);
  if (shown.length <= 8) return shown.join('、');
  return `${shown.slice(0, 8).join('、')} 等`;
}

/** Parser messages in Chinese, for authors who are not programmers. */
export class ChineseParserErrorMessageProvider implements IParserErrorMessageProvider {
  buildMismatchTokenMessage(options: {
    expected: TokenType;
    actual: IToken;
    previous: IToken;
    ruleName: string;
  }): string {
    const { expected, actual } = options;
    if (actual.tokenType?.name === 'ID') {
      const candidates = expected.name === 'EOF' ? topLevelKeywords : keywordsOf([expected]);
      const glued = gluedKeyword(actual.image, candidates);
      if (glued) return gluedMessage(actual.image, glued);
    }
    if (expected.name === 'EOF')
      return this.buildNotAllInputParsedMessage({ firstRedundant: actual, ruleName: options.ruleName });
    if (expected.name === 'ID' && actual.tokenType && isKeywordType(actual.tokenType))
      return keywordAsName(actual.image);
    return `这里应写 ${describeTokenType(expected)}，但写的是 ${describeFound(actual)}。`;
  }

  buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
    const token = options.firstRedundant;
    if (token.tokenType?.name === 'ID') {
      const glued = gluedKeyword(token.image, topLevelKeywords);
      if (glued) return gluedMessage(token.image, glued);
    }
    return `无法理解 ${describeFound(options.firstRedundant)}：文件的每一部分都应以“事项”“部门”“地区”“日历”或“默认监察”开头，或者前面少了一个“}”。`;
  }

  buildNoViableAltMessage(options: {
    expectedPathsPerAlt: TokenType[][][];
    actual: IToken[];
    previous: IToken;
    customUserDescription?: string;
    ruleName: string;
  }): string {
    const firsts = options.expectedPathsPerAlt
      .flatMap(alt => alt.map(path => path[0]))
      .filter((t): t is TokenType => !!t);
    return this.expectedButFound(firsts, options.actual[0]);
  }

  buildEarlyExitMessage(options: {
    expectedIterationPaths: TokenType[][];
    actual: IToken[];
    previous: IToken;
    customUserDescription?: string;
    ruleName: string;
  }): string {
    const firsts = options.expectedIterationPaths.map(path => path[0]).filter((t): t is TokenType => !!t);
    return this.expectedButFound(firsts, options.actual[0]);
  }

  private expectedButFound(expected: TokenType[], actual: IToken | undefined): string {
    if (actual && actual.tokenType?.name === 'ID') {
      const glued = gluedKeyword(actual.image, keywordsOf(expected));
      if (glued) return gluedMessage(actual.image, glued);
    }
    if (actual?.tokenType && isKeywordType(actual.tokenType) && expected.some(t => t.name === 'ID'))
      return keywordAsName(actual.image);
    const found = actual ? describeFound(actual) : '文件结尾';
    return `这里应写 ${listExpected(readable(expected).map(describeTokenType))}，但写的是 ${found}。`;
  }
}

/** Lexer messages in Chinese. */
export class ChineseLexerErrorMessageProvider {
  buildUnexpectedCharactersMessage(fullText: string, startOffset: number, length: number): string {
    const text = fullText.substring(startOffset, startOffset + length);
    if (/^["“'][^\n]*$/.test(text)) return `引号没有配对：文字要写在一对引号之间，且不能跨行。`;
    return `无法识别的字符“${text}”。`;
  }

  buildUnableToPopLexerModeMessage(token: IToken): string {
    return `无法识别“${token.image}”。`;
  }
}
