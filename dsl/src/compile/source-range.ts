import { AstUtils, type AstNode } from 'langium';
import type { SourceRange } from '@banshi/definition';

/** The node's place in its file, with the file relative to the workspace root so output is deterministic. */
export function sourceRange(node: AstNode, root: string): SourceRange {
  const document = AstUtils.getDocument(node);
  const path = document.uri.path;
  const prefix = root.endsWith('/') ? root : `${root}/`;
  const file = path.startsWith(prefix) ? path.slice(prefix.length) : (path.split('/').pop() ?? path);
  const range = node.$cstNode?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    file,
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1
  };
}
