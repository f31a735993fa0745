import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command, Diagnostic, Range } from 'vscode-languageserver';
import type { DiagnosticPayload } from '../language/checks/report.js';

const before = (a: Range['start'], b: Range['start']) =>
  a.line < b.line || (a.line === b.line && a.character <= b.character);
const overlaps = (a: Range, b: Range) => before(a.start, b.end) && before(b.start, a.end);

/**
 * Every diagnostic whose check knows the fix carries it in `data`; this turns it into a quick fix. The fixes are
 * read from the server's own diagnostics of the document at the asked range, not from those the client sends back:
 * a client may drop `data` on the way (Monaco's does).
 */
export class MatterCodeActionProvider implements CodeActionProvider {
  getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
    const actions: CodeAction[] = [];
    const seen = new Set<string>();
    const candidates: Diagnostic[] = [
      ...params.context.diagnostics,
      ...(document.diagnostics ?? []).filter(d => overlaps(d.range, params.range))
    ];
    for (const diagnostic of candidates) {
      const fix = (diagnostic.data as DiagnosticPayload | undefined)?.fix;
      if (!fix) continue;
      const key = `${fix.title}@${JSON.stringify(diagnostic.range)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      actions.push({
        title: fix.title,
        kind: 'quickfix',
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [document.textDocument.uri]: fix.edits } }
      });
    }
    return actions;
  }
}
