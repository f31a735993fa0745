import type { LangiumDocument, MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import type { CodeAction, CodeActionParams, Command } from 'vscode-languageserver';
import type { DiagnosticPayload } from '../language/checks/report.js';

/** Every diagnostic whose check knows the fix carries it in `data`; this turns it into a quick fix. */
export class MatterCodeActionProvider implements CodeActionProvider {
  getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      const fix = (diagnostic.data as DiagnosticPayload | undefined)?.fix;
      if (!fix) continue;
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
