import { allKeywords } from './keywords.js';
import { MatterTerminals } from './generated/ast.js';

/**
 * The highlighting grammars for editors, generated from the grammar's keywords and terminals: Monarch for the
 * studio's Monaco, TextMate for VS Code. langium-cli's own Monarch output lists non-ASCII keywords under
 * `operators`, where its name rule (which runs first) never looks, so no Chinese keyword was coloured.
 *
 * A Chinese keyword is not bounded like an English word: `现场勘验` is one name, `事项建筑许可` one (mistaken) name.
 * The lexer reads the longest name it can and takes it as a keyword only when the whole of it is one, and so do
 * both grammars here: Monarch matches the name and looks it up among the keywords; TextMate accepts a keyword only
 * where no name character (or a bracketed part a name may carry) touches it on either side, and otherwise reads
 * the whole name, so that nothing inside it is taken for a keyword. A keyword glued to a name (`由窗口`) is thus
 * not coloured, as the lexer does not read it as a keyword either (the check reports it, with a fix).
 */

/** The spellings of the 待确认 marker, a hidden terminal of the grammar (so not among its keywords). */
export const toConfirmWords = ['待确认', 'tbc'] as const;

const idSource = MatterTerminals.ID.source;
const idPattern = new RegExp(`^(?:${idSource})$`, 'u');

/** Every word an author sees coloured as a keyword: name-shaped keywords and the 待确认 marker. */
export function wordKeywords(): string[] {
  const words = [...allKeywords()].filter(k => idPattern.test(k));
  return sortLongestFirst([...new Set([...words, ...toConfirmWords])]);
}

/** Keywords that are punctuation or operators: `{`, `，`, `>=`, `≥`. */
export function symbolKeywords(): string[] {
  return sortLongestFirst([...allKeywords()].filter(k => !idPattern.test(k)));
}

function sortLongestFirst(words: string[]): string[] {
  return words.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** The ID regex's continuation: what may follow inside a name (`(?:HEAD)(?:CONTINUATION)*`). */
function idContinuation(): string {
  const parts = /^\(\?:(.+?)\)\(\?:(.+)\)\*$/.exec(idSource);
  if (parts?.[2]) return parts[2];
  const simple = /^\[[^\]]+\](\[[^\]]+\])\*$/.exec(idSource);
  if (simple?.[1]) return simple[1];
  throw new Error(`the ID terminal has a shape the highlighting generator does not know: ${idSource}`);
}

/** Oniguruma reads `\uXXXX` differently from JavaScript; written as the characters, a range means the same in both. */
const literalUnicode = (source: string) =>
  source.replace(/\\u([0-9A-Fa-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** The TextMate pattern for every word keyword, bounded as the lexer bounds a name. */
export function textMateKeywordPattern(): string {
  const continuation = literalUnicode(idContinuation());
  const nameChars = /^\[([^\]]+)\]/.exec(continuation)?.[1] ?? 'A-Za-z0-9_';
  const closers = [...'）》】〕'].filter(c => continuation.includes(c)).join('');
  return `(?<![${nameChars}${closers}])(${wordKeywords().map(escape).join('|')})(?!${continuation})`;
}

/** The TextMate grammar (VS Code and other TextMate hosts). */
export function textMateGrammar(): object {
  const string = (name: string, begin: string, end: string) => ({
    name,
    begin,
    end,
    patterns: [{ include: '#string-character-escape' }]
  });
  return {
    name: 'matter',
    scopeName: 'source.matter',
    fileTypes: ['.matter'],
    patterns: [
      { include: '#comments' },
      string('string.quoted.triple.matter', '"""', '"""'),
      string('string.quoted.double.matter', '"', '"'),
      string('string.quoted.other.matter', '“', '”'),
      string('string.quoted.single.matter', "'", "'"),
      { name: 'keyword.control.matter', match: textMateKeywordPattern() },
      // A whole name, so that no keyword is found inside it (`（延期）`, `现场勘验`): the earliest match wins.
      { match: literalUnicode(idSource) },
      { name: 'constant.numeric.matter', match: '\\b\\d+(\\.\\d+)?\\b' }
    ],
    repository: {
      comments: {
        patterns: [
          {
            name: 'comment.block.matter',
            begin: '/\\*',
            beginCaptures: { 0: { name: 'punctuation.definition.comment.matter' } },
            end: '\\*/',
            endCaptures: { 0: { name: 'punctuation.definition.comment.matter' } }
          },
          { begin: '//', end: '(?=$)', name: 'comment.line.matter' }
        ]
      },
      'string-character-escape': {
        name: 'constant.character.escape.matter',
        match:
          '\\\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|u\\{[0-9A-Fa-f]+\\}|[0-2][0-7]{0,2}|3[0-6][0-7]?|37[0-7]?|[4-7][0-7]?|.|$)'
      }
    }
  };
}

const regex = (source: string) => `/${source}/`;

/**
 * The Monarch grammar's source, the module `syntaxes/matter.monarch.ts`: a default export of Monaco's
 * `IMonarchLanguage` shape (keywords, operators, symbols, tokenizer), as langium-cli wrote it, now with every
 * Chinese keyword among `keywords`.
 */
export function monarchSource(): string {
  const list = (words: string[]) => words.map(w => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(',');
  const t = MatterTerminals;
  const symbols = symbolKeywords().map(escape).join('|');
  return `// Monarch syntax highlighting for the matter language.
// Generated from the grammar by dsl/src/language/syntaxes.ts (npm run langium:generate); do not edit.
export default {
    keywords: [
        ${list(wordKeywords())}
    ],
    operators: [
        ${list(symbolKeywords())}
    ],
    ignoreCase: false,
    symbols: ${regex(symbols)},

    tokenizer: {
        initial: [
            { regex: ${regex(t.DATE.source)}, action: {"token":"number"} },
            { regex: ${regex(t.MONTH_DAY.source)}, action: {"token":"number"} },
            { regex: ${regex(t.TIME.source)}, action: {"token":"number"} },
            { regex: ${regex(t.NUMBER.source)}, action: {"token":"number"} },
            { regex: ${regex(t.ID.source)}, action: { cases: { '@keywords': {"token":"keyword"}, '@default': {"token":"ID"} }} },
            { regex: ${regex(t.STRING.source)}, action: {"token":"string"} },
            { include: '@whitespace' },
            { regex: /@symbols/, action: { cases: { '@operators': {"token":"operator"}, '@default': {"token":""} }} },
        ],
        whitespace: [
            { regex: ${regex(t.WS.source)}, action: {"token":"white"} },
            { regex: /\\/\\*/, action: {"token":"comment","next":"@comment"} },
            { regex: ${regex(t.SL_COMMENT.source)}, action: {"token":"comment"} },
        ],
        comment: [
            { regex: /[^/\\*]+/, action: {"token":"comment"} },
            { regex: /\\*\\//, action: {"token":"comment","next":"@pop"} },
            { regex: /[/\\*]/, action: {"token":"comment"} },
        ],
    }
};
`;
}
