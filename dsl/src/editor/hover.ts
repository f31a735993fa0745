import { CstUtils, GrammarAST, type AstNode, type LangiumDocument } from 'langium';
import { MultilineCommentHoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import { MatterLanguageGrammar } from '../language/generated/grammar.js';

/** A doc comment as Markdown: without its delimiters and the ` * ` of its continuation lines. */
function commentText(comment: string): string {
  const body = comment.replace(/^\/\*\*?[ \t]?/, '').replace(/\s*\*\/$/, '');
  // Only continuation lines start with ' * '; the first line may itself start with '**bold**'.
  return body
    .split('\n')
    .map((line, i) => (i === 0 ? line : line.replace(/^\s*\* ?/, '')))
    .join('\n')
    .trim();
}

/** The 待确认 marker is a hidden terminal, not a keyword: its hover is the terminal's doc comment. */
const markerTerminal = 'TO_CONFIRM';

/**
 * Keywords show the doc comment written in front of them in the grammar, or in front of the nearest group
 * or rule that holds them, so both spellings of every keyword explain themselves in Chinese.
 */
export class MatterHoverProvider extends MultilineCommentHoverProvider {
  override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
    const root = document.parseResult.value.$cstNode;
    if (root) {
      const offset = document.textDocument.offsetAt(params.position);
      const marker = CstUtils.streamCst(root).find(
        n =>
          n.hidden &&
          (n as { tokenType?: { name: string } }).tokenType?.name === markerTerminal &&
          n.offset <= offset &&
          offset < n.end
      );
      const rule = marker ? MatterLanguageGrammar().rules.find(r => r.name === markerTerminal) : undefined;
      const comment = (rule as (AstNode & { $comment?: string }) | undefined)?.$comment;
      if (comment) return { contents: { kind: 'markdown', value: commentText(comment) } };
    }
    return super.getHoverContent(document, params);
  }

  protected override getKeywordHoverContent(node: AstNode): Hover | undefined {
    let current: AstNode | undefined = node;
    while (current) {
      const comment = (current as AstNode & { $comment?: string }).$comment;
      if (comment) {
        const text = commentText(comment);
        if (text) return { contents: { kind: 'markdown', value: text } };
      }
      if (GrammarAST.isParserRule(current)) break;
      current = current.$container;
    }
    return undefined;
  }
}
