import { GrammarAST, type AstNode } from 'langium';
import { MultilineCommentHoverProvider } from 'langium/lsp';
import type { Hover } from 'vscode-languageserver';

/**
 * Keywords show the doc comment written in front of them in the grammar, or in front of the nearest group
 * or rule that holds them, so both spellings of every keyword explain themselves in Chinese.
 */
export class MatterHoverProvider extends MultilineCommentHoverProvider {
  protected override getKeywordHoverContent(node: AstNode): Hover | undefined {
    let current: AstNode | undefined = node;
    while (current) {
      const comment = (current as AstNode & { $comment?: string }).$comment;
      if (comment) {
        const body = comment.replace(/^\/\*\*?[ \t]?/, '').replace(/\s*\*\/$/, '');
        // Only continuation lines start with ' * '; the first line may itself start with '**bold**'.
        const text = body
          .split('\n')
          .map((line, i) => (i === 0 ? line : line.replace(/^\s*\* ?/, '')))
          .join('\n')
          .trim();
        if (text) return { contents: { kind: 'markdown', value: text } };
      }
      if (GrammarAST.isParserRule(current)) break;
      current = current.$container;
    }
    return undefined;
  }
}
