import { AstUtils, GrammarAST } from 'langium';
import { MatterLanguageGrammar } from './generated/grammar.js';

const cjk = /[\u3400-\u9FFF\uF900-\uFAFF]/;

let cached: ReadonlySet<string> | undefined;

/** Every keyword of the language, in both spellings. */
export function allKeywords(): ReadonlySet<string> {
  if (!cached) {
    const all = new Set<string>();
    for (const node of AstUtils.streamAllContents(MatterLanguageGrammar())) {
      if (GrammarAST.isKeyword(node)) all.add(node.value);
    }
    cached = all;
  }
  return cached;
}

/**
 * When a Chinese keyword is written without a space before a name (`由窗口`), the lexer reads one identifier.
 * Returns the keyword the identifier starts with, if one of the `expected` keywords does, leaving a non-empty rest.
 */
export function gluedKeyword(image: string, expected: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const keyword of expected) {
    if (!cjk.test(keyword)) continue;
    if (image.length > keyword.length && image.startsWith(keyword) && (!best || keyword.length > best.length)) {
      best = keyword;
    }
  }
  return best;
}

/**
 * A word made of two Chinese keywords glued together (`仅现场`), found where neither may stand as a name: the
 * first keyword, or undefined. For a keyword that may follow an element but starts none (`仅` after a step).
 */
export function gluedKeywordPair(image: string): string | undefined {
  return gluedKeyword(
    image,
    [...allKeywords()].filter(k => allKeywords().has(image.slice(k.length)))
  );
}

/** Whether a name would be read as a keyword and so cannot be written unquoted. */
export function isKeyword(text: string): boolean {
  return allKeywords().has(text);
}
