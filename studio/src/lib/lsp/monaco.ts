/**
 * Monaco, loaded on demand (never at a module's top level: the prerender pass would try to bundle its workers):
 * the slim editor with its own features, the Matter language's colours, and the editor worker Monaco needs.
 */
import type * as MonacoApi from 'monaco-editor/editor/editor.api';

export type Monaco = typeof MonacoApi;

let loading: Promise<Monaco> | undefined;

export function loadMonaco(): Promise<Monaco> {
  loading ??= (async () => {
    const [monaco, , editorWorker, grammar] = await Promise.all([
      import('monaco-editor/editor/editor.api'),
      import('monaco-editor/features/register.all'),
      import('monaco-editor/editor/editor.worker?worker'),
      import('@banshi/dsl/monarch')
    ]);
    self.MonacoEnvironment = { getWorker: () => new editorWorker.default() };
    monaco.languages.register({ id: 'matter', extensions: ['.matter'], aliases: ['事项语言', 'Matter'] });
    monaco.languages.setMonarchTokensProvider('matter', matterColours(grammar.default));
    monaco.languages.setLanguageConfiguration('matter', {
      comments: { lineComment: '//', blockComment: ['/*', '*/'] },
      brackets: [
        ['{', '}'],
        ['｛', '｝'],
        ['(', ')'],
        ['（', '）']
      ],
      autoClosingPairs: [
        { open: '{', close: '}' },
        { open: '"', close: '"', notIn: ['string'] },
        { open: '“', close: '”', notIn: ['string'] }
      ]
    });
    return monaco;
  })();
  return loading;
}

interface Monarch {
  keywords: string[];
  operators?: string[];
  [key: string]: unknown;
}

/**
 * The Monarch grammar as the language ships it, with every Chinese keyword coloured as a keyword: the grammar
 * generator files words it cannot word-bound under `operators`.
 */
function matterColours(grammar: Monarch): MonacoApi.languages.IMonarchLanguage {
  const isWord = (w: string) => /^[\p{L}\p{N}]+$/u.test(w);
  const words = (grammar.operators ?? []).filter(isWord);
  const keywords = [...new Set([...grammar.keywords, ...words])];
  const operators = (grammar.operators ?? []).filter(w => !isWord(w));
  return { ...grammar, keywords, operators } as unknown as MonacoApi.languages.IMonarchLanguage;
}
