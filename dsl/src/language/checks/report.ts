import type { AstNode, Properties, ValidationAcceptor } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import type { IssueCode } from '../issue-codes.js';

/** A text edit that a quick fix applies. */
export interface FixEdit {
  range: Range;
  newText: string;
}

/** A one-click fix that travels with a diagnostic in its `data`. */
export interface Fix {
  title: string;
  edits: FixEdit[];
}

/** What every Banshi diagnostic carries in `data`: its code and, when the check knows it, a fix. */
export interface DiagnosticPayload {
  code: IssueCode;
  fix?: Fix;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Reports a diagnostic with its code at the node, or at one of its properties. */
export function report<N extends AstNode>(
  accept: ValidationAcceptor,
  severity: Severity,
  code: IssueCode,
  message: string,
  node: N,
  where: { property?: Properties<N>; index?: number; range?: Range; fix?: Fix } = {}
): void {
  const data: DiagnosticPayload = where.fix ? { code, fix: where.fix } : { code };
  accept(severity, message, {
    node,
    ...(where.property !== undefined ? { property: where.property } : {}),
    ...(where.index !== undefined ? { index: where.index } : {}),
    ...(where.range !== undefined ? { range: where.range } : {}),
    code,
    data
  });
}
