import type { Diagnostic } from 'vscode-languageserver-types';
import { planLoad } from './files.js';
import { compileWorkspace, type CompiledWorkspace } from '../compile/index.js';
import { loadWorkspace, type LoadProgress } from './load.js';

export interface FolderProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  code: string;
}

/**
 * Loads, checks and compiles every `.matter` file of a folder (a catalogue); errors come back, not thrown.
 * `progress` hears of each file as it is parsed (a first start reports it).
 */
export async function compileFolder(
  folder: string,
  progress?: LoadProgress
): Promise<CompiledWorkspace & { errors: FolderProblem[] }> {
  const plan = planLoad([folder]);
  const workspace = await loadWorkspace(plan.files, undefined, progress);
  const errors: FolderProblem[] = workspace.documents.flatMap(document =>
    (document.diagnostics ?? [])
      .filter((d: Diagnostic) => d.severity === 1)
      .map(d => ({
        file: document.uri.fsPath,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        message: typeof d.message === 'string' ? d.message : d.message.value,
        code: String(d.code ?? '')
      }))
  );
  return { ...compileWorkspace(workspace.documents, plan.root), errors };
}
