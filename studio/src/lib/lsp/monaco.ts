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
    // The language's own Monarch grammar, generated from its keywords, Chinese and English (dsl/syntaxes).
    monaco.languages.setMonarchTokensProvider(
      'matter',
      grammar.default as unknown as MonacoApi.languages.IMonarchLanguage
    );
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
